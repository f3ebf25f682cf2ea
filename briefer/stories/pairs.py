"""Every pair of rows whose cosine reaches a threshold, without comparing all pairs.

Prefix filtering (Bayardo, Ma and Srikant, "Scaling up all pairs similarity search", WWW 2007):
order the terms from rarest to most common; a row's *prefix* is its first terms in that order, up
to where the rest of the row holds less than threshold² of its squared weight. Two unit rows
whose cosine reaches the threshold must share a term of the first one's prefix (were all shared
terms in the rest, their dot product would be at most the rest's norm, below the threshold). So
only rows sharing a prefix term are compared, and a prefix is mostly rare terms: the candidates
are a small part of all pairs, found by one sparse product, and every pair above the threshold is
found (nothing is sampled).
"""

from __future__ import annotations

import numpy as np
from scipy import sparse

EPSILON = 1e-9
"""Float slack, so a pair exactly at the threshold is never lost to rounding."""


def pairs_above(left: sparse.csr_matrix, right: sparse.csr_matrix, threshold: float,
                groups: np.ndarray | None = None) -> sparse.coo_matrix:
    """(row of left, row of right, cosine) of every pair of unit rows with cosine >= threshold.

    For pairs within one matrix pass it twice; each pair then appears in both orders, and every
    row with itself. With `groups` (one number per row, both sides) only pairs within a group count,
    and only they are compared: the sentences of one story, not of the whole day.
    """
    left, right = sparse.csr_matrix(left), sparse.csr_matrix(right)
    shape = (left.shape[0], right.shape[0])
    if not left.nnz or not right.nnz:
        return sparse.coo_matrix(shape)
    if groups is not None:  # a term of one group is another term than the same word in another group
        left, right = _grouped_terms(left, right, groups)
    width = max(left.shape[1], right.shape[1])
    frequency = np.bincount(np.concatenate([left.indices, right.indices]), minlength=width)
    rarity = np.empty(width, dtype=np.int64)
    rarity[np.argsort(frequency, kind="stable")] = np.arange(width)
    prefix = _prefixes(left, rarity, threshold)
    present = sparse.csr_matrix((np.ones(right.nnz), right.indices, right.indptr), shape=right.shape)
    candidates = (prefix @ present.T).tocoo()
    rows, cols = candidates.row, candidates.col
    cosine = cosines(left, right, rows, cols)
    keep = cosine >= threshold - EPSILON
    return sparse.coo_matrix((cosine[keep], (rows[keep], cols[keep])), shape=shape)


def _grouped_terms(left: sparse.csr_matrix, right: sparse.csr_matrix,
                   groups: np.ndarray) -> tuple[sparse.csr_matrix, sparse.csr_matrix]:
    """Both matrices with each column split by group, so rows of different groups share no term.

    Candidates then come from within a group only: the cost follows the pairs inside each story,
    not the pairs of the whole day later thrown away. Dot products are unchanged (a pair in one
    group keeps every shared term), and prefix filtering finds every pair whatever the term order.
    """
    width = max(left.shape[1], right.shape[1])
    keys = [np.repeat(groups.astype(np.int64), np.diff(m.indptr)) * width + m.indices for m in (left, right)]
    columns, inverse = np.unique(np.concatenate(keys), return_inverse=True)
    split = len(keys[0])
    return (sparse.csr_matrix((left.data, inverse[:split], left.indptr), shape=(left.shape[0], len(columns))),
            sparse.csr_matrix((right.data, inverse[split:], right.indptr), shape=(right.shape[0], len(columns))))


