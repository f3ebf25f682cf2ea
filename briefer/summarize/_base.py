"""What the project's own rankers share: sumy's call signature, stop words and the process's stem table."""

from __future__ import annotations

from collections.abc import Sequence
from operator import attrgetter

import numpy as np
from sumy.utils import ItemsCount

from .features import Counts, StemTable, count_matrix, shared_table
from .protocol import StemmingSummarizer, best_sentences

_CACHED_WORDS = attrgetter("_cached_property_words")


def sentence_words(sentences: Sequence) -> list:
    """Each sentence's words (sumy's `Sentence.words`).

    Read from where sumy caches them when every sentence has them already, else split by the
    sentence's own tokenizer: sumy's cached property costs half a microsecond a sentence, a tenth
    of the whole ranking of an article by TextRank.
    """
    try:
        return list(map(_CACHED_WORDS, sentences))
    except AttributeError:  # not split into words yet: split here, without the property's caching
        pass
    try:
        return [s._tokenizer.to_words(s._text) for s in sentences]
    except AttributeError:  # another sumy: the public property
        return [s.words for s in sentences]


class VectorSummarizer(StemmingSummarizer):
    """A sumy-compatible summarizer that rates sentences from a count matrix; subclasses define `rate(document)`."""

    _table: StemTable | None = None
    _by_identity = False
    """Rate sentences one by one; False keeps sumy's rule that sentences with the same text share a rating."""
    _uses_needed = False
    """Whether `rate` makes use of `needed` (else it is not worked out)."""

    def _stop_words_changed(self) -> None:
        self._table = None  # stems depend on the stop words

    @property
    def table(self) -> StemTable:
        if self._table is None:
            self._table = shared_table(self._stemmer, self._stop_words)
        return self._table

    def counts(self, sentences: Sequence) -> Counts:
        """(sentences x distinct stems) counts of each sentence's stems without stop words, as
        sumy's `_to_words_set` gives them."""
        return count_matrix(sentence_words(sentences), self.table)

    def rate(self, document, needed: int | None = None) -> Sequence[float] | np.ndarray:
        """A rating for every sentence of the document, in order (higher is better).

        `needed` is how many of the best the caller will take (None: all of them); below those,
        a ranker may order the rest more cheaply.
        """
        raise NotImplementedError

    def __call__(self, document, sentences_count):
        sentences = document.sentences
        if not sentences:
            return ()
        needed = None
        if self._uses_needed and not callable(sentences_count):
            needed = len(ItemsCount(sentences_count)(sentences))
        scores = np.asarray(self.rate(document, needed), dtype=np.float64)
        if callable(sentences_count):
            if not self._by_identity:
                scores = shared_ratings(sentences, scores)
            ratings = scores.tolist()  # Python floats: sumy's sort compares them fast
            position = {id(s): k for k, s in enumerate(sentences)}
            return best_sentences(sentences, sentences_count, lambda s: ratings[position[id(s)]])
        order, chosen = best_positions(scores, sentences_count)
        if not self._by_identity:
            # Sentences with the same text have the same rating but for rounding, so they sit side by
            # side in `order`; only where they meet at the edge of the choice can sumy's rule
            # (`shared_ratings`) change it, and only then is it applied.
            edge = order[:len(chosen) + 1]
            if len({sentences[k]._text for k in edge}) < len(edge):
                order, chosen = best_positions(shared_ratings(sentences, scores), sentences_count)
        return tuple(sentences[k] for k in sorted(chosen))


def shared_ratings(sentences: Sequence, scores: np.ndarray) -> np.ndarray:
    """The ratings as sumy keys them: by sentence, so that sentences with the same text share one
    rating (the last one's). Keyed here by the text itself, which is the same (a document's
    sentences are never headings) without sumy's Python-level __hash__ and __eq__ for every lookup."""
    texts = [s._text for s in sentences]
    last = dict(zip(texts, range(len(texts))))
    return scores[[last[t] for t in texts]] if len(last) < len(texts) else scores


def best_positions(scores: np.ndarray, count: int | float | str) -> tuple[list[int], list[int]]:
    """(every position best first, the chosen positions) as sumy's `_get_best_sentences` takes them
    for a count (not a callable), from a rating per sentence.

    The same choice: best first with ties in document order (a stable sort of the negated ratings
    is Python's stable descending sort), then sumy's `ItemsCount` applied to that order; without
    building one sumy `SentenceInfo` per sentence.
    """
    order = (-scores).argsort(kind="stable").tolist()
    return order, ItemsCount(count)(order)

