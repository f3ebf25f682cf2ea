"""Sentence rankers by name, all with sumy's call signature: ``summarizer(document, count)``.

A plain name (``lexrank``) means the ranker the project ships under that name; ``sumy:NAME`` always
means sumy's own class, so both can be compared side by side through the same tokenizer.
Every ranker can rate *all* sentences (`rate_sentences`), which the briefing needs: one article can
feed several themes, so each theme picks its best sentences from the article's full ranking.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from typing import Any

from ..deferred import defer_import

defer_import("requests")  # sumy.utils imports it for a URL helper briefer never calls (briefer/deferred.py)

from sumy.models.dom import ObjectDocumentModel, Paragraph  # noqa: E402
from sumy.models.dom import Sentence as SumySentence  # noqa: E402

from ..errors import UsageError  # noqa: E402
from ..text import Tokenizer, stemmer_for, stop_words  # noqa: E402
from .protocol import Summarizer  # noqa: E402

RankerClass = Callable[[Callable[[str], str]], Summarizer]
"""A ranker's class: called with a stemmer, it gives a summarizer."""


def _lazy(module: str, cls: str) -> Callable[[], RankerClass]:
    """The class `cls` of `module`, imported when first asked for: sumy's summarizers import nltk
    (about a second), numpy-based ones numpy, and a run uses one ranker."""
    def get() -> RankerClass:
        return getattr(importlib.import_module(module), cls)

    return get


SUMY_ALGORITHMS: dict[str, Callable[[], RankerClass]] = {
    name: _lazy(f"sumy.summarizers.{module}", cls) for name, module, cls in (
        ("lexrank", "lex_rank", "LexRankSummarizer"),
        ("textrank", "text_rank", "TextRankSummarizer"),
        ("lsa", "lsa", "LsaSummarizer"),
        ("luhn", "luhn", "LuhnSummarizer"),
        ("kl", "kl", "KLSummarizer"),
        ("sumbasic", "sum_basic", "SumBasicSummarizer"),
    )
}

# The project's own rankers by name: `lexrank` and `textrank` are vectorised rewrites that choose
# the same sentences as sumy's; `news` is the default; `lead` is the baseline that takes sentences in
# article order. Other plain names are still sumy's implementation.
OWN_ALGORITHMS: dict[str, Callable[[], RankerClass]] = {
    **SUMY_ALGORITHMS,
    "lexrank": _lazy(f"{__name__}.lexrank", "LexRankSummarizer"),
    "textrank": _lazy(f"{__name__}.textrank", "TextRankSummarizer"),
    "news": _lazy(f"{__name__}.news", "NewsSummarizer"),
    "lead": _lazy(f"{__name__}.lead", "LeadSummarizer"),
}

DEFAULT_ALGORITHM = "news"


def algorithm_names() -> list[str]:
    """Every name `get_summarizer` accepts."""
    return [*OWN_ALGORITHMS, *(f"sumy:{name}" for name in SUMY_ALGORITHMS)]


def get_summarizer(name: str, language: str = "english") -> Summarizer:
    """A ready summarizer (stemmer and stop words set) for a ranker name."""
    key = name.strip().lower()
    table = SUMY_ALGORITHMS if key.startswith("sumy:") else OWN_ALGORITHMS
    factory = table.get(key.removeprefix("sumy:"))
    if factory is None:
        raise UsageError(f"unknown algorithm {name!r}; expected one of: {', '.join(algorithm_names())}")
    summarizer = factory()(stemmer_for(language))
    if hasattr(summarizer, "stop_words"):
        summarizer.stop_words = stop_words(language)
    return summarizer


MAX_RANKED = 1000
"""At most this many sentences of an article are ranked: its first ones; the rest are left out.

Every ranker compares sentences with each other, ours through a (sentences x sentences) matrix
(8 MB at 1,000 sentences, 3 GB at 20,000: a 2 MB page of text took 74 s and 7.3 GB before this
bound, and a 4 MB one ran out of memory), sumy's through a loop over every pair; and the briefing
compares an article's sentences again when it links stories. News puts its point first: the
longest article of the CNN/DailyMail dev set has 109 sentences, and `news` never chose one past
the 51st, so the first thousand hold the summary of anything written as news. The cut is
reported: a warning from `summarize`, a line under "Skipped" in the briefing (`ranking_cut`).
"""


def build_document(paragraphs: Sequence[Sequence[str]], tokenizer: Tokenizer,
                   title: str | None = None, limit: int = MAX_RANKED) -> ObjectDocumentModel:
    """A sumy document from already split sentences, one list per paragraph, holding at most
    `limit` sentences (the first ones).

    Built directly rather than with sumy's PlaintextParser, which would take a line in capitals
    for a heading and split sentences again. A title becomes the document's heading: not one of
    its sentences (never chosen), but rankers that read headings (`news`) compare sentences with it.
    """
    heading = [Paragraph([SumySentence(title, tokenizer, is_heading=True)])] if title and title.strip() else []
    body: list[Paragraph] = []
    room = limit
    for paragraph in paragraphs:
        if room <= 0:
            break
        if paragraph:
            body.append(Paragraph([SumySentence(s, tokenizer) for s in paragraph[:room]]))
            room -= len(paragraph)
    return ObjectDocumentModel(heading + body)


def ranking_cut(sentence_count: int, limit: int = MAX_RANKED) -> str | None:
    """Why an article of `sentence_count` sentences is not ranked whole (None when it is)."""
    if sentence_count <= limit:
        return None
    return f"{sentence_count:,} sentences: only the first {limit:,} are ranked and briefed"


def rate_sentences(summarizer: Summarizer, document: ObjectDocumentModel) -> list[float]:
    """The rating of every sentence of `document`, in document order.

    sumy's summarizers sort all sentences by rating and then apply the count; a callable count
    sees every (sentence, order, rating) triple, which is how we read all ratings through the
    public call signature of any sumy-compatible summarizer.
    """
    sentences = document.sentences
    ratings = [0.0] * len(sentences)

    def capture(infos: Sequence[Any]) -> Sequence[Any]:
        for info in infos:
            ratings[info.order] = float(info.rating)
        return infos

    if sentences:
        summarizer(document, capture)
    return ratings


def parse_count(value: str | int) -> int | str:
    """A sentence count as sumy takes it: a positive whole number, or a percentage such as "20%"."""
    text = str(value).strip()
    if text.endswith("%"):
        number = text[:-1]
        if number.isdigit() and 0 < int(number) <= 100:
            return text
        raise UsageError(f"ratio {value!r}: expected a percentage between 1% and 100%, such as 20%")
    if text.isdigit() and int(text) > 0:
        return int(text)
    raise UsageError(f"count {value!r}: expected a positive whole number or a percentage such as 20%")


def count_to_number(count: int | str, total: int) -> int:
    """How many sentences a count means for a document of `total` sentences (at least one)."""
    if isinstance(count, str):
        return max(1, total * int(count[:-1]) // 100) if total else 0
    return min(count, total)
