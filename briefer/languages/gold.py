"""Gold sentence splits (tests/data/sentences/news_<iso>.txt) and the splitter's precision and
recall against them: shared by the tests and benchmarks/languages.py."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

HELD_OUT = "# --- held-out"
"""Below this line a corpus is held out: the splitter is measured on it but never tuned on it."""


def load_corpus(path: Path, *, part: str = "all") -> list[list[str]]:
    """The gold paragraphs of a corpus file as lists of sentences; `part` is all, tuned or held-out."""
    paragraphs: list[list[str]] = []
    current: list[str] = []
    held_out = False
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith(HELD_OUT):
            held_out = True
        if line.startswith("#") or (part == "tuned" and held_out) or (part == "held-out" and not held_out):
            if current and line.startswith(HELD_OUT):
                paragraphs.append(current)
                current = []
            continue
        if line.strip():
            current.append(line.strip())
        elif current:
            paragraphs.append(current)
            current = []
    if current:
        paragraphs.append(current)
    return paragraphs


def boundaries(text: str, sentences: list[str]) -> set[int]:
    """Offsets in `text` where one sentence ends and another follows."""
    offsets: set[int] = set()
    position = 0
    for sentence in sentences[:-1]:
        position = text.index(sentence, position) + len(sentence)
        offsets.add(position)
    return offsets


def precision_recall(paragraphs: list[list[str]], split: Callable[[str], list[str]]) -> tuple[float, float]:
    """Boundary precision and recall of `split` on the gold paragraphs (each joined with spaces)."""
    found = correct = expected = 0
    for gold in paragraphs:
        text = " ".join(gold)
        want = boundaries(text, gold)
        got = boundaries(text, list(split(text)))
        found += len(got)
        expected += len(want)
        correct += len(got & want)
    return (correct / found if found else 1.0), (correct / expected if expected else 1.0)
