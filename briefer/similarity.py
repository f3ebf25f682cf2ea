"""Text as sparse vectors: TF-IDF over word stems and word shingles, compared in bulk.

Used to find articles about the same story, sentences that say the same thing, and sentences an
earlier briefing already carried. Everything is a scipy sparse matrix product, so comparing two
thousand articles with each other is a few matrix operations, not four million Python calls.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import numpy as np
from scipy import sparse

from .text import stemmer_for, stop_words

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_P = np.uint64(1_000_003)


def content_stems(text: str, language: str = "english") -> list[str]:
    """The stems of the words that carry meaning: lowercase, no stop words, numbers kept."""
    stem = stemmer_for(language)
    stops = stop_words(language)
    return [stem(w) for w in _WORD.findall(text.lower()) if w not in stops and len(w) > 1]


def plain_words(text: str) -> list[str]:
    """Every word, lowercase, unstemmed: what near-duplicate shingles are made of."""
    return _WORD.findall(text.lower())


class Vocabulary:
    """Term -> column number, growing as new texts are added (so several batches share columns)."""

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}

    def encode(self, terms: Iterable[str]) -> np.ndarray:
        ids = self.ids
        return np.fromiter((ids.setdefault(t, len(ids)) for t in terms), dtype=np.int64)

    def __len__(self) -> int:
        return len(self.ids)


def count_matrix(rows: Sequence[np.ndarray], width: int) -> sparse.csr_matrix:
    """A documents x terms matrix of counts from each document's term ids."""
    lengths = np.fromiter((len(r) for r in rows), dtype=np.int64, count=len(rows))
    indptr = np.concatenate([[0], np.cumsum(lengths)])
    indices = np.concatenate(rows) if rows and lengths.sum() else np.zeros(0, dtype=np.int64)
    data = np.ones(len(indices), dtype=np.float64)
    matrix = sparse.csr_matrix((data, indices, indptr), shape=(len(rows), max(width, 1)))
    matrix.sum_duplicates()  # repeated ids in a row become counts
    return matrix


def tfidf(counts: sparse.csr_matrix, idf: np.ndarray | None = None) -> tuple[sparse.csr_matrix, np.ndarray]:
    """Rows of sublinear TF x IDF, each of unit length; returns the matrix and the IDF used.

    Sublinear TF (1 + log tf) keeps one word repeated ten times from outweighing ten different
    shared words; smooth IDF keeps words found in every document from vanishing in a small batch.
    """
    matrix = counts.tocsr(copy=True).astype(np.float64)
    matrix.data = 1.0 + np.log(matrix.data)
    if idf is None:
        df = np.bincount(matrix.indices, minlength=matrix.shape[1])
        idf = np.log((1.0 + matrix.shape[0]) / (1.0 + df)) + 1.0
    matrix = matrix @ sparse.diags(idf[: matrix.shape[1]])
    return normalize_rows(matrix), idf


def normalize_rows(matrix: sparse.spmatrix) -> sparse.csr_matrix:
    matrix = sparse.csr_matrix(matrix)
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sparse.diags(1.0 / norms) @ matrix


def shingle_ids(words: Sequence[str], vocabulary: Vocabulary, size: int) -> np.ndarray:
    """Hashes of every run of `size` consecutive words (the whole text when it is shorter)."""
    ids = vocabulary.encode(words).astype(np.uint64)
    if len(ids) == 0:
        return np.zeros(0, dtype=np.uint64)
    if len(ids) < size:
        size = len(ids)
    hashes = np.zeros(len(ids) - size + 1, dtype=np.uint64)
    for offset in range(size):  # wraps around 2**64 on purpose: a rolling polynomial hash
        hashes = hashes * _P + ids[offset: len(ids) - size + 1 + offset]
    return np.unique(hashes)


def shingle_matrix(texts: Sequence[str], size: int = 4) -> sparse.csr_matrix:
    """A binary documents x shingles matrix (each distinct shingle of a document counted once)."""
    vocabulary = Vocabulary()
    per_doc = [shingle_ids(plain_words(t), vocabulary, size) for t in texts]
    if not per_doc:
        return sparse.csr_matrix((0, 1))
    allhashes = np.concatenate(per_doc) if any(len(d) for d in per_doc) else np.zeros(0, dtype=np.uint64)
    _, columns = np.unique(allhashes, return_inverse=True)
    lengths = [len(d) for d in per_doc]
    indptr = np.concatenate([[0], np.cumsum(lengths)])
    data = np.ones(len(columns), dtype=np.float64)
    width = int(columns.max()) + 1 if len(columns) else 1
    return sparse.csr_matrix((data, columns.ravel(), indptr), shape=(len(texts), width))


def containment(shingles: sparse.csr_matrix) -> sparse.csr_matrix:
    """Shared shingles over the smaller document's shingles, for every pair that shares any."""
    shared = (shingles @ shingles.T).tocoo()
    sizes = np.asarray(shingles.sum(axis=1)).ravel()
    smaller = np.minimum(sizes[shared.row], sizes[shared.col])
    smaller[smaller == 0] = 1.0
    values = shared.data / smaller
    return sparse.csr_matrix((values, (shared.row, shared.col)), shape=shared.shape)


class SentenceSpace:
    """TF-IDF vectors of a batch of short texts (sentences), for redundancy and novelty checks."""

    def __init__(self, texts: Sequence[str], language: str = "english", *, extra: Sequence[str] = ()) -> None:
        """`extra` texts share the vocabulary and IDF (e.g. sentences of earlier briefings)."""
        self.vocabulary = Vocabulary()
        rows = [self.vocabulary.encode(content_stems(t, language)) for t in [*texts, *extra]]
        matrix, self.idf = tfidf(count_matrix(rows, len(self.vocabulary)))
        self.vectors = matrix[: len(texts)]
        self.extra = matrix[len(texts):]
