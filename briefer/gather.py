"""Gathering a day's articles: fetch every source at once, remember them, pick what is new.

Sources are fetched concurrently (the Fetcher limits requests per host and in all); as each one
finishes, its articles (and its feed's ETag / Last-Modified) are written to the store in one
transaction. Then the store picks the day's articles:

- a folder's or file's articles are briefed in full on every run (unless its source sets
  only_new): a folder is what you put there for today;
- a feed's or page's articles are briefed once: those that no earlier briefing held (or, with
  briefing.window_hours, those first seen in that window), plus what an earlier run of the same
  day held, so that re-running a day gives the same briefing.

The same article from two sources (by canonical URL or content) is one article listing both.

With compute.cluster set, each feed or page is fetched by a task on a Dask worker instead (with
what the store knows of it: its ETag / Last-Modified, name and passed-over items), through a
Fetcher the worker builds from the same fetch settings; the results come back here, where the
store is written and what is new is chosen as above. Folders and files are read here: a worker
may not see this machine's disk.
"""

from __future__ import annotations

import copy
import itertools
import logging
import pickle
import sys
from collections.abc import Generator, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

from .config import Config, SourceConfig, config_timezone
from .errors import NoArticlesError
from .labels import fill_label, labels_for
from .models import Article, Briefing, Problem, SourceReport
from .reconcile import record_written_briefings
from .sources import Fetched, Source, open_sources
from .sources.http import Fetcher, FetchSettings, Response, user_agent
from .sources.web import WebOptions, WebSource
from .store import Store

log = logging.getLogger(__name__)


@dataclass
class Gathered:
    """The day's articles and how each source fared."""

    articles: list[Article]
    reports: list[SourceReport]
    problems: list[Problem] = field(default_factory=list)
    notice: str | None = None


def progress(iterable: Any = None, **options: Any) -> Any:
    """A tqdm progress bar on a terminal; nothing at all in logs and CI (stderr not a terminal)."""
    from tqdm import tqdm

    return tqdm(iterable, disable=not sys.stderr.isatty(), leave=False, dynamic_ncols=True, **options)


def make_fetcher(config: Config) -> Fetcher:
    """The run's Fetcher, set from config.fetch."""
    return Fetcher(fetch_settings(config))


def fetch_settings(config: Config) -> FetchSettings:
    """config.fetch's limits and timeouts, as every Fetcher of the run (here or on a worker) uses them."""
    f = config.fetch
    return FetchSettings(
        connect_timeout=f.connect_timeout, read_timeout=f.read_timeout, total_timeout=f.total_timeout,
        max_bytes=f.max_bytes, retries=f.retries, backoff=f.backoff, max_redirects=f.max_redirects,
        per_host=f.per_host, concurrency=f.concurrency, user_agent=user_agent(f.contact))


@dataclass(frozen=True)
class Cluster:
    """Where web sources are fetched instead of here: a Dask scheduler (compute.cluster)."""

    address: str
    grace_seconds: float
    fetcher: Fetcher
    """Sent to the workers in place of this process's Fetcher (see _FetcherOnWorker)."""


def open_store(config: Config) -> Store:
    """The store in config.data_dir, created on first use."""
    return Store.in_folder(config.resolve(config.data_dir))


