"""The per-article map, in this process, a process pool or a Dask cluster: each article's language,
ranked sentences, and what the assembly needs of them (theme matches, names, quotes).

Only this map runs elsewhere: the store, the choice of what is new and the day's assembly (stories,
themes, novelty, rendering) need every article at once and stay with the coordinator (pipeline.py).

Each article's work is pure and deterministic, so the briefing is the same with 1 or N workers:
articles go out in chunks, and results are put back by chunk position (a chunk Dask re-runs after a
lost worker replaces its slot; it is never briefed twice). Workers return compact results
(`CompactArticle`: plain tuples, each sentence as its span of the article's text), never the article
back, and everything per sentence is found there, its words split and stemmed included, so the
coordinator does not split or stem the day's articles again (briefer/stories/words.py).
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any, NamedTuple

from .config import Config, ThemeConfig
from .languages.detect import with_languages
from .models import Article, CompactArticle, Findings, Problem, Quote, ScoredSentence, Sentence
from .stories.words import DayWords, compact_words, sentence_spans
from .themes.findings import ArticleFindings, article_findings, record
from .themes.matching import ThemeMatcher

log = logging.getLogger(__name__)

MIN_ARTICLES_PER_WORKER = 50
"""Below this many articles per worker, a pool costs more to start than it saves."""
CHUNKS_PER_WORKER = 4
"""Chunks per worker at least: small enough to balance the load, large enough that sending them is cheap."""
MAX_CHUNK = 250
"""Articles per chunk at most, so that a chunk's results (a few MiB pickled) never pile up in memory."""
CLUSTER_RETRIES = 3
"""How often Dask re-runs a chunk whose worker was lost before the run fails."""
START_METHOD = "forkserver"
"""How pool workers start: forked from a small warm server process, not from the coordinator (whose
memory, the day's articles and the store, a forked worker would carry along and partly copy)."""
PRELOAD = ["briefer.compute", "briefer.summarize.ranking", "briefer.summarize.news", "py3langid.langid"]
"""Imported once by the pool's fork server, so that every worker forked from it starts warm."""


class MapSettings(NamedTuple):
    """What a worker needs besides the articles: the ranker and the themes to match sentences with."""

    algorithm: str
    language: str
    themes: tuple[ThemeConfig, ...] = ()


@dataclass(frozen=True)
class Ranked:
    """The map's result: the articles with their language set, every article's scored sentences in
    article order, what the workers found in them for the assembly (their findings and words), and
    the articles that failed."""

    articles: list[Article]
    sentences: list[ScoredSentence]
    problems: list[Problem]
    findings: Findings = field(default_factory=Findings)
    words: DayWords = field(default_factory=DayWords, compare=False, repr=False)


def rank_articles(articles: Sequence[Article], config: Config) -> Ranked:
    """Detect each article's language (summarizer.language "auto") and rank its sentences where
    config.compute says (the coordinator keeps the articles)."""
    from .gather import progress

    settings = MapSettings(config.summarizer.algorithm, config.summarizer.language, tuple(config.themes))
    chunks = list(_chunks(articles, _chunk_size(len(articles), workers_for(len(articles), config))))
    compact: list[CompactArticle | str | None] = [None] * len(articles)
    bar = progress(total=len(articles), desc="summarising", unit="article")
    try:
        for start, results in _run_map(chunks, settings, config):
            compact[start:start + len(results)] = results
            bar.update(len(results))
    finally:
        bar.close()
    languages: list[Article] = []
    ranked: list[ScoredSentence] = []
    problems: list[Problem] = []
    findings, words = Findings(), DayWords()
    for article, result in zip(articles, compact):
        if isinstance(result, CompactArticle):
            article = article if article.language == result.language else replace(article, language=result.language)
            ranked.extend(_expand(article, result, findings, words))
            for location, reason in result.cuts:
                log.warning("%s: %s", location, reason)
                problems.append(Problem(location, reason))
        else:
            article = with_languages([article], settings.language)[0]  # still briefed, in its language
            if result is not None:
                log.warning("skipped %s: %s", article.location or article.key, result)
                problems.append(Problem(article.location or article.key, result))
        languages.append(article)
    return Ranked(languages, ranked, problems, findings, words)


