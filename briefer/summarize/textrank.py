"""TextRank (Mihalcea and Tarau, 2004) with sumy's exact semantics, vectorised.

Same as `sumy.summarizers.text_rank.TextRankSummarizer`: the edge between two sentences is the number
of shared stem occurrences (the dot product of their stem counts) divided by log(len1) + log(len2)
(the raw count when both hold one word), rows normalised, damping 0.85 with a uniform jump, and
sumy's unnormalised power method until a step moves less than `epsilon` (1e-4). The pairwise loop
becomes one matrix product; the logs are Python's, so the weights are bit-for-bit sumy's (see
`power_method` for how its hundreds of steps are cut short).
"""

from __future__ import annotations

import math

import numpy as np

from ._base import VectorSummarizer, sentence_words
from .features import representatives, stem_occurrences


class TextRankSummarizer(VectorSummarizer):
    epsilon = 1e-4
    damping = 0.85
    _ZERO_DIVISION_PREVENTION = 1e-7

    def rate(self, document, needed: int | None = None) -> np.ndarray:
        sentences = document.sentences
        stems, rows = stem_occurrences(sentence_words(sentences), self.table)
        lengths = np.bincount(rows, minlength=len(sentences))
        matrix = textrank_matrix(stems, rows, lengths, self.damping)
        return power_method(matrix, self.epsilon, leaking=not lengths.all())


# Python's math.log of each sentence length (numpy's log may differ in the last bit, and the
# weights must be sumy's to the bit); 0 for an empty sentence, whose weights are 0 anyway.
_LOGS = np.array([0.0] + [math.log(k) for k in range(1, 1024)])


def _logs(lengths: np.ndarray, total: int) -> np.ndarray:
    """math.log of each length (0 for 0), `total` their sum."""
    if total >= len(_LOGS) and lengths.max() >= len(_LOGS):
        return np.array([math.log(k) if k else 0.0 for k in lengths.tolist()])
    return _LOGS[lengths]


def textrank_matrix(stems: np.ndarray, rows: np.ndarray, lengths: np.ndarray, damping: float) -> np.ndarray:
    """sumy's TextRank matrix, from the stem and sentence numbers of every word that is not a stop
    word and the number of those words in each sentence.

    The edge weights are the shared word occurrences over the sum of the log lengths (sumy's
    `_rate_sentences_edge`), each row divided by its sum (plus sumy's 1e-7), then damped:
    damping * weights + (1 - damping) / n, computed in place in sumy's order of operations.
    """
    n = len(lengths)
    weights = _shared_counts(stems, rows, n)
    logs = _logs(lengths, len(stems))
    norm = logs[:, None] + logs
    # Each log is 0 (one word; no word has no shared words either) or at least log 2, so norm is
    # 0 exactly where sumy's numpy.isclose(norm, 0.0) holds, and there sumy takes the count itself.
    if not logs.all():
        norm[norm == 0.0] = 1.0
    weights /= norm
    sums = np.add.reduce(weights, axis=1)
    sums += TextRankSummarizer._ZERO_DIVISION_PREVENTION
    weights /= sums[:, None]
    weights *= damping
    weights += (1.0 - damping) / n
    return weights


_ONES = np.ones(4096)


def _ones(size: int) -> np.ndarray:
    """`size` ones: as bincount's weights, they make it count in floats (no conversion after)."""
    global _ONES
    if size > len(_ONES):
        _ONES = np.ones(2 * size)
    return _ONES[:size]


def _shared_counts(stems: np.ndarray, rows: np.ndarray, n: int) -> np.ndarray:
    """(sentences x sentences) sum over stems of the product of their counts: C @ C.T for the dense
    (sentences x the document's stems) count matrix C, small whole numbers, so exact in float64.

    Most stems occur once in the article and add only 1 to their sentence's own cell, so they share
    column 0 of C, which is added to the diagonal apart; the product is a few times smaller.
    """
    if not len(stems):
        return np.zeros((n, n))
    first = representatives(stems)
    repeated = np.bincount(first, minlength=len(stems)) > 1  # at each stem's representative
    column = repeated.cumsum()
    width = int(column[-1]) + 1
    column *= repeated  # the stems that occur once: column 0
    cells = rows * width
    cells += column[first]
    counts = np.bincount(cells, _ones(len(cells)), minlength=n * width).reshape(n, width)  # as floats
    if width > 1:
        repeated_counts = counts[:, 1:]  # a view that BLAS reads as it is
        shared = _product(repeated_counts, repeated_counts.T)
    else:  # no stem occurs twice
        shared = np.zeros((n, n))
    shared.ravel()[::n + 1] += counts[:, 0]
    return shared


