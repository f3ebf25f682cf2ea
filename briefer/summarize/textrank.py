"""TextRank (Mihalcea and Tarau, 2004) with sumy's exact semantics, vectorised.

Same as `sumy.summarizers.text_rank.TextRankSummarizer`: the edge between two sentences is the number
of shared stem occurrences (the dot product of their stem counts) divided by log(len1) + log(len2)
(the raw count when both hold one word), rows normalised, damping 0.85 with a uniform jump, and
sumy's unnormalised power method until a step moves less than `epsilon` (1e-4). The pairwise loop
becomes one matrix product; the logs are Python's, so the weights are bit-for-bit sumy's.
"""

from __future__ import annotations

import math

import numpy as np

from ._base import VectorSummarizer
from .features import Counts


class TextRankSummarizer(VectorSummarizer):
    epsilon = 1e-4
    damping = 0.85
    _ZERO_DIVISION_PREVENTION = 1e-7

    def rate(self, document) -> np.ndarray:
        counts = self.counts(document.sentences)
        n = counts.shape[0]
        weights = textrank_weights(counts)
        weights /= weights.sum(axis=1)[:, np.newaxis] + self._ZERO_DIVISION_PREVENTION
        matrix = np.full((n, n), (1.0 - self.damping) / n) + self.damping * weights
        return power_method(matrix, self.epsilon)


_LOGS = [0.0] + [math.log(k) for k in range(1, 512)]


def _log(k: int) -> float:
    return _LOGS[k] if k < len(_LOGS) else math.log(k)


def textrank_weights(counts: Counts) -> np.ndarray:
    """Shared word occurrences over the sum of the log lengths (sumy's `_rate_sentences_edge`)."""
    shared = counts.gram()  # sums of products of small whole numbers in float64: exact
    lengths = np.bincount(counts.rows, weights=counts.data, minlength=counts.shape[0])
    logs = np.array([_log(int(k)) for k in lengths])
    norm = logs[:, None] + logs[None, :]
    single = np.isclose(norm, 0.0)  # both sentences one word long: the raw count
    weights = np.where(single, shared, shared / np.where(single, 1.0, norm))  # norm is 0 only where single
    weights[shared == 0] = 0.0
    return weights


def power_method(matrix: np.ndarray, epsilon: float) -> np.ndarray:
    """sumy's TextRank power method, step for step (with the same products, so the same numbers).

    np.linalg.norm of a vector is sqrt(x.dot(x)); calling that directly saves most of the cost of
    a step, and sumy's TextRank takes about 70 steps per article.
    """
    transposed = matrix.T
    n = len(matrix)
    p = np.array([1.0 / n] * n)
    change = 1.0
    while change > epsilon:
        nxt = transposed.dot(p)
        step = nxt - p
        change = math.sqrt(step.dot(step))
        p = nxt
    return p
