"""The per-article map (split and rank each article), in this process, a process pool or a Dask cluster.

Only this map runs elsewhere: the store, the choice of what is new and the day's assembly (stories,
themes, novelty, rendering) need every article at once and stay with the coordinator (pipeline.py).

Each article's work is pure and deterministic, so the briefing is the same with 1 or N workers:
articles go out in chunks, and results are put back by chunk position (a chunk Dask re-runs after a
lost worker replaces its slot; it is never briefed twice). Workers return compact results (each
sentence's text, place, score and the indices of its context), not the article back.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from .config import Config
from .models import Article, Problem, ScoredSentence, Sentence

log = logging.getLogger(__name__)

MIN_ARTICLES_PER_WORKER = 50
"""Below this many articles per worker, a pool costs more to start than it saves."""
CHUNKS_PER_WORKER = 4
"""Chunks per worker: small enough to balance the load, large enough that sending them is cheap."""
CLUSTER_RETRIES = 3
"""How often Dask re-runs a chunk whose worker was lost before the run fails."""

CompactSentence = tuple[str, int, int, float, tuple[int, ...]]
"""(text, index in the article, paragraph, score, indices of its context sentences)."""
CompactArticle = tuple[list[CompactSentence], list[tuple[str, str]]]
"""An article's compact sentences, and the (location, reason) of each cut its ranking reported."""


@dataclass(frozen=True)
class Ranked:
    """The map's result: every article's scored sentences in article order, and the articles that failed."""

    sentences: list[ScoredSentence]
    problems: list[Problem]


def rank_articles(articles: Sequence[Article], config: Config) -> Ranked:
    """Rank every article's sentences where config.compute says (the coordinator keeps the articles)."""
    from .gather import progress

    settings = (config.summarizer.algorithm, config.summarizer.language)
    chunks = list(_chunks(articles, _chunk_size(len(articles), workers_for(len(articles), config))))
    compact: list[CompactArticle | str | None] = [None] * len(articles)
    bar = progress(total=len(articles), desc="summarising", unit="article")
    try:
        for start, results in _run_map(chunks, settings, config):
            compact[start:start + len(results)] = results
            bar.update(len(results))
    finally:
        bar.close()
    ranked: list[ScoredSentence] = []
    problems: list[Problem] = []
    for article, result in zip(articles, compact):
        if isinstance(result, str):
            log.warning("skipped %s: %s", article.location or article.key, result)
            problems.append(Problem(article.location or article.key, result))
        elif result is not None:
            ranked.extend(_expand(article, result[0]))
            for location, reason in result[1]:
                log.warning("%s: %s", location, reason)
                problems.append(Problem(location, reason))
    return Ranked(ranked, problems)


def workers_for(count: int, config: Config) -> int:
    """How many local processes rank `count` articles: compute.workers, else one per core (1 for a small day)."""
    if config.compute.workers is not None:
        return config.compute.workers
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, min(cores, count // MIN_ARTICLES_PER_WORKER))


def rank_chunk(start: int, articles: Sequence[Article], settings: tuple[str, str]) -> tuple[int, list[CompactArticle | str]]:
    """One chunk's compact results (or, for an article that could not be ranked, why); runs on a worker."""
    from .summarize.ranking import rank_article

    results: list[CompactArticle | str] = []
    for article in articles:
        # Each article is split and stemmed in its own language (detected or given, briefer/languages/).
        summarizer, tokenizer = _ranker(settings[0], article.language or settings[1])
        cuts: list[tuple[str, str]] = []

        def cut(reason: str, where: str = article.location, found: list[tuple[str, str]] = cuts) -> None:
            found.append((where, reason))

        try:
            ranked = rank_article(article, summarizer, tokenizer, on_cut=cut)
            results.append(([(s.sentence.text, s.sentence.index, s.sentence.paragraph, s.score,
                              tuple(c.index for c in s.context)) for s in ranked], cuts))
        except Exception as exc:  # one article's bug must not sink the briefing; it is reported
            log.debug("ranking %s raised", article.key, exc_info=True)
            results.append(f"could not rank its sentences ({type(exc).__name__}: {exc})")
    return start, results


@lru_cache(maxsize=16)
def _ranker(algorithm: str, language: str) -> tuple[Any, Any]:
    """The summarizer and tokenizer, built once per worker process."""
    from .summarize import get_summarizer
    from .text import Tokenizer

    return get_summarizer(algorithm, language), Tokenizer(language)


def _expand(article: Article, compact: list[CompactSentence]) -> list[ScoredSentence]:
    """The coordinator's ScoredSentences, pointing at its own Article, from a worker's compact result."""
    sentences = {index: Sentence(text=text, index=index, paragraph=paragraph)
                 for text, index, paragraph, _, _ in compact}
    return [ScoredSentence(sentence=sentences[index], score=score, article=article,
                           context=tuple(sentences[c] for c in context))
            for _, index, _, score, context in compact]


def _chunk_size(count: int, workers: int) -> int:
    return max(1, -(-count // (workers * CHUNKS_PER_WORKER))) if workers > 1 else max(1, count)


def _chunks(articles: Sequence[Article], size: int) -> Iterator[tuple[int, Sequence[Article]]]:
    for start in range(0, len(articles), size):
        yield start, articles[start:start + size]


def _run_map(chunks: list[tuple[int, Sequence[Article]]], settings: tuple[str, str],
             config: Config) -> Iterator[tuple[int, list[CompactArticle | str]]]:
    """Each chunk's (start, results), as they finish: on the cluster, in a pool, or here."""
    if config.compute.cluster:
        from .compute_dask import run_on_cluster

        yield from run_on_cluster(config.compute.cluster, rank_chunk, chunks, settings,
                                  retries=CLUSTER_RETRIES, grace_seconds=config.schedule.grace_seconds)
        return
    workers = min(len(chunks), workers_for(sum(len(c) for _, c in chunks), config))
    if workers <= 1:
        for start, articles in chunks:
            yield rank_chunk(start, articles, settings)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures: list[Future[Any]] = [pool.submit(rank_chunk, start, part, settings) for start, part in chunks]
        try:
            for future in as_completed(futures):
                yield future.result()
        finally:
            for future in futures:  # an interrupted run (SIGTERM, Ctrl-C) drops what has not started
                future.cancel()
