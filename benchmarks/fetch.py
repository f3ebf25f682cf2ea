"""Fetch and brief 500 items from 20 feeds served on 127.0.0.1: wall time and peak memory.

15 feeds carry the full text; 5 carry snippets, so their 125 pages are fetched and extracted with
trafilatura. The whole `briefer run` (fetch, store, rank, theme, stories, render, write) is timed. Targets on the 2-core machine: < 30 s and
< 500 MB for the whole run.

    python benchmarks/fetch.py [--feeds 20] [--items 25] [--snippet-feeds 5]
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from webserver import FeedServer, Item, page_html, rss  # noqa: E402

from briefer.config import (  # noqa: E402
    Config,
    config_timezone,  # noqa: E402
    parse_config,
)
from briefer.gather import make_fetcher  # noqa: E402
from briefer.pipeline import run  # noqa: E402
from briefer.sources import Fetched, open_sources  # noqa: E402
from briefer.sources.web import WebOptions  # noqa: E402

TARGET_SECONDS = 30.0
TARGET_MB = 500.0


def fetch_in_turn(config: Config) -> list[Fetched]:
    """The baseline: every source fetched one after the other, with no store."""
    tz = config_timezone(config)
    fetcher = make_fetcher(config)
    web = WebOptions(fetcher=fetcher, tz=tz, min_full_text_chars=config.fetch.min_full_text_chars)
    try:
        return [source.fetch() for entry in config.sources if entry.enabled
                for source in open_sources(entry, config, tz, web)]
    finally:
        fetcher.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--feeds", type=int, default=20)
    parser.add_argument("--items", type=int, default=25, help="items per feed")
    parser.add_argument("--snippet-feeds", type=int, default=5, help="feeds whose items are snippets")
    args = parser.parse_args()

    with FeedServer() as server, tempfile.TemporaryDirectory() as tmp:
        urls = []
        for f in range(args.feeds):
            snippets = f < args.snippet_feeds
            items = []
            for i in range(args.items):
                n = f * args.items + i
                link = server.url(f"/pages/{n}.html")
                if snippets:
                    server.add(f"/pages/{n}.html", page_html(n), "text/html; charset=utf-8")
                items.append(Item(n, link, full=not snippets))
            server.add(f"/feed{f}.xml", rss(items, title=f"Feed {f}"))
            urls.append(server.url(f"/feed{f}.xml"))
        folder = Path(tmp)
        config = parse_config({"sources": urls, "fetch": {"allow_private_addresses": True},
                               "themes": [{"name": "Transport", "keywords": ["train", "rail", "road"]},
                                          {"name": "Health", "keywords": ["hospital", "ward"]}]},
                              base_dir=folder)

        start = time.perf_counter()
        result = run(config, day=date(2026, 11, 27))
        total = time.perf_counter() - start
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

        start = time.perf_counter()
        fetched = fetch_in_turn(config)
        fetch_only = time.perf_counter() - start

    items = len(result.briefing.articles)
    pages = sum(1 for path in server.hits if path.startswith("/pages/"))
    print(f"{args.feeds} feeds, {items} items briefed ({pages} pages fetched for snippet items), "
          f"{sum(len(f.articles) for f in fetched)} items on the fetch-only pass")
    print(f"{'':24}{'measured':>12}{'target':>12}{'ratio':>8}")
    print(f"{'whole run (wall)':24}{total:>11.1f}s{TARGET_SECONDS:>11.0f}s{total / TARGET_SECONDS:>8.2f}")
    print(f"{'peak memory (RSS)':24}{peak_mb:>10.0f}MB{TARGET_MB:>10.0f}MB{peak_mb / TARGET_MB:>8.2f}")
    print(f"{'fetch, one by one':24}{fetch_only:>11.1f}s   (no store, sources in turn)")
    failed = [f for f in result.briefing.sources if f.status != "ok"]
    if failed or items != args.feeds * args.items:
        print(f"unexpected: {len(failed)} sources not ok, {items} items", file=sys.stderr)
        return 1
    return 0 if total < TARGET_SECONDS and peak_mb < TARGET_MB else 1


if __name__ == "__main__":
    raise SystemExit(main())
