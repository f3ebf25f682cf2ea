"""The `news` ranker: where a sentence stands, and how much of the rest of the story echoes it.

News is written top-down: the first sentences carry the story and later ones elaborate, so a
sentence matters when it comes early and when later sentences come back to it (PacSum's idea of
directed centrality, Zheng and Lapata 2019). The rating of sentence i (from 0) of an article is

    1 / (i + 1)  +  ECHO * (sum over later sentences j of cos(i, j)  +  cos(i, headline))

with cos the TF-IDF cosine of stemmed words without stop words (sublinear term counts, idf over
the article's sentences). The headline, when the article has one (a sumy heading), counts as one
more later sentence: it was written to echo the story's point. Sentences are then taken best first,
passing over (to the end of the ranking, not out of it) a sentence that

- is shorter than MIN_WORDS words ("He was 88.", "Scroll down for video."): too short to carry news;
- leans on the sentence before it ("He said: ...", "But ...", the end of a quotation), unless that
  sentence is already chosen (see `standalone.py`): alone it would not make sense;
- repeats a chosen one (cosine above REDUNDANCY): a picture caption that restates the first
  sentence, a paragraph the page printed twice.

Three parameters, each with a reason rather than a fitted value. `echo` = 0.6: two later sentences
at cosine 0.5 are worth about as much as moving from third place to first. `min_words` = 8 and
`redundancy` = 0.5 are round values. None is sharp: on each half of the CNN/DM dev set (250
articles each), every echo from 0.3 to 1.0, min_words from 5 to 12 and redundancy from 0.3 to 0.7
beats Lead-3 on ROUGE-1, ROUGE-2 and ROUGE-Lsum by at least 0.7 (ROUGE-1 by 1.2 to 1.7); on the
team's sample articles, written top-down, news and Lead-3 choose the same sentences. The README
has the results table (benchmarks/summarize.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import numpy as np

from ._base import VectorSummarizer
from .features import count_matrix, tfidf
from .standalone import leans_on_previous


class NewsSummarizer(VectorSummarizer):
    echo = 0.6
    """Weight of the echo (directed centrality) against the position prior."""
    min_words = 8
    """Sentences with fewer words are passed over."""
    redundancy = 0.5
    """A sentence whose cosine with a chosen one is above this is passed over."""

    _by_identity = True  # two sentences with the same text get their own ratings
    _uses_needed = True

    def rate(self, document, needed: int | None = None) -> Sequence[float] | np.ndarray:
        sentences = document.sentences
        n = len(sentences)
        words = [s.words for s in sentences]
        headings = [h.words for h in getattr(document, "headings", ())]
        counts = count_matrix(words + headings, self.table)
        cosine = tfidf(counts).cosines()
        np.fill_diagonal(cosine, 0.0)
        echo = (cosine[:n, :n] * _later(n)).sum(axis=1)
        if headings:
            echo += cosine[:n, n:].max(axis=1)
        score = 1.0 / np.arange(1, n + 1) + self.echo * echo
        short = [len(w) < self.min_words for w in words]
        texts = [str(s) for s in sentences]
        return greedy_ratings(score, cosine[:n, :n], short, texts, self.redundancy, needed)


@lru_cache(maxsize=256)
def _later(n: int) -> np.ndarray:
    """The (n x n) mask of pairs (i, j) with j after i."""
    return np.triu(np.ones((n, n)), 1)


def greedy_ratings(score: np.ndarray, cosine: np.ndarray, short: Sequence[bool], texts: Sequence[str],
                   redundancy: float, needed: int | None = None) -> np.ndarray:
    """Ratings that put the chosen sentences first (best score first) and the passed-over ones after.

    Once `needed` sentences are chosen, the rest keep their score order: the caller takes no more.
    """
    n = len(score)
    needed = n if needed is None else needed
    chosen: list[int] = []
    passed: list[int] = []
    is_chosen = [False] * (n + 1)  # is_chosen[-1] stays False: "the sentence before the first"
    closest = np.zeros(n)  # each sentence's highest cosine with a chosen one
    order = np.argsort(-score, kind="stable").tolist()
    for rank, i in enumerate(order):
        if len(chosen) >= needed:
            passed[:0] = order[rank:]
            break
        if short[i] or closest[i] > redundancy or (
                i and not is_chosen[i - 1] and leans_on_previous(texts[i], texts[i - 1])):
            passed.append(i)
        else:
            chosen.append(i)
            is_chosen[i] = True
            np.maximum(closest, cosine[i], out=closest)
    ratings = np.empty(n)
    ratings[chosen + passed] = np.arange(n, 0, -1, dtype=np.float64)
    return ratings
