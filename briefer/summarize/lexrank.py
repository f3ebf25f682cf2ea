"""LexRank (Erkan and Radev, 2004) with sumy's exact semantics, vectorised.

Same as `sumy.summarizers.lex_rank.LexRankSummarizer`: term frequency divided by the sentence's
highest, idf = log(N / (1 + sentences holding the term)), idf-modified cosine, an edge where the
cosine is above `threshold` (0.1), rows divided by their degree, and sumy's power method (normalised
each step, stopping once a step moves less than `epsilon`, 0.1). Only the pairwise loop is replaced:
the cosines come from one matrix product, and the power method runs on the same dense matrix sumy
builds, so the scores (and the sentences chosen) are the same.
"""

from __future__ import annotations

import math

import numpy as np

from ._base import VectorSummarizer
from .features import Counts


class LexRankSummarizer(VectorSummarizer):
    threshold = 0.1
    epsilon = 0.1

    def rate(self, document, needed: int | None = None) -> np.ndarray:
        counts = self.counts(document.sentences)
        return power_method(lexrank_matrix(counts, self.threshold), self.epsilon)


def lexrank_matrix(counts: Counts, threshold: float) -> np.ndarray:
    """The row-stochastic (by degree) adjacency matrix of sentences whose idf-modified cosine > threshold."""
    n, v = counts.shape
    rows, cols = counts.rows, counts.cols
    row_max = np.zeros(n)
    np.maximum.at(row_max, rows, counts.data)
    row_max[row_max == 0] = 1.0
    idf = np.log(n / (1.0 + counts.df))
    weighted = counts.data / row_max[rows] * idf[cols]
    norms = np.sqrt(np.bincount(rows, weights=weighted * weighted, minlength=n))
    norms[norms == 0] = 1.0  # a sentence without weighted terms has a zero row: cosine 0, as in sumy
    cosine = counts.gram(weighted) / np.outer(norms, norms)
    adjacency = (cosine > threshold).astype(np.float64)
    degrees = adjacency.sum(axis=1)
    degrees[degrees == 0] = 1.0
    return adjacency / degrees[:, None]


def power_method(matrix: np.ndarray, epsilon: float) -> np.ndarray:
    """sumy's LexRank power method, step for step (the stopping rule decides the ranking)."""
    transposed = matrix.T
    n = len(matrix)
    p = np.array([1.0 / n] * n)
    change = 1.0
    while change > epsilon:
        nxt = transposed.dot(p)
        nxt /= math.sqrt(nxt.dot(nxt))  # np.linalg.norm of a vector, without its overhead
        step = nxt - p
        change = math.sqrt(step.dot(step))
        p = nxt
    return p
