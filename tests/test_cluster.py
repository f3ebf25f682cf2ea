"""briefer on a Dask cluster on 127.0.0.1: feeds fetched on the workers, a lost worker, SIGTERM.

One LocalCluster (a scheduler and two worker processes, all on 127.0.0.1) serves the whole module
and is stopped after it. Who fetched a feed is read from the server's side: the process that owns
the client end of the request's connection, not what the config asked for.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import date
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from conftest import ROOT, copy_samples, run_cli
from webserver import FeedServer, Item, page_html, rss, with_etag

distributed = pytest.importorskip("distributed", reason="the briefer[dask] extra (dask.distributed) is not installed")
psutil = pytest.importorskip("psutil", reason="psutil (installed with dask.distributed) is not installed")

DAY = "2026-11-28"
GRACE = 5.0
"""schedule.grace_seconds in these projects."""
FEED_PATH = "/gazette.xml"
DEAD_PATH = "/gone.xml"
"""A feed that is gone (404)."""
GUARDED_PATH = "/guarded.xml"
"""A feed on 127.0.0.1 whose source does not allow private addresses: the address guard refuses it."""


@pytest.fixture(scope="module")
def cluster() -> Iterator[tuple[str, distributed.Client]]:
    """The scheduler's address and a client of the test's own, for worker pids and the scheduler's tasks."""
    # The scheduler's HTTP server (health checks) on a free loopback port, without the dashboard.
    with distributed.LocalCluster(host="127.0.0.1", n_workers=2, threads_per_worker=2, processes=True,
                                  dashboard_address="127.0.0.1:0", scheduler_kwargs={"dashboard": False},
                                  worker_dashboard_address=None) as local:
        assert local.scheduler_address.startswith("tcp://127.0.0.1:")
        with distributed.Client(local, timeout="30s") as client:
            yield local.scheduler_address, client


@pytest.fixture
def client(cluster) -> distributed.Client:
    cluster[1].wait_for_workers(2, timeout=60)  # a worker killed by an earlier test is back
    return cluster[1]


def worker_pids(client: distributed.Client) -> set[int]:
    return set(client.run(os.getpid).values())


def briefer_tasks(client: distributed.Client) -> list[str]:
    """The keys of the tasks briefer submitted that the scheduler still holds."""
    return client.run_on_scheduler(lambda dask_scheduler: [str(k) for k in dask_scheduler.tasks
                                                           if str(k).startswith("briefer-")])


def no_briefer_tasks_left(client: distributed.Client, seconds: float = 10) -> bool:
    """Whether the scheduler lets go of every briefer task within `seconds` (it is told asynchronously)."""
    deadline = time.monotonic() + seconds
    while briefer_tasks(client) and time.monotonic() < deadline:
        time.sleep(0.2)
    return not briefer_tasks(client)


def requester(request: BaseHTTPRequestHandler) -> int | None:
    """The pid of the process on this machine that opened the request's connection."""
    here = tuple(request.client_address[:2])
    for connection in psutil.net_connections(kind="tcp"):
        if connection.laddr and tuple(connection.laddr[:2]) == here and connection.pid:
            return int(connection.pid)
    return None


class Feed:
    """A loopback feed whose items have their full text, and one with only a snippet and a page."""

    def __init__(self, server: FeedServer) -> None:
        self.server = server
        self.items = [Item(n, server.url(f"/news/{n}")) for n in (31, 32, 33)]
        self.items.append(Item(34, server.url("/news/34"), full=False))
        self.body = rss(self.items, title="Loopback Gazette")
        self.requesters: dict[str, list[int | None]] = {}
        self.on_feed = lambda request: None
        self.etag = with_etag(self.body, "application/rss+xml")
        server.handle(FEED_PATH, self._feed)
        server.handle("/news/34", self._page)

    def _feed(self, request: BaseHTTPRequestHandler):
        self.requesters.setdefault(FEED_PATH, []).append(requester(request))
        self.on_feed(request)
        return self.etag(request)

    def _page(self, request: BaseHTTPRequestHandler):
        self.requesters.setdefault("/news/34", []).append(requester(request))
        return 200, {"Content-Type": "text/html; charset=utf-8"}, page_html(34).encode()