def gather(config: Config, sources: Sequence[SourceConfig] | None = None, *, now: datetime, day: date,
           fetcher: Fetcher | None = None) -> Gathered:
    """Fetch, remember and pick the day's articles; NoArticlesError when there is no source or every
    source failed (a day with nothing new is not an error: it gets a briefing that says so).

    A briefing in config.output_dir that a killed run wrote but did not record
    is recorded first (briefer/reconcile.py), so that its articles are not briefed again."""
    tz = config_timezone(config)
    own_fetcher = fetcher is None
    fetcher = fetcher or make_fetcher(config)
    # A Fetcher given by the caller (its own resolver or transport) cannot travel: its sources are fetched here.
    cluster = Cluster(config.compute.cluster, config.schedule.grace_seconds, _FetcherOnWorker(fetcher.settings)) \
        if config.compute.cluster and own_fetcher else None
    entries = [e for e in (config.sources if sources is None else sources) if e.enabled]
    with open_store(config) as store:
        limits = config.limits
        web = WebOptions(fetcher=fetcher, tz=tz, min_full_text_chars=config.fetch.min_full_text_chars,
                         store=store, max_items=limits.max_items_per_source, max_page_fetches=limits.max_page_fetches)
        try:
            opened = [s for entry in entries for s in open_sources(entry, config, tz, web)]
            fetched, ids = _fetch_all(opened, store, now=now, workers=config.fetch.concurrency, cluster=cluster)
        finally:
            if own_fetcher:
                fetcher.close()
        problems = [p for f in fetched for p in f.problems]
        problems += [Problem(f.location, f.failed) for f in fetched if f.failed]
        if not fetched:
            raise NoArticlesError("no article to brief (no source configured)")
        if all(f.failed for f in fetched):
            reasons = "; ".join(f"{p.location}: {p.reason}" for p in problems)
            raise NoArticlesError(f"no article to brief: every source failed ({reasons})")
        record_written_briefings(store, config.resolve(config.output_dir), config.outputs)
        always = [i for f, got in zip(fetched, ids) if not f.only_new for i in got]
        window = config.briefing.window_hours
        chosen = store.select(day, origins=[f.location for f in fetched if f.only_new], always=always,
                              since=now - timedelta(hours=window) if window else None)
        # Config order, then each source's own order; what earlier runs fetched comes after.
        order = {i: n for n, i in enumerate(dict.fromkeys(i for got in ids for i in got))}
        chosen.sort(key=lambda i: order.get(i, len(order)))
        if len(chosen) > limits.max_articles_per_day:
            # Bounded work per run, and never the same overflow again: what is cut is recorded at once.
            cut = chosen[limits.max_articles_per_day:]
            chosen = chosen[: limits.max_articles_per_day]
            store.pass_over(day, cut)
            problem = Problem("limits.max_articles_per_day",
                              f"briefed {len(chosen):,} of {len(chosen) + len(cut):,} articles; the other "
                              f"{len(cut):,} are passed over for good (raise limits.max_articles_per_day to brief more)")
            log.warning("%s: %s", problem.location, problem.reason)
            problems.append(problem)
        articles = [_sources_in_order(a, fetched) for a in store.articles(chosen)]
        previous = store.previous_briefing(day)
    chosen_set = set(chosen)
    reports = [_report(f, sum(1 for i in set(got) if i in chosen_set)) for f, got in zip(fetched, ids)]
    notice = None
    if not articles:  # in the briefing's language, as its labels are
        labels = labels_for(config.briefing.language)
        notice = fill_label(labels["nothing_new_in_hours"], hours=f"{window:g}") if window else \
            fill_label(labels["nothing_new_since"], date=previous.isoformat()) if previous else \
            fill_label(labels["nothing_new"])
    return Gathered(articles=articles, reports=reports, problems=problems, notice=notice)


def record_briefing(config: Config, briefing: Briefing) -> None:
    """Remember which articles the day's briefing held (after its files were written)."""
    with open_store(config) as store:
        ids = store.find(briefing.articles)
        store.record_briefing(briefing.date, briefing.generated_at, ids)


def _fetch_all(sources: list[Source], store: Store, *, now: datetime, workers: int,
               cluster: Cluster | None = None) -> tuple[list[Fetched], list[list[int]]]:
    """Every source's Fetched and stored article ids, in config order; each stored as it finishes.

    Web sources are fetched on the `cluster` when there is one; everything else in threads here."""
    results: list[Fetched | None] = [None] * len(sources)
    ids: list[list[int]] = [[] for _ in sources]
    if not sources:
        return [], []
    remote = [(n, s) for n, s in enumerate(sources) if cluster is not None and isinstance(s, WebSource)]
    sent = {n for n, _ in remote}
    local = [n for n in range(len(sources)) if n not in sent]
    pool = ThreadPoolExecutor(max_workers=max(1, min(workers, len(local))), thread_name_prefix="briefer-source")
    on_cluster = _fetched_on_cluster(cluster, store, remote)  # empty without a cluster
    try:
        futures = {pool.submit(_fetch_one, sources[n]): n for n in local}
        # While the local threads read folders, the workers fetch; each result is stored here as it comes.
        finished = itertools.chain(on_cluster, ((futures[f], f.result()) for f in as_completed(futures)))
        for n, fetched in progress(finished, total=len(sources), desc="fetching", unit="source"):
            if fetched.kind == "folder" and not fetched.failed and not fetched.articles:
                fetched.failed = "no article could be read from it" if fetched.problems else "no article files in it"
            for problem in fetched.problems:  # logged here, once, for every kind of source
                log.warning("skipped %s: %s", problem.location, problem.reason)
            if fetched.failed:
                log.warning("source %s failed: %s", fetched.location, fetched.failed)
            elif fetched.note:
                log.info("source %s: %s", fetched.location, fetched.note)
            ids[n] = store.record(fetched.articles, source=fetched.name, origin=fetched.location, now=now,
                                  feed_url=None if fetched.failed else fetched.url, etag=fetched.etag,
                                  last_modified=fetched.last_modified, modified=not fetched.not_modified,
                                  passed_over=fetched.passed_over)
            results[n] = fetched
    except BaseException:
        # A stop (or abandoned run) must not wait for a hung fetch: leave its thread behind, and
        # cancel the cluster's tasks now rather than whenever the generator is collected.
        pool.shutdown(wait=False, cancel_futures=True)
        on_cluster.close()
        raise
    pool.shutdown()
    return [r for r in results if r is not None], ids


