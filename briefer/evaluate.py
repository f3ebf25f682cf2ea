"""`briefer eval`: ROUGE and speed of rankers on a set of articles with reference summaries.

The dataset is JSON Lines: one object a line with `text` (the article) and `summary` (the reference
sentences, newline-joined), and optionally `title` and `language` (a name or ISO code; default:
the language given to `evaluate`, or each article's own, detected, for "auto"). Each ranker
summarises every article through the same tokenizer; the score is ROUGE-1, ROUGE-2 and ROUGE-Lsum F1 x 100 from rouge-score with
stemming on (summary sentences newline-joined for ROUGE-Lsum), averaged over the articles; the
speed is articles per second for tokenizing and ranking alone (ROUGE scoring is not timed), from
the first article on: nothing is warmed up untimed, so a ranker that runs first in a fresh process
pays for stemming every word the first time, as a daily `briefer run` does.

rouge-score's own tokenizer keeps only a-z and 0-9, so it is used for English alone (its figures stay
comparable with the papers'); other languages are scored on Unicode words, stemmed in their
language, and Chinese on characters, as the LCSTS papers do.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from .errors import UsageError
from .summarize import build_document, get_summarizer
from .text import Tokenizer

ROUGE_TYPES = ("rouge1", "rouge2", "rougeLsum")


@dataclass(frozen=True)
class Example:
    text: str
    summary: str
    title: str | None = None
    language: str | None = None
    """The ISO code of the article's language, when the dataset line gives one."""


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
            examples.append(Example(data["text"], data["summary"], title if isinstance(title, str) else None,
                                    _line_language(data.get("language"), path, number)))
    if not examples:
        raise UsageError(f"{path}: no examples (one JSON object a line, with `text` and `summary`)")
    return examples


def _line_language(value: object, path: Path, number: int) -> str | None:
    if value is None:
        return None
    from .errors import ConfigError
    from .languages import language_code

    try:
        return language_code(str(value))
    except ConfigError as exc:
        raise UsageError(f"{path}:{number}: {exc}") from None


class UnicodeTokens:
    """rouge-score's tokenizer interface for a language other than English: Unicode words,
    lowercased and stemmed in the language, or single characters for Chinese."""

    def __init__(self, language: str) -> None:
        from .text import language_rules, stemmer_for

        self._rules = language_rules(language)
        self._stem = stemmer_for(self._rules.iso)

    def tokenize(self, text: str) -> list[str]:
        import re

        if self._rules.cjk:
            return [c for c in text if c.isalnum()]
        return [self._stem(w.lower()) for w in re.findall(r"[^\W_]+", text)]


def rouge_scorer(language: str = "en"):
    """rouge-score's scorer for our three measures, stemming on (see the module's note on languages)."""
    from rouge_score import rouge_scorer as module

    from .text import language_rules

    if language_rules(language).iso == "en":
        return module.RougeScorer(list(ROUGE_TYPES), use_stemmer=True)
    return module.RougeScorer(list(ROUGE_TYPES), tokenizer=UnicodeTokens(language))


def example_language(example: Example, language: str) -> str:
    """The example's own language, else `language` ("auto": detected from its text)."""
    from .languages.detect import detect_language

    if example.language:
        return example.language
    return detect_language(example.text) if language == "auto" else language


def summarize_all(examples: Sequence[Example], algorithm: str, count: int | str, language: str = "english",
                  progress: Callable[[Iterable[Example]], Iterable[Example]] | None = None) -> tuple[list[list[str]], float]:
    """Every example's summary sentences with one ranker, and the seconds spent tokenizing and ranking."""
    rankers: dict[str, tuple[object, Tokenizer]] = {}

    def ranker(example: Example):
        code = example_language(example, language)
        if code not in rankers:
            rankers[code] = (get_summarizer(algorithm, code), Tokenizer(code))
        return rankers[code]

    summaries: list[list[str]] = []
    spent = 0.0
    for example in progress(examples) if progress else examples:
        summarizer, tokenizer = ranker(example)
        start = time.perf_counter()
        paragraphs = [tokenizer.to_sentences(p) for p in example.text.split("\n\n")]
        document = build_document(paragraphs, tokenizer, title=example.title)
        chosen = summarizer(document, count) if document.sentences else ()
        spent += time.perf_counter() - start
        summaries.append([str(s) for s in chosen])
    return summaries, spent


def score_summaries(examples: Sequence[Example], summaries: Sequence[Sequence[str]],
                    language: str = "english") -> dict[str, float]:
    """Mean ROUGE F1 x 100 of the summaries against the references, each in its language."""
    scorers: dict[str, Any] = {}
    totals = dict.fromkeys(ROUGE_TYPES, 0.0)
    for example, summary in zip(examples, summaries):
        code = example_language(example, language)
        if code not in scorers:
            scorers[code] = rouge_scorer(code)
        scorer = scorers[code]
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
        get_summarizer(name)  # an unknown name fails before any work
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
        scores = score_summaries(examples, summaries, language)
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