def _prefixes(matrix: sparse.csr_matrix, rarity: np.ndarray, threshold: float) -> sparse.csr_matrix:
    """A binary matrix of each row's prefix terms (see the module docstring)."""
    counts = np.diff(matrix.indptr)
    rows = np.repeat(np.arange(matrix.shape[0]), counts)
    order = np.lexsort((rarity[matrix.indices], rows))  # by row, then rarest term first
    squares = matrix.data[order] ** 2
    running = np.cumsum(squares)
    before_row = np.concatenate([[0.0], running])[matrix.indptr[:-1]]
    totals = np.concatenate([[0.0], running])[matrix.indptr[1:]] - before_row
    from_here = totals[rows] - (running - before_row[rows]) + squares  # the row's weight from this term on
    keep = from_here >= threshold ** 2 - EPSILON
    return sparse.csr_matrix((np.ones(int(keep.sum())), (rows[keep], matrix.indices[order][keep])),
                             shape=matrix.shape)


TOP_TERMS = 12
"""How many of an article's heaviest terms (rare names, places, numbers) can make it a candidate."""
MAX_TERM_SPREAD = 100
"""A term among the heaviest of more articles than this is too common to pair them (see `linked_pairs`)."""
MIN_SHARED = 1
"""Candidates share at least this many heavy terms: one shared name alone is how unrelated reports meet."""
CHUNK = 200_000
CHUNK_ENTRIES = 4_000_000
"""About 100 MB of copied rows per chunk of `cosines`."""


def linked_pairs(vectors: sparse.csr_matrix, threshold: float) -> sparse.coo_matrix:
    """(row, row, cosine) of pairs of unit rows with cosine >= threshold, among candidates only.

    Two reports of one event share their rarest, heaviest terms: the names, the place, the figures.
    So a pair is a candidate only when MIN_SHARED of each row's TOP_TERMS heaviest terms are among
    the other's, each heavy in at most MAX_TERM_SPREAD rows; each term then pairs at most
    MAX_TERM_SPREAD² rows, and the candidates grow with the day, not with its square. Unlike
    `pairs_above` this can miss a pair (one sharing no heavy term): a low threshold over long
    texts makes prefixes so long that prefix filtering compares nearly every pair.
    """
    vectors = sparse.csr_matrix(vectors)
    count = vectors.shape[0]
    if not vectors.nnz:
        return sparse.coo_matrix((count, count))
    rows = np.repeat(np.arange(count), np.diff(vectors.indptr))
    order = np.lexsort((-vectors.data, rows))  # by row, heaviest term first
    rank = np.arange(len(order)) - vectors.indptr[rows[order]]
    top = order[rank < TOP_TERMS]
    heavy = sparse.csr_matrix((np.ones(len(top)), (rows[top], vectors.indices[top])), shape=vectors.shape)
    spread = np.asarray(heavy.sum(axis=0)).ravel()
    heavy = heavy @ sparse.diags((spread <= MAX_TERM_SPREAD).astype(np.float64))
    candidates = sparse.triu(heavy @ heavy.T, k=1).tocoo()
    enough = candidates.data >= MIN_SHARED
    left, right = candidates.row[enough], candidates.col[enough]
    cosine = cosines(vectors, vectors, left, right)
    keep = cosine >= threshold - EPSILON
    return sparse.coo_matrix((cosine[keep], (left[keep], right[keep])), shape=(count, count))


def cosines(left: sparse.csr_matrix, right: sparse.csr_matrix, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """Dot products of left[rows[k]] and right[cols[k]], a chunk of pairs at a time (bounded memory).

    A chunk copies both rows of each of its pairs, so it holds at most CHUNK pairs and about
    CHUNK_ENTRIES stored entries: long articles make short chunks."""
    entries = np.cumsum(np.diff(left.indptr)[rows] + np.diff(right.indptr)[cols])
    starts, at = [], 0
    while at < len(rows):
        starts.append(at)
        fits = int(np.searchsorted(entries, (entries[at - 1] if at else 0) + CHUNK_ENTRIES, side="right"))
        at = min(max(fits, at + 1), at + CHUNK)
    bounds = [*starts, len(rows)]
    return np.concatenate([np.zeros(0)] + [
        np.asarray(left[rows[a:b]].multiply(right[cols[a:b]]).sum(axis=1)).ravel()
        for a, b in zip(bounds, bounds[1:])])
