"""Count matrices (rows x stems) and their TF-IDF: one of each for the rankers, stories and themes.

sumy's rankers stem every word of every sentence again for every pair of sentences. Ours turn a
document into one sparse count matrix (sentences x distinct stems) and do the rest with numpy and
scipy. Each distinct word is lowercased, checked against the stop words and stemmed once per process
(`StemTable` maps it straight to a stem number), which is what "stems cached" means here: after the
first few articles, turning a sentence into stems is one dictionary lookup per word, done in C.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import chain
from operator import itemgetter
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from scipy import sparse

STOP = 0
"""The stem number of a stop word: left out of every matrix (stems are numbered from 1)."""

_FIRST_COMPACTION = 4096
"""Words in a `StemTable` when it is first rebuilt compactly (see `StemTable._compact`)."""


class StemTable:
    """word as written -> a stem number (or STOP), filled lazily and kept for the process.

    The same normalisation as sumy's summarizers: lowercase, drop stop words (compared lowercased),
    stem the lowercased word. Words with the same stem share a number.
    """

    def __init__(self, stemmer: Callable[[str], str], stop_words: Iterable[str] = ()) -> None:
        self._stemmer = stemmer
        self._stop = frozenset(w.lower() for w in stop_words)
        self._words: dict[str, int] = {}
        self.stem_ids: dict[str, int] = {}
        """stem -> its number."""
        self._compact_at = _FIRST_COMPACTION
        self._learning = threading.Lock()  # lookups need none; learning and rebuilding go one at a time

    def _learn(self, words: Iterable[str]) -> None:
        with self._learning:
            known = self._words
            new: dict[str, str] = {}  # word -> lowercased, in order of first occurrence
            for word in words:
                if word not in known and word not in new:
                    lower = word.lower()
                    if lower in self._stop:
                        known[word] = STOP
                    else:
                        new[word] = lower
            # All of an article's new words stemmed in one call where the stemmer can (see
            # text.CachingStemmer): on the first day's news, most words are new.
            stem_many = getattr(self._stemmer, "stem_many", None)
            lowers = list(new.values())
            stems = stem_many(lowers) if stem_many else map(self._stemmer, lowers)
            stem_ids = self.stem_ids
            for word, stem in zip(new, stems):
                known[word] = stem_ids.setdefault(stem, len(stem_ids) + 1)
            if len(known) >= self._compact_at:
                self._compact()

    def _compact(self) -> None:
        """Rebuild the table with its words and numbers in fresh memory, side by side.

        Words are learnt a few at a time, and their strings and numbers lie scattered among all the
        other objects of the process, so looking words up touched pages all over the heap. Copied
        together, the table is a few megabytes that the processor's caches and address translation
        keep at hand: a tenth of TextRank's time on the dev set. The table is copied each time it
        has grown by a quarter, so the copying adds up to a few times its final size.
        """
        numbers = list(range(len(self.stem_ids) + 1))  # new int objects, allocated one after another
        # (word + " ")[:-1] is a copy; word[:] and str(word) would be the same object.
        self._words = {(word + " ")[:-1]: numbers[number] for word, number in self._words.items()}
        self._compact_at = len(self._words) * 5 // 4

    def ids(self, word_lists: Sequence[Sequence[str]], count: int) -> np.ndarray:
        """The stem number of each word of the sentences in reading order (`count` words in all),
        STOP for stop words."""
        if count < 2:  # itemgetter of one item gives the item, not a tuple
            words = list(chain.from_iterable(word_lists))
            self._learn(words)
            return np.array([self._words[w] for w in words], dtype=np.int64)
        lookup = itemgetter(*chain.from_iterable(word_lists))  # every lookup in one C call
        try:
            found = lookup(self._words)
        except KeyError:
            self._learn(chain.from_iterable(word_lists))
            found = lookup(self._words)
        return np.fromiter(found, dtype=np.int64, count=count)


_ROW_BITS = 24  # up to 16 million sentences in one matrix


class _Scratch(threading.local):
    """Per-thread work arrays for `representatives`, grown as needed and never cleared."""

    slots = np.zeros(0, dtype=np.int32)  # 4 bytes a stem: the less memory it spans, the more stays cached
    positions = np.arange(0, dtype=np.int32)


_SCRATCH = _Scratch()


def representatives(stems: np.ndarray) -> np.ndarray:
    """For each occurrence, the position of one occurrence of the same stem (the same for all of
    them): a grouping by stem without sorting, from a scratch array indexed by stem number.

    Stale values in the scratch array are never read: every stem looked up was written just before.
    """
    scratch = _SCRATCH
    size = len(stems)
    if size == 0:
        return stems
    if len(scratch.positions) < size:
        scratch.positions = np.arange(max(size, 2 * len(scratch.positions)), dtype=np.int32)
    try:
        scratch.slots[stems] = scratch.positions[:size]
    except IndexError:  # a stem number beyond the scratch array: grow it
        top = int(stems.max()) + 1
        scratch.slots = np.zeros(max(top, 2 * len(scratch.slots), 1024), dtype=np.int32)
        scratch.slots[stems] = scratch.positions[:size]
    return scratch.slots[stems]


@dataclass(frozen=True)
class Counts:
    """A (sentences x distinct stems) count matrix as its stored entries, one per sentence and stem.

    Entries are sorted by column (stem), then row: column `c` holds the entries
    `starts[c] : starts[c] + df[c]`, and `df` is each stem's number of sentences.
    """

    shape: tuple[int, int]
    rows: np.ndarray
    cols: np.ndarray
    data: np.ndarray
    starts: np.ndarray
    df: np.ndarray

    def csr(self, data: np.ndarray | None = None) -> sparse.csr_matrix:
        """As a scipy matrix (with other values in the same places, if given)."""
        from scipy import sparse  # 0.2 s to import; one article's ranking never needs it

        values = self.data if data is None else data
        return sparse.csr_matrix((values, (self.rows, self.cols)), shape=self.shape)

    def gram(self, data: np.ndarray | None = None) -> np.ndarray:
        """The dense (sentences x sentences) product M @ M.T, M this matrix (or other values in its places).

        For one article, numpy alone: every pair of entries that share a stem adds its product to
        one cell (the pairs are few: most stems occur in one or two sentences). This is several
        times faster than building scipy matrices for a 30-sentence article, and never hands a small
        product to a BLAS thread pool (which costs more than the work on a busy machine). Large
        inputs go through scipy's sparse product.
        """
        values = self.data if data is None else data
        n = self.shape[0]
        sizes = self.df
        if n * n > 250_000 or int(sizes @ sizes) > 200_000:
            matrix = self.csr(values)
            return (matrix @ matrix.T).toarray()
        per_entry = np.repeat(sizes, sizes)
        left = np.repeat(np.arange(len(self.rows)), per_entry)
        ends = np.cumsum(per_entry)
        right = np.repeat(np.repeat(self.starts, sizes), per_entry) + np.arange(len(left)) - np.repeat(ends - per_entry, per_entry)
        rows = self.rows
        cells = np.bincount(rows[left] * n + rows[right], weights=values[left] * values[right], minlength=n * n)
        return cells.reshape(n, n)


_SHARED: dict[tuple[int, frozenset[str]], tuple[Callable[[str], str], StemTable]] = {}


def shared_table(stemmer: Callable[[str], str], stop_words: Iterable[str] = ()) -> StemTable:
    """One StemTable per stemmer and stop words for the whole process, shared by every ranker."""
    stop = frozenset(stop_words)
    key = (id(stemmer), stop)
    entry = _SHARED.get(key)
    if entry is None or entry[0] is not stemmer:  # the stemmer is kept, so its id is not reused
        entry = _SHARED[key] = (stemmer, StemTable(stemmer, stop))
    return entry[1]


def stem_occurrences(word_lists: Sequence[Sequence[str]],
                     table: StemTable) -> tuple[np.ndarray, np.ndarray]:
    """(stem number, sentence number) of every word that is not a stop word, in reading order."""
    sizes = list(map(len, word_lists))
    ids = table.ids(word_lists, sum(sizes))
    rows = np.arange(len(word_lists), dtype=np.int64).repeat(sizes)
    keep = ids.nonzero()[0]  # not STOP
    return ids[keep], rows[keep]


def count_matrix(word_lists: Sequence[Sequence[str]], table: StemTable) -> Counts:
    """The (sentences x distinct stems) counts of the sentences' words, stop words left out."""
    return counts_of(*stem_occurrences(word_lists, table), len(word_lists))