def workers_for(count: int, config: Config) -> int:
    """How many local processes rank `count` articles: compute.workers, else one per core (1 for a small day)."""
    if config.compute.workers is not None:
        return config.compute.workers
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, min(cores, count // MIN_ARTICLES_PER_WORKER))


def rank_chunk(start: int, articles: Sequence[Article], settings: MapSettings) -> tuple[int, list[CompactArticle | str]]:
    """One chunk's compact results (or, for an article that could not be ranked, why); runs on a worker."""
    matcher = ThemeMatcher(settings.themes)
    results: list[CompactArticle | str] = []
    for article in articles:
        try:
            results.append(compact_article(article, settings, matcher))
        except Exception as exc:  # one article's bug must not sink the briefing; it is reported
            log.debug("ranking %s raised", article.key, exc_info=True)
            results.append(f"could not rank its sentences ({type(exc).__name__}: {exc})")
    return start, results


def compact_article(article: Article, settings: MapSettings, matcher: ThemeMatcher) -> CompactArticle:
    """Everything the day's assembly needs of one article: its ranked sentences, each one's best
    theme (on the text a reader sees: the sentence with its context) and names, its quotes, and
    the words of its headline, body and sentences (so that the coordinator splits none of them)."""
    from .summarize.ranking import rank_article

    # Each article is split and stemmed in its own language (detected or given, briefer/languages/).
    article = with_languages([article], settings.language)[0]
    summarizer, tokenizer = _ranker(settings.algorithm, article.language or settings.language)
    cuts: list[tuple[str, str]] = []
    ranked = rank_article(article, summarizer, tokenizer, on_cut=lambda reason: cuts.append((article.location, reason)))
    found = article_findings(article, ranked, matcher)
    texts = [s.sentence.text for s in ranked]
    # Sending a sentence back as two numbers, not its words, makes a compact result about a quarter
    # of the article's size (the coordinator has the text already).
    spans = sentence_spans(article.text, texts)
    return CompactArticle(
        sentences=tuple((span, s.sentence.index, s.sentence.paragraph, s.score, tuple(c.index for c in s.context))
                        for s, span in zip(ranked, spans)),
        language=article.language,
        matches=found.matches, names=found.names,
        quotes=tuple((q.speaker, q.text, q.sentence_index, q.sentence_count, q.score) for q in found.quotes),
        cuts=tuple(cuts),
        words=compact_words(article.title, article.text, texts, article.language, spans))


@lru_cache(maxsize=16)
def _ranker(algorithm: str, language: str) -> tuple[Any, Any]:
    """The summarizer and tokenizer, built once per worker process."""
    from .summarize import get_summarizer
    from .text import Tokenizer

    return get_summarizer(algorithm, language), Tokenizer(language)


def _expand(article: Article, compact: CompactArticle, findings: Findings, words: DayWords) -> list[ScoredSentence]:
    """The coordinator's ScoredSentences, pointing at its own Article, from a worker's compact result;
    the sentences' theme matches, names and the article's quotes go into `findings`, its words into `words`."""
    body = article.text
    sentences = {index: Sentence(text=span if isinstance(span, str) else body[span[0]:span[1]], index=index,
                                 paragraph=paragraph)
                 for span, index, paragraph, _, _ in compact.sentences}
    quotes = [Quote(speaker=speaker, text=text, article=article, sentence_index=first, sentence_count=count, score=score)
              for speaker, text, first, count, score in compact.quotes]
    record(findings, article.key, ArticleFindings(compact.matches, compact.names, quotes))
    if compact.words is not None:
        words.add(article, [index for _, index, _, _, _ in compact.sentences], compact.words)
    return [ScoredSentence(sentence=sentences[index], score=score, article=article,
                           context=tuple(sentences[c] for c in context))
            for _, index, _, score, context in compact.sentences]


def _chunk_size(count: int, workers: int) -> int:
    if workers <= 1:
        return max(1, count)  # here, in this process: nothing to send
    return max(1, min(MAX_CHUNK, -(-count // (workers * CHUNKS_PER_WORKER))))


def _chunks(articles: Sequence[Article], size: int) -> Iterator[tuple[int, Sequence[Article]]]:
    for start in range(0, len(articles), size):
        yield start, articles[start:start + size]


def _run_map(chunks: list[tuple[int, Sequence[Article]]], settings: MapSettings,
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
    languages = sorted({a.language or settings.language for _, part in chunks for a in part})
    with ProcessPoolExecutor(max_workers=workers, mp_context=_pool_context(), initializer=_warm,
                             initargs=(settings.algorithm, languages)) as pool:
        futures: list[Future[Any]] = [pool.submit(rank_chunk, start, part, settings) for start, part in chunks]
        try:
            for future in as_completed(futures):
                yield future.result()
        finally:
            for future in futures:  # an interrupted run (SIGTERM, Ctrl-C) drops what has not started
                future.cancel()


def _pool_context() -> Any:
    """The pool's start method, chosen rather than left to the Python version's default (3.14 moved
    Linux from fork to forkserver): START_METHOD, with its modules preloaded once for a fork server."""
    methods = multiprocessing.get_all_start_methods()
    method = START_METHOD if START_METHOD in methods else methods[0]
    context = multiprocessing.get_context(method)
    if method == "forkserver":
        context.set_forkserver_preload(PRELOAD)
    return context


def _warm(algorithm: str, languages: Sequence[str]) -> None:
    """Build each worker's rankers for the day's languages once, before its first chunk."""
    for language in languages:
        try:
            _ranker(algorithm, language)
        except Exception:  # a pool whose initializer fails is broken; the articles report it instead
            log.debug("warming the %s ranker for %s raised", algorithm, language, exc_info=True)
