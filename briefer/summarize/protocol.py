"""What makes a ranker: sumy's call signature over sumy's document model, and what ours share.

Every ranker, ours or sumy's, is a `Summarizer`: called as ``summarizer(document, sentences_count)``
on a `sumy.models.dom.ObjectDocumentModel`, it returns the chosen sentences in document order. Ours
do not derive from sumy's `AbstractSummarizer`: the only public way to import it
(`sumy.summarizers`) loads sumy's stemmers and with them all of nltk, about a second of start-up
that `briefer summarize` would pay for nothing. `StemmingSummarizer` keeps its interface (a stemmer
given to the constructor, `stop_words` set after), so our classes drop in wherever sumy's do.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from operator import attrgetter
from typing import NamedTuple, Protocol

from sumy.models.dom import ObjectDocumentModel
from sumy.models.dom import Sentence as SumySentence
from sumy.utils import ItemsCount


class SentenceInfo(NamedTuple):
    """A sentence, its place in the document and its rating: what a callable count receives (as in sumy)."""

    sentence: SumySentence
    order: int
    rating: float


SentencesCount = int | float | str | Callable[[Sequence[SentenceInfo]], Sequence[SentenceInfo]]
"""How many sentences: a number, a percentage such as "20%", or a callable choosing from the
sentences sorted best first (sumy's `ItemsCount` semantics)."""


class Summarizer(Protocol):
    """sumy's call signature: the chosen sentences of `document`, in document order."""

    def __call__(self, document: ObjectDocumentModel, sentences_count: SentencesCount) -> tuple[SumySentence, ...]:
        ...


def best_sentences(sentences: Sequence[SumySentence], count: SentencesCount,
                   rating: Mapping[SumySentence, float] | Callable[[SumySentence], float]) -> tuple[SumySentence, ...]:
    """The `count` best-rated sentences in document order, chosen as sumy's summarizers choose them:
    sorted by rating (ties in document order), then cut by the count."""
    rate = rating.__getitem__ if isinstance(rating, Mapping) else rating
    infos = sorted((SentenceInfo(s, order, rate(s)) for order, s in enumerate(sentences)),
                   key=attrgetter("rating"), reverse=True)
    chosen = count(infos) if callable(count) else ItemsCount(count)(infos)
    return tuple(info.sentence for info in sorted(chosen, key=attrgetter("order")))


class StemmingSummarizer:
    """A ranker with a stemmer and stop words, set the way sumy's are:
    ``Ranker(stemmer)`` then ``ranker.stop_words = words``."""

    _stop_words: frozenset[str] = frozenset()

    def __init__(self, stemmer: Callable[[str], str] = str.lower) -> None:
        if not callable(stemmer):
            raise TypeError("the stemmer must be callable: word -> stem")
        self._stemmer = stemmer

    def __call__(self, document: ObjectDocumentModel, sentences_count: SentencesCount) -> tuple[SumySentence, ...]:
        raise NotImplementedError

    @staticmethod
    def normalize_word(word: str) -> str:
        return word.lower()

    def stem_word(self, word: str) -> str:
        return self._stemmer(self.normalize_word(word))

    @property
    def stop_words(self) -> frozenset[str]:
        return self._stop_words

    @stop_words.setter
    def stop_words(self, words: Iterable[str]) -> None:
        self._stop_words = frozenset(map(self.normalize_word, words))
        self._stop_words_changed()

    def _stop_words_changed(self) -> None:
        """Hook for subclasses that derive something from the stop words."""
