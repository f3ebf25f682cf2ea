"""Running a map on a Dask distributed cluster (the optional extra `briefer[dask]`).

briefer sends two maps to the cluster: the fetch of each web source (gather.py), then the ranking
of each chunk of articles (compute.py). Each item's result is yielded with its position, so an item
Dask re-runs after a lost worker (up to `retries` times) is never counted twice. An interrupted run
(SIGTERM, Ctrl-C, or the scheduler loop abandoning it after its grace period) cancels the items
still queued or running, and closes the client within `grace_seconds`.
"""

from __future__ import annotations

import contextlib
import logging
import signal
import threading
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from .errors import BrieferError

log = logging.getLogger(__name__)

CONNECT_TIMEOUT = "10s"
"""How long to wait for the scheduler before the run fails with a clear message."""
RETRIES = 3
"""How often Dask re-runs a task that raised; a task whose worker died is re-run too (Dask's
distributed.scheduler.allowed-failures, 3 by default), and fails the run (or its item) after that."""


class ClusterError(BrieferError):
    """The Dask scheduler named by compute.cluster could not be reached or lost the run."""


class Terminated(BrieferError):
    """`briefer run` got SIGTERM while its tasks ran on the cluster: they were cancelled."""

    exit_code = 143  # 128 + SIGTERM, as a shell reports a process ended by it


def run_on_cluster(address: str, task: Callable[..., Any], chunks: Sequence[tuple[int, Any]],
                   settings: Any, *, retries: int = RETRIES, grace_seconds: float, name: str = "rank",
                   failed: Callable[[int, BaseException], Any] | None = None) -> Iterator[Any]:
    """Each chunk's `task(start, chunk, settings)` result, run on the cluster at `address`, as they finish.

    `failed(start, error)` stands in for the result of a chunk that Dask could not run (its task
    raised, or its workers kept dying); without it, such a chunk fails the run."""
    from distributed import Client, as_completed

    try:
        client = Client(address, timeout=CONNECT_TIMEOUT)
    except (OSError, TimeoutError) as exc:
        raise ClusterError(f"compute.cluster {address}: cannot reach the Dask scheduler ({exc})") from None
    futures: dict[Any, int] = {}
    try:
        with _sigterm_stops_the_run():
            futures = {client.submit(task, start, chunk, settings, retries=retries, pure=False,
                                     key=f"briefer-{name}-{start}-{id(chunk):x}"): start
                       for start, chunk in chunks}
            for future in as_completed(futures):
                if future.status == "cancelled":  # not by us: the scheduler restarted or dropped the client
                    raise ClusterError(f"compute.cluster {address}: the Dask scheduler dropped the run's tasks")
                if future.status == "error" and failed is not None:
                    error = future.exception()
                    log.debug("cluster task %s failed: %r", future.key, error)
                    yield failed(futures[future], error)
                else:
                    yield future.result()
    finally:
        if futures:
            client.cancel(list(futures))  # nothing the run no longer needs keeps the cluster busy
        client.close(timeout=max(1.0, grace_seconds))


@contextlib.contextmanager
def _sigterm_stops_the_run() -> Iterator[None]:
    """In `briefer run`, SIGTERM ends the run by an exception, so that its tasks are cancelled on the way out.

    Only where nobody handles SIGTERM yet (`briefer schedule` has its own handler, which lets the
    run finish within schedule.grace_seconds and then abandons it by an exception, with the same effect)."""
    if threading.current_thread() is not threading.main_thread() or signal.getsignal(signal.SIGTERM) != signal.SIG_DFL:
        yield
        return

    def stop(signum: int, frame: Any) -> None:
        raise Terminated("stopped by SIGTERM; the run's tasks on the Dask cluster were cancelled")

    signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