def _fetch_one(source: Source) -> Fetched:
    try:
        fetched = source.fetch()
        fetched.only_new = source.only_new
        return fetched
    except Exception as exc:  # one source's bug must not sink the others; it is reported as failed
        log.debug("source %s raised", getattr(source, "name", source), exc_info=True)
        return _failed(source, f"unexpected error ({type(exc).__name__}: {exc})")


def _failed(source: Source, reason: str) -> Fetched:
    where = getattr(source, "url", None) or getattr(source, "location", None) or getattr(source, "name", "?")
    return Fetched(name=str(getattr(source, "name", where)), location=str(where), failed=reason)


# -- fetching on a Dask cluster --------------------------------------------------------------------


@dataclass(frozen=True)
class KnownFeed:
    """What the store knows of one web source, sent along with it to a worker (which has no store)."""

    etag: str | None
    last_modified: str | None
    title: str | None
    passed_over: frozenset[str]

    # The three questions WebSource asks its store (WebOptions.store) about its own URL.
    def validators(self, url: str) -> tuple[str | None, str | None]:
        return self.etag, self.last_modified

    def feed_title(self, url: str) -> str | None:
        return self.title

    def passed_over_keys(self, url: str) -> set[str]:
        return set(self.passed_over)


class _FetcherOnWorker(Fetcher):
    """What a worker is sent in place of this process's Fetcher: only the fetch settings (so it pickles);
    its requests go through the worker process's own Fetcher for them, with the same address guard,
    fetch.* limits and total timeouts as here."""

    def __init__(self, settings: FetchSettings) -> None:  # no transport, locks or pools of its own
        self.settings = settings

    def get(self, url: str, **options: Any) -> Response:
        return worker_fetcher(self.settings).get(url, **options)

    def close(self) -> None:
        pass  # the worker's Fetcher serves the worker's later tasks too


@lru_cache(maxsize=4)
def worker_fetcher(settings: FetchSettings) -> Fetcher:
    """A worker process's one Fetcher for these settings: fetch.per_host and fetch.concurrency hold per worker."""
    return Fetcher(settings)


def fetch_on_worker(n: int, sent: bytes, _: None = None) -> tuple[int, Fetched]:
    """The fetch map's task: source `n` fetched on a Dask worker, failures reported as they are here."""
    return n, _fetch_one(pickle.loads(sent))


def _for_worker(source: WebSource, store: Store, fetcher: Fetcher) -> bytes:
    """A copy of `source` that can travel, pickled: the store's answers about it, and the worker's Fetcher.

    Pickled here, so that a source that cannot travel fails here, as one failed source (Dask would
    only log it, and never finish the task)."""
    known = KnownFeed(*store.validators(source.url), store.feed_title(source.url),
                      frozenset(store.passed_over_keys(source.url)))
    sent = copy.copy(source)
    sent.options = replace(source.options, fetcher=fetcher, store=known)
    return pickle.dumps(sent)


def _fetched_on_cluster(cluster: Cluster | None, store: Store,
                        remote: list[tuple[int, WebSource]]) -> Generator[tuple[int, Fetched], None, None]:
    if cluster is None or not remote:
        return
    from .compute_dask import run_on_cluster

    sources = dict(remote)
    tasks: list[tuple[int, bytes]] = []
    for n, source in remote:
        try:
            tasks.append((n, _for_worker(source, store, cluster.fetcher)))
        except (pickle.PicklingError, TypeError, AttributeError) as exc:
            yield n, _failed(source, f"cannot be sent to the Dask cluster ({type(exc).__name__}: {exc})")

    def lost(n: int, error: BaseException) -> tuple[int, Fetched]:  # Dask could not run the task at all
        return n, _failed(sources[n], f"its fetch on the Dask cluster failed ({type(error).__name__}: {error})")

    yield from run_on_cluster(cluster.address, fetch_on_worker, tasks, None, name="fetch", failed=lost,
                              grace_seconds=cluster.grace_seconds)


def _sources_in_order(article: Article, fetched: list[Fetched]) -> Article:
    """The article's sources in config order (the store has them in the order the fetches ended)."""
    rank: dict[str, int] = {}
    for n, f in enumerate(fetched):
        rank.setdefault(f.name, n)
    names = tuple(sorted(article.sources, key=lambda name: rank.get(name, len(rank))))
    return replace(article, source=article.source or names[0], sources=names) if names else article


def _report(fetched: Fetched, new: int) -> SourceReport:
    return SourceReport(name=fetched.name, url=fetched.url, status=fetched.status,
                        reason=fetched.failed or fetched.note, items=len(fetched.articles), new=new,
                        location=fetched.location)