@pytest.fixture(scope="module")
def module_feed() -> Iterator[Feed]:
    with FeedServer() as server:
        yield Feed(server)


@pytest.fixture
def feed(module_feed: Feed) -> Feed:
    """The module's feed (its port is in the briefing), as a test finds it: answering, nothing logged."""
    module_feed.on_feed = lambda request: None
    module_feed.requesters.clear()
    return module_feed


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory, module_feed: Feed) -> Path:
    """One project for the module (its path is in the briefing): the samples plus the loopback feed."""
    return copy_samples(tmp_path_factory.mktemp("cluster"))


def configure(project: Path, feed: Feed, address: str | None) -> Path:
    """A fresh start for `project`: no state, and the samples plus the feeds, on the cluster at `address`
    (None: in one process)."""
    for state in ("briefings", ".briefer"):
        shutil.rmtree(project / state, ignore_errors=True)
    text = (ROOT / "config.yaml").read_text()
    samples = "sources:\n  - path: samples/\n    name: Samples\n"
    assert samples in text
    allow = "    allow_private_addresses: true\n"
    text = text.replace(samples, samples + f"  - url: {feed.server.url(FEED_PATH)}\n{allow}"
                                           f"  - url: {feed.server.url(DEAD_PATH)}\n{allow}"
                                           f"  - url: {feed.server.url(GUARDED_PATH)}\n")
    text += f"\nschedule:\n  grace_seconds: {GRACE}\n"
    if address:
        text += f"\ncompute:\n  cluster: {address}\n"
    (project / "config.yaml").write_text(text)
    return project


def briefing_json(project: Path) -> dict:
    """The day's JSON from a run of `project`, without generated_at (the state is kept)."""
    return brief(project)[0]


def brief(project: Path) -> tuple[dict, list[str]]:
    """briefing_json, and the run's lines about failed sources."""
    result = run_cli("run", "--date", DAY, cwd=project, timeout=90)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    data = json.loads((project / "briefings" / f"{DAY}.json").read_text())
    data.pop("generated_at")
    return data, sorted(line for line in result.stderr.splitlines() if " failed: " in line)  # in the order they end


@pytest.fixture(scope="module")
def here_and_failed(project: Path, module_feed: Feed, cluster) -> tuple[dict, list[str]]:
    """The one-process briefing of the samples and the feeds, which the cluster's must equal, and its
    lines about the dead feed."""
    data, failed = brief(configure(project, module_feed, None))
    # The one-process run fetched the feed itself: the requester test below can tell the two apart.
    assert not worker_pids(cluster[1]) & set(module_feed.requesters[FEED_PATH])
    dead, guarded = module_feed.server.url(DEAD_PATH), module_feed.server.url(GUARDED_PATH)
    assert len(failed) == 2 and f"source {dead} failed: HTTP 404" in failed[0]  # gone.xml < guarded.xml
    assert f"source {guarded} failed: refused {guarded}: 127.0.0.1 is a loopback address" in failed[1]
    return data, failed


@pytest.fixture
def here(here_and_failed) -> dict:
    return here_and_failed[0]


def titles(data: dict) -> list[str]:
    return [a["title"] for a in data["articles"]] if "articles" in data else []


