"""Ranking many sentences from many articles at once: a theme section, a day's news.

Continuous LexRank on a sparse graph: sentences are TF-IDF vectors (stems without stop words,
idf over the sentences given), two sentences are linked by their cosine when it is at least
`MIN_SIMILARITY`, and a sentence's centrality is its PageRank in that graph (damping 0.85). Every
step is a scipy sparse product, never a loop over pairs: 5,000 sentences rank in a fraction of a
second (benchmarks/summarize.py prints the time). Stems held by more than `MAX_SHARE` of the
sentences (and more than `MIN_CUT` of them) are left out of the links: they would link nearly
every pair (a dense product) while their idf makes them worth almost nothing.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy import sparse

from ..text import Tokenizer, stemmer_for, stop_words
from .features import Counts, StemTable, count_matrix, tfidf

MIN_SIMILARITY = 0.1
MAX_SHARE = 0.05
MIN_CUT = 50
"""Stems in at most this many sentences always link them, however few the sentences."""
DAMPING = 0.85

_TABLES: dict[str, StemTable] = {}


def stem_table(language: str = "english") -> StemTable:
    """The process's stem table for a language (the same stop words and stemmer as the rankers)."""
    if language not in _TABLES:
        _TABLES[language] = StemTable(stemmer_for(language), stop_words(language))
    return _TABLES[language]


def sentence_counts(sentences: Sequence[str], language: str = "english") -> Counts:
    """The (sentences x stems) count matrix of sentences given as text."""
    tokenizer = Tokenizer(language)
    return count_matrix([tokenizer.to_words(s) for s in sentences], stem_table(language))


def similarity_graph(counts: Counts) -> sparse.csr_matrix:
    """Sparse TF-IDF cosine between sentences, links below MIN_SIMILARITY dropped, no self-links."""
    vectors = tfidf(counts).unit_rows(_linking(counts))
    graph = (vectors @ vectors.T).tocsr()
    graph.setdiag(0.0)
    graph.data[graph.data < MIN_SIMILARITY] = 0.0
    graph.eliminate_zeros()
    return graph


def centrality(graph: sparse.csr_matrix, damping: float = DAMPING, tolerance: float = 1e-6,
               max_steps: int = 100) -> np.ndarray:
    """PageRank of each sentence in a weighted similarity graph (sums to 1)."""
    n = graph.shape[0]
    if n == 0:
        return np.zeros(0)
    out = np.asarray(graph.sum(axis=1)).ravel()
    dangling = out == 0
    out[dangling] = 1.0
    walk = sparse.diags(1.0 / out) @ graph  # row-stochastic where a sentence has links
    walk_t = walk.T.tocsr()
    rank = np.full(n, 1.0 / n)
    for _ in range(max_steps):
        nxt = damping * (walk_t @ rank + rank[dangling].sum() / n) + (1.0 - damping) / n
        done = np.abs(nxt - rank).sum() < tolerance
        rank = nxt
        if done:
            break
    return rank


def _linking(counts: Counts) -> np.ndarray:
    """Which entries of the count matrix may link sentences: those of stems held by at most
    max(MIN_CUT, MAX_SHARE * sentences) sentences (see the module's docstring)."""
    return (counts.df <= max(MIN_CUT, MAX_SHARE * counts.shape[0]))[counts.cols]


def rank_sentences(sentences: Sequence[str], language: str = "english") -> np.ndarray:
    """The centrality of each sentence among all of them (higher: more of the others say the same)."""
    return centrality(similarity_graph(sentence_counts(sentences, language)))