def counts_of(stems: np.ndarray, rows: np.ndarray, n: int) -> Counts:
    """The (n rows x distinct stems) counts of stem occurrences given as (stem number, row number)
    pairs: the one count-matrix builder, for sentences (`count_matrix`) and whole articles alike.

    Columns are numbered in stem number order; only stems that occur have a column.
    """
    keys = (stems << _ROW_BITS) | rows
    keys.sort()  # by stem, then row
    entries = _firsts(keys)
    counts = np.diff(np.append(entries, len(keys))).astype(np.float64)
    keys = keys[entries]
    stem_of = keys >> _ROW_BITS
    new_stem = np.empty(len(stem_of), dtype=bool)
    new_stem[:1] = True
    np.not_equal(stem_of[1:], stem_of[:-1], out=new_stem[1:])
    starts = np.flatnonzero(new_stem)
    df = np.diff(np.append(starts, len(stem_of)))
    return Counts((n, max(len(starts), 1)), keys & ((1 << _ROW_BITS) - 1), np.cumsum(new_stem) - 1, counts,
                  starts, df)


def counts_of_rows(stem_rows: Sequence[np.ndarray]) -> Counts:
    """`counts_of` for rows given as arrays of stem numbers (each row's stems in any order)."""
    sizes = np.fromiter(map(len, stem_rows), dtype=np.int64, count=len(stem_rows))
    stems = np.concatenate(stem_rows) if sizes.sum() else np.zeros(0, dtype=np.int64)
    return counts_of(stems, np.arange(len(stem_rows), dtype=np.int64).repeat(sizes), len(stem_rows))


