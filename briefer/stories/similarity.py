"""Text as sparse vectors: TF-IDF over word stems and word shingles, compared in bulk.

Used to find articles about the same story, sentences that say the same thing, and sentences an
earlier briefing already carried. Everything is a scipy sparse matrix product, so comparing two
thousand articles with each other is a few matrix operations, not four million Python calls.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from ..summarize.features import counts_of_rows, tfidf
from .pairs import cosines
from .words import DayWords, Tokens

_P = np.uint64(1_000_003)

Languages = str | Sequence[str]
"""One language (a name or ISO code) for every text, or each text's own, in order."""


def tokenize(texts: Sequence[str], languages: Languages = "en") -> Tokens:
    """Split every text once, in its own language (Chinese into jieba's words); stem each distinct
    word once per language it is used in, with that language's stemmer and stop words.

    Word ids are shared by all languages, and so are stem ids. A word written alike in texts of two
    languages of the batch (a name, an acronym, a number: "Papperger" in a German and a Russian
    report) is kept unstemmed in all of them, as each language's stemmer would cut it differently;
    so two languages' texts link by the names they share, and a German word is never stemmed by
    English rules or read past English stop words.

    The two steps are those of the day's assembly (briefer/stories/words.py): splitting each text,
    which the map's workers do for the day's articles, then combining the batch."""
    per_text = each_language(texts, languages)
    words = DayWords()
    return words.tokens([words.text(text, lang) for text, lang in zip(texts, per_text)], per_text)


def tfidf_rows(texts: Sequence[str], languages: Languages = "en") -> sparse.csr_matrix:
    """Unit TF-IDF rows of the texts' content-word stems (IDF from the texts themselves)."""
    return unit_tfidf(tokenize(texts, languages).stems)


def unit_tfidf(stem_rows: Sequence[np.ndarray]) -> sparse.csr_matrix:
    """Unit rows of smooth TF-IDF (`summarize.features.TfIdf`) of texts given as stem numbers."""
    return tfidf(counts_of_rows(stem_rows), smooth=True).unit_rows()


def shingle_ids(ids: np.ndarray, size: int) -> np.ndarray:
    """Hashes of every run of `size` consecutive word ids (the whole text when it is shorter)."""
    ids = ids.astype(np.uint64)
    if len(ids) == 0:
        return np.zeros(0, dtype=np.uint64)
    size = min(size, len(ids))
    hashes = np.zeros(len(ids) - size + 1, dtype=np.uint64)
    for offset in range(size):  # wraps around 2**64 on purpose: a rolling polynomial hash
        hashes = hashes * _P + ids[offset: len(ids) - size + 1 + offset]
    return np.unique(hashes)


def shingle_matrix(texts: Sequence[str], size: int = 4, languages: Languages = "en") -> sparse.csr_matrix:
    """A binary documents x shingles matrix (each distinct shingle of a document counted once)."""
    return shingles_of(tokenize(texts, languages).words, size)


def shingles_of(word_rows: Sequence[np.ndarray], size: int = 4) -> sparse.csr_matrix:
    """`shingle_matrix` from texts already split into word ids (see `tokenize`)."""
    if not word_rows:
        return sparse.csr_matrix((0, 1))
    per_doc = [shingle_ids(row, size) for row in word_rows]
    lengths = np.fromiter((len(d) for d in per_doc), dtype=np.int64, count=len(per_doc))
    if not lengths.sum():
        return sparse.csr_matrix((len(word_rows), 1))
    _, columns = np.unique(np.concatenate(per_doc), return_inverse=True)
    columns = columns.ravel()
    indptr = np.concatenate([[0], np.cumsum(lengths)])
    data = np.ones(len(columns), dtype=np.float64)
    return sparse.csr_matrix((data, columns, indptr), shape=(len(word_rows), int(columns.max()) + 1))


MAX_SHINGLE_SPREAD = 50
"""A 4-word run found in more articles than this ("said in a statement on") finds no candidates."""
SKETCH = 16
"""Each article's sketch: its 16 runs of smallest hash, a fixed random sample (bottom-k MinHash)."""
SKETCH_HITS = 4
"""A pair is compared when this many of one sketch's runs are in the other (a copy holds about 11)."""


def containment(shingles: sparse.csr_matrix) -> sparse.csr_matrix:
    """Shared shingles over the smaller document's shingles, for candidate pairs of near copies.

    Columns are shingles in hash order, so a row's first SKETCH columns are a seeded random sample
    of its runs. When most of a document's runs are in another (a near copy), most of its sample is
    too; pairs with SKETCH_HITS of one's sample in the other (sample runs held by at most
    MAX_SHINGLE_SPREAD documents) are the candidates, and each one's share is then counted exactly.
    Two articles that share a sentence or two are never compared in bulk.
    """
    shingles = sparse.csr_matrix(shingles)
    shingles.sort_indices()
    count = shingles.shape[0]
    spread = np.bincount(shingles.indices, minlength=shingles.shape[1])
    rows = np.repeat(np.arange(count), np.diff(shingles.indptr))
    first = (np.arange(shingles.nnz) - shingles.indptr[rows]) < SKETCH
    first &= spread[shingles.indices] <= MAX_SHINGLE_SPREAD
    sketch = sparse.csr_matrix((np.ones(int(first.sum())), (rows[first], shingles.indices[first])),
                               shape=shingles.shape)
    candidates = (sketch @ shingles.T).tocoo()
    needed = np.maximum(np.minimum(SKETCH_HITS, np.diff(sketch.indptr)), 1)  # a short text has a short sketch
    enough = (candidates.data >= needed[candidates.row]) & (candidates.row != candidates.col)
    left, right = candidates.row[enough], candidates.col[enough]
    shared = cosines(shingles, shingles, left, right)  # dot products of binary rows: shared runs
    sizes = np.asarray(shingles.sum(axis=1)).ravel()
    smaller = np.maximum(np.minimum(sizes[left], sizes[right]), 1.0)
    return sparse.csr_matrix((shared / smaller, (left, right)), shape=(count, count))


@dataclass(frozen=True)
class SentenceSpace:
    """TF-IDF vectors of a batch of short texts (sentences), for redundancy and novelty checks."""

    vectors: sparse.csr_matrix
    extra: sparse.csr_matrix
    """Vectors of extra texts (e.g. sentences of earlier briefings) sharing the batch's vocabulary and IDF."""

    @classmethod
    def of_stems(cls, stem_rows: Sequence[np.ndarray], count: int) -> SentenceSpace:
        """The space of texts given as stem numbers (`Tokens.stems`): the first `count` are the
        batch, the others its extra texts."""
        matrix = unit_tfidf(stem_rows)
        return cls(vectors=matrix[:count], extra=matrix[count:])


def each_language(texts: Sequence[str], languages: Languages) -> list[str]:
    """A language per text: `languages` if it is one, else its entries in order, and for texts
    beyond them (an earlier briefing that named none) the language detected from the text."""
    if isinstance(languages, str):
        return [languages] * len(texts)
    from ..languages.detect import detect_language

    given = list(languages[:len(texts)])
    return [*given, *map(detect_language, texts[len(given):])]
