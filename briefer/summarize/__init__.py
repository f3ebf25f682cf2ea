"""Sentence rankers by name, all with sumy's call signature: ``summarizer(document, count)``.

A plain name (``lexrank``) means the ranker the project ships under that name; ``sumy:NAME`` always
means sumy's own class, so both can be compared side by side through the same tokenizer.
Every ranker can rate *all* sentences (`rate_sentences`), which the briefing needs: one article can
feed several themes, so each theme picks its best sentences from the article's full ranking.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sumy.models.dom import ObjectDocumentModel, Paragraph
from sumy.models.dom import Sentence as SumySentence
from sumy.summarizers._summarizer import AbstractSummarizer

from ..errors import UsageError
from ..text import Tokenizer, stemmer_for, stop_words
from .lead import LeadSummarizer


def _sumy_classes() -> dict[str, Callable[[], type[AbstractSummarizer]]]:
    # Imported lazily: a few of sumy's modules are slow to import and most runs use one ranker.
    def load(module: str, cls: str) -> Callable[[], type[AbstractSummarizer]]:
        def get() -> type[AbstractSummarizer]:
            import importlib

            return getattr(importlib.import_module(f"sumy.summarizers.{module}"), cls)

        return get

    return {
        "lexrank": load("lex_rank", "LexRankSummarizer"),
        "textrank": load("text_rank", "TextRankSummarizer"),
        "lsa": load("lsa", "LsaSummarizer"),
        "luhn": load("luhn", "LuhnSummarizer"),
        "kl": load("kl", "KLSummarizer"),
        "sumbasic": load("sum_basic", "SumBasicSummarizer"),
    }


SUMY_ALGORITHMS = _sumy_classes()

def _own(module: str, cls: str) -> Callable[[], type[AbstractSummarizer]]:
    def get() -> type[AbstractSummarizer]:
        import importlib

        return getattr(importlib.import_module(f"{__name__}.{module}"), cls)

    return get


# The project's own rankers by name: `lexrank` and `textrank` are vectorised rewrites that choose
# the same sentences as sumy's; `news` is the default; `lead` is the baseline that takes sentences in
# article order. Other plain names are still sumy's implementation.
OWN_ALGORITHMS: dict[str, Callable[[], type[AbstractSummarizer]]] = {
    **SUMY_ALGORITHMS,
    "lexrank": _own("lexrank", "LexRankSummarizer"),
    "textrank": _own("textrank", "TextRankSummarizer"),
    "news": _own("news", "NewsSummarizer"),
    "lead": lambda: LeadSummarizer,
}

DEFAULT_ALGORITHM = "news"


def algorithm_names() -> list[str]:
    """Every name `get_summarizer` accepts."""
    return [*OWN_ALGORITHMS, *(f"sumy:{name}" for name in SUMY_ALGORITHMS)]


def get_summarizer(name: str, language: str = "english") -> AbstractSummarizer:
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


def build_document(paragraphs: Sequence[Sequence[str]], tokenizer: Tokenizer,
                   title: str | None = None) -> ObjectDocumentModel:
    """A sumy document from already split sentences, one list per paragraph.

    Built directly rather than with sumy's PlaintextParser, which would take a line in capitals
    for a heading and split sentences again. A title becomes the document's heading: not one of
    its sentences (never chosen), but rankers that read headings (`news`) compare sentences with it.
    """
    heading = [Paragraph([SumySentence(title, tokenizer, is_heading=True)])] if title and title.strip() else []
    return ObjectDocumentModel(
        heading + [Paragraph([SumySentence(s, tokenizer) for s in paragraph]) for paragraph in paragraphs if paragraph]
    )


def rate_sentences(summarizer: AbstractSummarizer, document: ObjectDocumentModel) -> list[float]:
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