def test_the_samples_and_a_feed_fetched_on_the_workers_give_the_one_process_briefing(here_and_failed, project,
                                                                                     client, feed):
    workers = worker_pids(client)
    there, failed = brief(configure(project, feed, client.scheduler.address))
    # The dead feed and the one the address guard refuses on the worker: the same lines, the same footer.
    assert (there, failed) == here_and_failed
    assert GUARDED_PATH not in feed.server.hits  # refused before any connection, here and on the workers
    assert any("Loopback Gazette" in json.dumps(s) for s in there["sources"])
    # The feed and the page of its snippet item were fetched by the worker processes.
    assert feed.requesters[FEED_PATH] and set(feed.requesters[FEED_PATH]) <= workers
    assert feed.requesters["/news/34"] and set(feed.requesters["/news/34"]) <= workers

    # The next run's worker is given what the store knows: the feed's ETag (it answers 304, so
    # the day's briefing holds as it was) and its name.
    again = briefing_json(project)
    assert feed.server.headers[FEED_PATH][-1].get("if-none-match") == '"v1"'
    gazette = again["sources"][1]
    assert gazette["name"] == "Loopback Gazette" and gazette["reason"] == "not modified since the last run (HTTP 304)"
    assert {**again, "sources": None} == {**there, "sources": None}


def test_a_worker_killed_while_it_fetches_still_gives_the_full_briefing(here, project, client, feed):
    workers = worker_pids(client)
    killed: list[int] = []

    def kill_the_first_fetcher(request: BaseHTTPRequestHandler) -> None:
        pid = requester(request)
        if not killed and pid in workers:  # never a process that is not one of this cluster's workers
            killed.append(pid)
            os.kill(pid, signal.SIGKILL)
            time.sleep(0.5)  # the answer goes to a dead connection

    feed.on_feed = kill_the_first_fetcher
    there = briefing_json(configure(project, feed, client.scheduler.address))
    assert killed, "the feed was not fetched by a worker"
    fetchers = feed.requesters[FEED_PATH]
    assert fetchers[0] == killed[0] and len(fetchers) == 2 and fetchers[1] != killed[0]  # Dask ran it again
    assert there == here
    assert len(titles(there)) == len(set(titles(there)))  # nothing briefed twice


def test_sigterm_cancels_the_cluster_tasks_and_leaves_no_files(project, client, feed):
    started, release = threading.Event(), threading.Event()

    def stall(request: BaseHTTPRequestHandler) -> None:
        started.set()
        release.wait(30)

    feed.on_feed = stall
    configure(project, feed, client.scheduler.address)
    process = subprocess.Popen([sys.executable, "-m", "briefer", "run", "--date", DAY], cwd=project,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env={**os.environ, "PYTHONUTF8": "1"})
    try:
        assert started.wait(60), "the feed was never requested"
        assert set(feed.requesters[FEED_PATH]) <= worker_pids(client)  # the task runs on a worker
        assert briefer_tasks(client)
        process.send_signal(signal.SIGTERM)
        sent = time.monotonic()
        _, stderr = process.communicate(timeout=GRACE + 10)
        took = time.monotonic() - sent
    finally:
        release.set()
        if process.poll() is None:
            process.kill()
            process.wait()
    assert took < GRACE + 5, f"exited {took:.1f} s after SIGTERM"
    assert process.returncode == 143, stderr
    assert "stopped by SIGTERM" in stderr and "Traceback" not in stderr
    assert no_briefer_tasks_left(client)
    assert not (project / "briefings").exists() or not any((project / "briefings").iterdir())  # no half files
    from briefer.store import Store

    with Store.in_folder(project / ".briefer") as store:
        assert store.previous_briefing(date(2026, 11, 29)) is None  # the day was not recorded


def test_a_task_the_cluster_cannot_run_stands_for_its_item_or_fails_the_run(client):
    from briefer.compute_dask import run_on_cluster

    def shares(start: int, parts: int, _: None) -> tuple[int, float]:
        return start, 1 / parts

    address = client.scheduler.address
    given = [(0, 4), (1, 0), (2, 2)]
    results = run_on_cluster(address, shares, given, None, retries=0, grace_seconds=1, name="test",
                             failed=lambda start, error: (start, type(error).__name__))
    assert sorted(results) == [(0, 0.25), (1, "ZeroDivisionError"), (2, 0.5)]  # e.g. one failed source line
    with pytest.raises(ZeroDivisionError):  # the ranking map has no stand-in: the run fails
        list(run_on_cluster(address, shares, given, None, retries=0, grace_seconds=1, name="test"))
    assert no_briefer_tasks_left(client)