@dataclass(frozen=True)
class TfIdf:
    """Sublinear TF x IDF weights of a count matrix's entries (in its order), and each row's length.

    TF is 1 + log tf, so one word repeated ten times never outweighs ten different shared words.
    IDF is log((N + 1) / df), or with `smooth` (sklearn's smooth IDF) log((N + 1) / (df + 1)) + 1,
    which keeps words found in every row from vanishing in a small batch. The rankers use the first
    (their ratings are pinned to it), stories and story blocks the second (their thresholds are).
    """

    counts: Counts
    weights: np.ndarray
    norms: np.ndarray
    """Each row's Euclidean length (1 for an empty row, so dividing by it is safe)."""

    def cosines(self) -> np.ndarray:
        """The dense (rows x rows) cosine similarities, for one article's sentences."""
        return self.counts.gram(self.weights) / np.outer(self.norms, self.norms)

    def unit_rows(self, keep: np.ndarray | None = None) -> sparse.csr_matrix:
        """The rows scaled to unit length as a scipy matrix (only the entries in `keep`, if given):
        products of them are cosines."""
        from scipy import sparse

        counts, unit = self.counts, self.weights / self.norms[self.counts.rows]
        if keep is None:
            return sparse.csr_matrix((unit, (counts.rows, counts.cols)), shape=counts.shape)
        return sparse.csr_matrix((unit[keep], (counts.rows[keep], counts.cols[keep])), shape=counts.shape)


def tfidf(counts: Counts, *, smooth: bool = False) -> TfIdf:
    """The TF-IDF weights of `counts` (see `TfIdf`): the one TF-IDF of the project."""
    n = counts.shape[0]
    idf = np.log((n + 1.0) / (counts.df + 1.0)) + 1.0 if smooth else np.log((n + 1.0) / counts.df)
    weights = (1.0 + np.log(counts.data)) * idf[counts.cols]
    norms = np.sqrt(np.bincount(counts.rows, weights=weights * weights, minlength=n))
    norms[norms == 0] = 1.0
    return TfIdf(counts, weights, norms)


def _firsts(sorted_keys: np.ndarray) -> np.ndarray:
    """Where each run of equal values starts in a sorted array."""
    new = np.empty(len(sorted_keys), dtype=bool)
    new[:1] = True
    np.not_equal(sorted_keys[1:], sorted_keys[:-1], out=new[1:])
    return np.flatnonzero(new)
