"""Gold sentence splits (tests/data/sentences/news_<iso>.txt) and the splitter's precision and
recall against them: shared by the tests and benchmarks/languages.py.

A corpus has three kinds of part: the parts the rules were tuned on (the file's start, and each
part after '# --- tuned'), the team's first held-out part after '# --- held-out' (never tuned on
when written, its errors looked at since) and the fresh held-out part after '# --- fresh held-out'
(written after the rules were last tuned, measured blind before any rule changed).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

HELD_OUT = "# --- held-out"
"""Below this line a corpus is held out: the splitter is measured on it but never tuned on it."""
FRESH = "# --- fresh held-out"
"""Below this line a corpus holds its fresh held-out part (written after the last tuning)."""
TUNED = "# --- tuned"
"""Below this line a corpus goes on with sentences the rules were tuned on."""
PARTS = ("all", "tuned", "held-out", "fresh")
_PART_AFTER = {HELD_OUT: "held-out", FRESH: "fresh", TUNED: "tuned"}


def load_corpus(path: Path, *, part: str = "all") -> list[list[str]]:
    """The gold paragraphs of a corpus file as lists of sentences; `part` is one of `PARTS`."""
    if part not in PARTS:
        raise ValueError(f"part {part!r}: expected one of {', '.join(PARTS)}")
    paragraphs: list[list[str]] = []
    current: list[str] = []
    here = "tuned"
    for line in path.read_text(encoding="utf-8").splitlines():
        marker = _PART_AFTER.get(line.strip())
        if marker or (current and not line.strip()):
            if current:
                paragraphs.append(current)
            current = []
            here = marker or here
            continue
        if line.startswith("#") or not line.strip() or part not in ("all", here):
            continue
        current.append(line.strip())
    if current:
        paragraphs.append(current)
    return paragraphs


def joiner(path: Path) -> str:
    """How a corpus joins a paragraph's sentences into splitter input: no space for Chinese."""
    return "" if path.stem.removeprefix("news_").split("_")[0] in ("zh", "ja") else " "


def boundaries(text: str, sentences: list[str]) -> set[int]:
    """Offsets in `text` where one sentence ends and another follows."""
    offsets: set[int] = set()
    position = 0
    for sentence in sentences[:-1]:
        position = text.index(sentence, position) + len(sentence)
        offsets.add(position)
    return offsets


@dataclass(frozen=True)
class SplitError:
    """One wrong boundary: `missed` (gold has it, the splitter does not) or `extra` (the reverse)."""

    kind: str
    before: str
    after: str

    def __str__(self) -> str:
        return f"{self.kind:<6} …{self.before} ‖ {self.after}…"


def _compare(paragraphs: list[list[str]], split: Callable[[str], list[str]], sep: str
             ) -> Iterator[tuple[str, set[int], set[int]]]:
    """Each gold paragraph's text (sentences joined with `sep`), its gold and its split boundaries."""
    for gold in paragraphs:
        text = sep.join(gold)
        yield text, boundaries(text, gold), boundaries(text, list(split(text)))


def split_errors(paragraphs: list[list[str]], split: Callable[[str], list[str]], sep: str = " ",
                 context: int = 40) -> list[SplitError]:
    """Every missed and extra boundary, with `context` characters either side."""
    errors: list[SplitError] = []
    for text, want, got in _compare(paragraphs, split, sep):
        for kind, offsets in (("missed", want - got), ("extra", got - want)):
            errors += [SplitError(kind, text[max(0, o - context): o], text[o: o + context].lstrip())
                       for o in sorted(offsets)]
    return errors


def precision_recall(paragraphs: list[list[str]], split: Callable[[str], list[str]],
                     sep: str = " ") -> tuple[float, float]:
    """Boundary precision and recall of `split` on the gold paragraphs (each joined with `sep`)."""
    found = correct = expected = 0
    for _, want, got in _compare(paragraphs, split, sep):
        found += len(got)
        expected += len(want)
        correct += len(got & want)
    return (correct / found if found else 1.0), (correct / expected if expected else 1.0)
