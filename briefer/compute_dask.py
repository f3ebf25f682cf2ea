"""Running the per-article map on a Dask distributed cluster (the optional extra `briefer[dask]`).

The coordinator (this process) sends chunks of articles and gets compact results back; Dask re-runs
a chunk whose worker was lost (up to `retries` times), and results are placed by chunk position, so a
re-run chunk never counts twice. An interrupted run (SIGTERM, Ctrl-C) cancels the chunks still queued
or running, and closes the client within `grace_seconds`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from .errors import BrieferError

log = logging.getLogger(__name__)

CONNECT_TIMEOUT = "10s"
"""How long to wait for the scheduler before the run fails with a clear message."""


class ClusterError(BrieferError):
    """The Dask scheduler named by compute.cluster could not be reached or lost the run."""


def run_on_cluster(address: str, task: Callable[..., Any], chunks: Sequence[tuple[int, Any]],
                   settings: Any, *, retries: int, grace_seconds: float) -> Iterator[Any]:
    """Each chunk's `task(start, chunk, settings)` result, run on the cluster at `address`, as they finish."""
    from distributed import Client, as_completed

    try:
        client = Client(address, timeout=CONNECT_TIMEOUT)
    except (OSError, TimeoutError) as exc:
        raise ClusterError(f"compute.cluster {address}: cannot reach the Dask scheduler ({exc})") from None
    futures: list[Any] = []
    try:
        futures = [client.submit(task, start, chunk, settings, retries=retries, pure=False,
                                 key=f"briefer-rank-{start}-{id(chunk):x}")
                   for start, chunk in chunks]
        for future in as_completed(futures):
            yield future.result()
    finally:
        if futures:
            client.cancel(futures)  # nothing the run no longer needs keeps the cluster busy
        client.close(timeout=max(1.0, grace_seconds))
