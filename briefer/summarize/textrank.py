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

    def rate(self, document, needed: int | None = None) -> np.ndarray:
        counts = self.counts(document.sentences)
        n = counts.shape[0]
        weights = textrank_weights(counts)
        weights /= weights.sum(axis=1)[:, np.newaxis] + self._ZERO_DIVISION_PREVENTION
        matrix = np.full((n, n), (1.0 - self.damping) / n) + self.damping * weights
        return power_method(matrix, self.epsilon)


# Python's math.log of each sentence length (numpy's log may differ in the last bit, and the
# weights must be sumy's to the bit); 0 for an empty sentence, whose weights are 0 anyway.
_LOGS = np.array([0.0] + [math.log(k) for k in range(1, 1024)])


def _logs(lengths: np.ndarray) -> np.ndarray:
    if len(lengths) and lengths.max() >= len(_LOGS):
        return np.array([math.log(k) if k else 0.0 for k in lengths.tolist()])
    return _LOGS[lengths]


def textrank_weights(counts: Counts) -> np.ndarray:
    """Shared word occurrences over the sum of the log lengths (sumy's `_rate_sentences_edge`)."""
    shared = counts.gram()  # sums of products of small whole numbers in float64: exact
    lengths = np.bincount(counts.rows, weights=counts.data, minlength=counts.shape[0]).astype(np.int64)
    logs = _logs(lengths)
    norm = logs[:, None] + logs[None, :]
    single = np.abs(norm) <= 1e-8  # numpy.isclose(norm, 0.0), as sumy tests: both sentences one word long
    weights = np.where(single, shared, shared / np.where(single, 1.0, norm))  # norm is 0 only where single
    weights[shared == 0] = 0.0
    return weights


_BLOCK = 16
_CHUNK = 64
_DOUBLING_MAX = 60  # larger products would go to BLAS's thread pool, slower than the steps


def power_method(matrix: np.ndarray, epsilon: float) -> np.ndarray:
    """sumy's power method: p, M.T p, (M.T)^2 p, ... until a step moves p by at most epsilon.

    Most articles stop within 16 steps, but one in ten takes hundreds (a graph in separate parts
    converges slowly), and numpy's cost per call dominates a step on a 30-sentence matrix. So the
    first steps run one by one with their sizes measured a block at a time (`_block`: exactly
    sumy's vectors); past those, small matrices go 64 steps at a time (`_doubling`).
    """
    transposed = matrix.T
    n = len(matrix)
    vector = np.array([1.0 / n] * n)
    found, vector = _block(transposed, vector, epsilon)
    if found is not None:
        return found
    if n <= _DOUBLING_MAX:
        return _doubling(transposed, vector, epsilon)
    while True:
        found, vector = _block(transposed, vector, epsilon)
        if found is not None:
            return found


def _block(transposed: np.ndarray, start: np.ndarray, epsilon: float) -> tuple[np.ndarray | None, np.ndarray]:
    """_BLOCK steps one by one from `start`: (the first vector whose step is at most epsilon, or None; the last)."""
    vectors = np.empty((_BLOCK + 1, len(start)))
    vectors[0] = start
    for k in range(_BLOCK):
        np.dot(transposed, vectors[k], out=vectors[k + 1])
    return _first_small_step(vectors, epsilon), vectors[_BLOCK]


def _doubling(step: np.ndarray, start: np.ndarray, epsilon: float) -> np.ndarray:
    """_CHUNK steps at a time from a few matrix products: with A^(2^k) (A = M.T), the vectors
    A^0..A^(2^k - 1) p give A^(2^k)..A^(2^(k+1) - 1) p in one product. The vectors equal sumy's up to
    rounding in the last bits, and tied sentences stay tied (their rows of every power of A agree)."""
    powers = [np.ascontiguousarray(step)]  # A, A^2, A^4, ... A^_CHUNK
    while 2 ** (len(powers) - 1) < _CHUNK:
        powers.append(powers[-1] @ powers[-1])
    vectors = np.empty((_CHUNK + 1, len(start)))
    vectors[0] = start
    while True:
        filled = 1
        for power in powers:
            count = min(filled, _CHUNK + 1 - filled)
            vectors[filled:filled + count] = vectors[:count] @ power.T
            filled += count
        found = _first_small_step(vectors, epsilon)
        if found is not None:
            return found
        vectors[0] = vectors[_CHUNK]


def _first_small_step(vectors: np.ndarray, epsilon: float) -> np.ndarray | None:
    """The first of vectors[1:] that moved at most epsilon from the one before (sumy's stopping test)."""
    steps = np.diff(vectors, axis=0)
    done = np.flatnonzero(np.sqrt(np.einsum("ij,ij->i", steps, steps)) <= epsilon)
    return vectors[done[0] + 1].copy() if len(done) else None