_BLOCK = 16
_CHUNK = 64
_DOUBLING_MAX = 60  # larger products would go to BLAS's thread pool, slower than the steps


def power_method(matrix: np.ndarray, epsilon: float, leaking: bool | None = None) -> np.ndarray:
    """sumy's power method: p, M.T p, (M.T)^2 p, ... until a step moves p by at most epsilon.

    Most articles stop within 20 steps; numpy's cost per call dominates a step on a 30-sentence
    matrix, so the steps run one by one with their sizes measured 16 at a time (`_block`: exactly
    sumy's vectors). One article in six takes hundreds: those with a sentence of stop words only
    (`leaking`, found from M when not given), whose row of M sums to 1 - damping, so p shrinks by a
    factor just below 1 each step and the steps fall below epsilon slowly and geometrically. For
    those `_jump` settles p with powers of M.T, predicts the stopping step from the shrinking, and
    either lands a few steps before it and steps one by one, or, when the stop is far ahead, takes
    the settled direction scaled to it. Where neither applies, small matrices go 64 steps at a time
    (`_doubling`) and larger ones a block at a time.
    """
    transposed = matrix.T
    n = len(matrix)
    vector = np.array([1.0 / n] * n)
    if leaking is None:
        leaking = bool(np.add.reduce(matrix, axis=1).min() <= 0.5)
    if leaking:
        found = _jump(transposed, vector, epsilon)
        if found is not None:
            return found
    found, vector = _block(transposed, vector, epsilon)
    if found is not None:
        return found
    found, vector = _block(transposed, vector, epsilon)
    if found is not None:
        return found
    found = _jump(transposed, vector, epsilon)
    if found is not None:
        return found
    if n <= _DOUBLING_MAX:
        return _doubling(transposed, vector, epsilon)
    while True:
        found, vector = _block(transposed, vector, epsilon)
        if found is not None:
            return found


_SETTLE = 64
"""Steps jumped before measuring how fast the steps shrink: the other directions have died out by
then (they shrink by the damping, 0.85, per step: 0.85^64 < 1e-4 of where they started)."""
_FAR = 48
"""From how many steps ahead `_jump` takes the settled direction instead of landing on sumy's step."""
_LANDING = 2
"""How many steps before the predicted stop `_jump` lands, to step one by one from there (on the dev
set the prediction is never off by one)."""


