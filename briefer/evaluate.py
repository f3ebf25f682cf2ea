"""`briefer eval`: ROUGE and speed of rankers on a set of articles with reference summaries.

The dataset is JSON Lines: one object a line with `text` (the article) and `summary` (the reference
sentences, newline-joined), and optionally `title`. Each ranker summarises every article through
the same tokenizer; the score is ROUGE-1, ROUGE-2 and ROUGE-Lsum F1 x 100 from rouge-score with
stemming on (summary sentences newline-joined for ROUGE-Lsum), averaged over the articles; the
speed is articles per second for tokenizing and ranking alone (ROUGE scoring is not timed), from
the first article on: nothing is warmed up untimed, so a ranker that runs first in a fresh process
pays for stemming every word the first time, as a daily `briefer run` does.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from .errors import UsageError
from .summarize import build_document, get_summarizer
from .text import Tokenizer

ROUGE_TYPES = ("rouge1", "rouge2", "rougeLsum")


@dataclass(frozen=True)
class Example:
    text: str
    summary: str
    title: str | None = None


@dataclass(frozen=True)
class Result:
    """One ranker's scores on a dataset (ROUGE as F1 x 100)."""

    algorithm: str
    rouge1: float
    rouge2: float
    rougeLsum: float  # noqa: N815 (rouge-score's name, and the JSON field's)
    articles_per_second: float
    articles: int

    def as_dict(self) -> dict[str, float | int | str]:
        return asdict(self)


def load_dataset(path: Path, limit: int | None = None) -> list[Example]:
    """The examples of a JSON Lines file; a bad line is a UsageError naming the file and line."""
    try:
        handle = path.open(encoding="utf-8")
    except FileNotFoundError:
        raise UsageError(f"{path}: no such file (DATASET)") from None
    except OSError as exc:
        raise UsageError(f"{path}: cannot read it ({exc.strerror})") from None
    examples: list[Example] = []
    with handle:
        for number, line in enumerate(handle, 1):
            if limit is not None and len(examples) >= limit:
                break
            if not line.strip():
                continue
            try:
                data = json.loads(line)
            except json.JSONDecodeError as exc:
                raise UsageError(f"{path}:{number}: not valid JSON ({exc.msg})") from None
            except UnicodeDecodeError:
                raise UsageError(f"{path}:{number}: not UTF-8 text") from None
            if not isinstance(data, dict) or not isinstance(data.get("text"), str) \
                    or not isinstance(data.get("summary"), str):
                raise UsageError(f"{path}:{number}: expected an object with string fields `text` and `summary`")
            title = data.get("title")
            examples.append(Example(data["text"], data["summary"], title if isinstance(title, str) else None))
    if not examples:
        raise UsageError(f"{path}: no examples (one JSON object a line, with `text` and `summary`)")
    return examples


def rouge_scorer():
    """rouge-score's scorer for our three measures, stemming on."""
    from rouge_score import rouge_scorer as module

    return module.RougeScorer(list(ROUGE_TYPES), use_stemmer=True)


def summarize_all(examples: Sequence[Example], algorithm: str, count: int | str, language: str = "english",
                  progress: Callable[[Iterable[Example]], Iterable[Example]] | None = None) -> tuple[list[list[str]], float]:
    """Every example's summary sentences with one ranker, and the seconds spent tokenizing and ranking."""
    summarizer = get_summarizer(algorithm, language)
    tokenizer = Tokenizer(language)
    summaries: list[list[str]] = []
    spent = 0.0
    for example in progress(examples) if progress else examples:
        start = time.perf_counter()
        paragraphs = [tokenizer.to_sentences(p) for p in example.text.split("\n\n")]
        document = build_document(paragraphs, tokenizer, title=example.title)
        chosen = summarizer(document, count) if document.sentences else ()
        spent += time.perf_counter() - start
        summaries.append([str(s) for s in chosen])
    return summaries, spent


def score_summaries(examples: Sequence[Example], summaries: Sequence[Sequence[str]]) -> dict[str, float]:
    """Mean ROUGE F1 x 100 of the summaries against the references."""
    scorer = rouge_scorer()
    totals = dict.fromkeys(ROUGE_TYPES, 0.0)
    for example, summary in zip(examples, summaries):
        scores = scorer.score(example.summary, "\n".join(summary))
        for key in ROUGE_TYPES:
            totals[key] += scores[key].fmeasure
    return {key: round(100.0 * value / max(len(examples), 1), 2) for key, value in totals.items()}


def evaluate(examples: Sequence[Example], algorithms: Sequence[str], count: int | str = 3,
             language: str = "english", show_progress: bool | None = None) -> list[Result]:
    """Each ranker's ROUGE and speed on the examples, in the order given.

    A progress bar (tqdm, on stderr) shows only when stderr is a terminal, unless told otherwise.
    """
    for name in algorithms:
        get_summarizer(name, language)  # an unknown name fails before any work
    if show_progress is None:
        show_progress = sys.stderr.isatty()
    results = []
    for name in algorithms:
        progress = None
        if show_progress:
            from tqdm import tqdm

            def progress(items: Iterable[Example], name: str = name) -> Iterable[Example]:
                return tqdm(items, desc=name, total=len(examples), unit="article", leave=False)

        summaries, seconds = summarize_all(examples, name, count, language, progress)
        scores = score_summaries(examples, summaries)
        results.append(Result(algorithm=name, **scores, articles=len(examples),
                              articles_per_second=round(len(examples) / seconds, 1) if seconds else 0.0))
    return results


def format_table(results: Sequence[Result]) -> str:
    """The results as an aligned text table, one ranker a line."""
    header = ("algorithm", "ROUGE-1", "ROUGE-2", "ROUGE-Lsum", "articles/s")
    rows = [(r.algorithm, f"{r.rouge1:.2f}", f"{r.rouge2:.2f}", f"{r.rougeLsum:.2f}", f"{r.articles_per_second:,.0f}")
            for r in results]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(w) if i == 0 else cell.rjust(w) for i, (cell, w) in enumerate(zip(row, widths)))
             for row in [header, *rows]]
    return "\n".join(lines)