def _jump(transposed: np.ndarray, start: np.ndarray, epsilon: float) -> np.ndarray | None:
    """sumy's stopping vector found from `start` by predicting the stop, or None where that does not apply.

    With p settled into p_k = c * l^k * v (l < 1), the step sizes shrink as l^k, so the first small
    step is k = log(epsilon / step) / log(l) steps on. Powers of M.T (by squaring) reach a few steps
    before it; from there the steps are taken one by one and measured as sumy does, and the landing
    is checked: its first step must still be larger than epsilon, else the answer is left to the
    step-by-step paths. The vectors equal sumy's up to rounding in the last bits. When the stop is
    `_FAR` steps ahead or more, the vector 64 steps on is scaled to it instead: all but the settled
    direction have died out there (as in sumy's answer), so the ratings match sumy's to about 1e-10
    of their size (3e-11 at most on the dev set), and their order with them.
    """
    powers = [np.ascontiguousarray(transposed)]

    def advance(vector: np.ndarray, steps: int) -> np.ndarray:
        bit = 0
        while steps:
            if bit == len(powers):
                powers.append(_product(powers[-1], powers[-1]))
            if steps & 1:
                vector = _product(powers[bit], vector)
            steps >>= 1
            bit += 1
        return vector

    settled = advance(start, _SETTLE)
    after = powers[0] @ settled
    last = powers[0] @ after
    before, step = _norm(after - settled), _norm(last - after)
    if before <= epsilon or step <= epsilon or not 0.0 < step < before:
        return None  # it stopped while jumping, or it is not shrinking geometrically
    shrink = step / before
    ahead = math.ceil(math.log(epsilon / step) / math.log(shrink))
    if ahead >= _FAR:
        # sumy stops `ahead` steps after `last`, so far on that its vector has settled too: it is
        # `far` (whose other directions are below 1e-8 of it) scaled by the shrinking in between.
        far = _product(powers[_SETTLE.bit_length() - 1], last)
        shrink = (far.sum() / last.sum()) ** (1.0 / _SETTLE)  # measured over the settled steps
        return far * shrink ** (ahead - _SETTLE)
    jumped = max(ahead - _LANDING, 0)
    vector = advance(last, jumped)
    size = 2 * _LANDING
    for _ in range(_BLOCK):  # a few dozen steps more at most: the prediction is off by far less
        vectors = _steps(powers[0], vector, size)
        done = _small_steps(vectors, epsilon)
        if len(done):
            if done[0] == 0 and jumped:
                return None  # landed past the stop: the step before it is unknown
            return vectors[done[0] + 1]
        vector, jumped = vectors[size], 0
    return None


_SINGLE_THREAD = {2: 64 ** 3, 1: 2304 * 4}
"""OpenBLAS's limits (m*n*k for matrix products, m*n for matrix-vector) below which it works on one
thread: above them it wakes its thread pool, whose busy-waiting threads cost far more CPU time than
these small products on a shared machine."""


def _product(left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """left @ right, in slices of rows small enough for OpenBLAS to keep to one thread."""
    work = left.shape[1] * (right.shape[1] if right.ndim == 2 else 1)
    rows = max(_SINGLE_THREAD[right.ndim] // work, 1)
    if rows >= len(left):
        return left @ right
    out = np.empty((len(left),) + right.shape[1:])
    for top in range(0, len(left), rows):
        np.matmul(left[top:top + rows], right, out=out[top:top + rows])
    return out


def _norm(vector: np.ndarray) -> float:
    return math.sqrt(vector.dot(vector))


def _block(transposed: np.ndarray, start: np.ndarray, epsilon: float) -> tuple[np.ndarray | None, np.ndarray]:
    """_BLOCK steps one by one from `start`: (the first vector whose step is at most epsilon, or None; the last)."""
    vectors = _steps(transposed, start)
    return _first_small_step(vectors, epsilon), vectors[_BLOCK]


def _steps(transposed: np.ndarray, start: np.ndarray, size: int = _BLOCK) -> np.ndarray:
    """`start` and the `size` vectors after it, one step at a time as sumy takes them."""
    n = len(start)
    vectors = np.empty((size + 1, n))
    vectors[0] = start
    rows = max(_SINGLE_THREAD[1] // n, 1)
    if rows >= n:
        # The same product as np.dot(transposed, v), without the function's dispatch and with the
        # row views made once: half the time of a step on a 30-sentence matrix.
        step, each = transposed.dot, list(vectors)
        for k in range(size):
            step(each[k], out=each[k + 1])
        return vectors
    for k in range(size):  # a long article: in slices, as in `_product`
        for top in range(0, n, rows):
            np.dot(transposed[top:top + rows], vectors[k], out=vectors[k + 1, top:top + rows])
    return vectors


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
    done = _small_steps(vectors, epsilon)
    return vectors[done[0] + 1] if len(done) else None


def _small_steps(vectors: np.ndarray, epsilon: float) -> np.ndarray:
    """The indices k where vectors[k + 1] moved at most epsilon from vectors[k]."""
    steps = vectors[1:] - vectors[:-1]
    steps *= steps
    return (np.add.reduce(steps, axis=1) <= epsilon * epsilon).nonzero()[0]
