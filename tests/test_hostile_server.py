"""Hostile servers, all on 127.0.0.1 and bounded in time: every limit holds whatever the server does.

Slow drip, stalls before and after the headers, endless chunked bodies, resets, huge and bomb
bodies, XML attacks, a 304 to a first request, terminal escapes in a Location header, feeds of
thousands of items. Addresses other than loopback are only ever handed to the guard through an
injected resolver or transport; nothing here connects anywhere else, and no test server redirects
or links off loopback.
"""

from __future__ import annotations

import gzip
import json
import logging
import socket
import struct
import time
from collections.abc import Iterable
from datetime import date, datetime, timezone

import pytest
import urllib3
from conftest import run_cli
from webserver import FeedServer, Item, article_paragraphs, page_html, rss

from briefer.config import parse_config
from briefer.gather import gather, open_store
from briefer.pipeline import run
from briefer.scheduler.state import add_log_file
from briefer.sources.feeds import parse_feed
from briefer.sources.http import Fetcher, FetchError, FetchSettings, RefusedAddress, refusal
from briefer.sources.web import WebOptions, WebSource

DAY = date(2026, 11, 27)
NOW = datetime(2026, 11, 27, 9, 0, tzinfo=timezone.utc)


@pytest.fixture
def server():
    with FeedServer() as running:
        yield running


def local_fetcher(**settings) -> Fetcher:
    options = {"connect_timeout": 2.0, "read_timeout": 2.0, "total_timeout": 3.0, "retries": 0, **settings}
    return Fetcher(FetchSettings(**options), sleep=lambda s: None)


def fetch_failure(fetcher: Fetcher, url: str) -> tuple[str, float]:
    """The FetchError's message and how long the fetch took."""
    started = time.monotonic()
    with pytest.raises(FetchError) as caught:
        fetcher.get(url, allow_private=True)
    return str(caught.value), time.monotonic() - started


def streamed(pieces: Iterable[bytes], headers: dict[str, str] | None = None):
    return lambda _req: (200, {"Content-Type": "application/rss+xml", **(headers or {})}, pieces)


def drip(seconds_between: float, pieces: int) -> Iterable[bytes]:
    yield b'<?xml version="1.0"?><rss version="2.0"><channel><title>Drip</title>'
    for _ in range(pieces):
        time.sleep(seconds_between)
        yield b" "


# -- time limits ------------------------------------------------------------------------------

def test_a_slow_drip_is_cut_at_the_total_timeout(server):
    """One byte every 0.2 s never trips the read timeout; the total one must still hold."""
    server.handle("/drip", streamed(drip(0.2, 150)))  # 30 s if read to the end
    message, took = fetch_failure(local_fetcher(total_timeout=2.0), server.url("/drip"))
    assert "too slow" in message and "fetch.total_timeout" in message
    assert took < 2.0 + 2.0, f"the fetch held {took:.1f} s"


def test_a_slow_drip_through_gzip_is_cut_at_the_total_timeout(server):
    body = gzip.compress(rss([Item(n, None) for n in range(40)]))
    pieces = (body[i:i + 1] for i in range(len(body)))

    def slowly() -> Iterable[bytes]:
        for piece in pieces:
            time.sleep(0.05)
            yield piece

    server.handle("/gzip-drip", streamed(slowly(), {"Content-Encoding": "gzip"}))
    message, took = fetch_failure(local_fetcher(total_timeout=2.0), server.url("/gzip-drip"))
    assert "too slow" in message and took < 4.0


def test_a_stall_after_the_headers_times_out(server):
    def stall() -> Iterable[bytes]:
        time.sleep(8)
        yield b"<rss/>"

    server.handle("/stall", streamed(stall()))
    message, took = fetch_failure(local_fetcher(read_timeout=1.0, total_timeout=5.0), server.url("/stall"))
    assert "timed out after 1 s" in message and took < 3.0


def test_a_stall_before_the_headers_is_bounded_by_the_total_timeout(server):
    def silent(_req):
        time.sleep(8)
        return 200, {"Content-Type": "application/rss+xml"}, b"<rss/>"

    server.handle("/silent", silent)
    message, took = fetch_failure(local_fetcher(read_timeout=20.0, total_timeout=1.5), server.url("/silent"))
    assert "timed out" in message and took < 3.5


# -- sizes ------------------------------------------------------------------------------------

def chunked_forever() -> Iterable[bytes]:
    def framed(data: bytes) -> bytes:
        return b"%x\r\n%s\r\n" % (len(data), data)

    yield framed(b'<?xml version="1.0"?><rss version="2.0"><channel>')
    piece = framed(b"<!-- " + b"x" * 16_000 + b" -->")
    while True:
        yield piece


def test_an_endless_chunked_body_is_cut_at_max_bytes(server):
    server.handle("/endless", streamed(chunked_forever(), {"Transfer-Encoding": "chunked"}))
    message, took = fetch_failure(local_fetcher(max_bytes=2_000_000, total_timeout=20.0), server.url("/endless"))
    assert "too large" in message and "fetch.max_bytes" in message
    assert server.sent["/endless"] < 20_000_000


def test_a_gzip_bomb_is_cut_at_max_bytes_after_decompression(server):
    bomb = gzip.compress(b"<rss>" + b" " * 200_000_000)  # 200 MB of spaces in about 200 KB
    server.handle("/bomb", lambda _req: (200, {"Content-Type": "application/rss+xml", "Content-Encoding": "gzip"}, bomb))
    message, _ = fetch_failure(local_fetcher(max_bytes=5_000_000), server.url("/bomb"))
    assert "too large" in message


def test_a_reset_connection_is_a_clear_failure(server):
    def reset(req) -> Iterable[bytes]:
        yield b'<?xml version="1.0"?><rss version="2.0"><channel>'
        req.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        req.connection.close()  # with linger 0: a TCP reset
        raise ConnectionResetError("reset by the test")

    server.handle("/reset", lambda req: (200, {"Content-Type": "application/rss+xml"}, reset(req)))
    message, took = fetch_failure(local_fetcher(), server.url("/reset"))
    assert "connection" in message and took < 3.0


# -- the address guard, through an injected resolver and transport --------------------------------

class NoConnection:
    """A transport that connects nowhere: it records the address it was asked for and stops there."""

    class Reached(Exception):
        pass

    def __init__(self) -> None:
        self.opened: list[str] = []

    def open(self, *, url, scheme, host, ip, port, headers, timeout):
        self.opened.append(ip)
        raise self.Reached(ip)


EMBEDDING = [
    ("2002:7f00:1::", "127.0.0.1"),           # 6to4
    ("2002:a00:1::", "10.0.0.1"),
    ("64:ff9b::7f00:1", "127.0.0.1"),         # NAT64
    ("64:ff9b::a9fe:a9fe", "169.254.169.254"),
    ("::127.0.0.1", "127.0.0.1"),             # IPv4-compatible
    ("::ffff:0:7f00:1", "127.0.0.1"),         # IPv4-translated
    ("2001:0:4136:e378:8000:63bf:3fff:fdd2", "192.0.2.45"),  # Teredo
]


@pytest.mark.parametrize(("address", "inner"), EMBEDDING)
def test_ipv6_forms_embedding_ipv4_are_refused(address, inner):
    assert inner in (refusal(address) or "")
    transport = NoConnection()
    fetcher = Fetcher(FetchSettings(retries=0), resolver=lambda host, port: [address], transport=transport)
    with pytest.raises(RefusedAddress):
        fetcher.get("http://sneaky.example/feed.xml")
    assert transport.opened == []


@pytest.mark.parametrize("address", ["fec0::1", "fe80::1", "169.254.169.254", "::ffff:169.254.169.254",
                                     "100.100.100.200", "fd00:ec2::254", "10.1.2.3", "::", "ff02::1", "192.0.2.1"])
def test_every_other_non_public_form_is_refused(address):
    transport = NoConnection()
    fetcher = Fetcher(FetchSettings(retries=0), resolver=lambda host, port: [address], transport=transport)
    with pytest.raises(RefusedAddress, match="allow_private_addresses is off"):
        fetcher.get("http://inside.example/")
    assert transport.opened == []


@pytest.mark.parametrize("address", ["169.254.169.254", "fe80::1", "169.254.10.10", "64:ff9b::a9fe:a9fe",
                                     "fd00:ec2::254"])
def test_allowing_private_addresses_still_refuses_link_local_and_metadata_by_name(address):
    transport = NoConnection()
    fetcher = Fetcher(FetchSettings(retries=0), resolver=lambda host, port: [address], transport=transport)
    with pytest.raises(RefusedAddress, match="even with allow_private_addresses"):
        fetcher.get("http://metadata.example/latest/", allow_private=True, named_by_user=True)
    assert transport.opened == []


def test_a_source_that_names_the_metadata_address_itself_reaches_it():
    transport = NoConnection()
    fetcher = Fetcher(FetchSettings(retries=0), transport=transport)
    with pytest.raises(NoConnection.Reached):
        fetcher.get("http://169.254.169.254/latest/", allow_private=True, named_by_user=True)
    assert transport.opened == ["169.254.169.254"]
    with pytest.raises(RefusedAddress):  # a feed item's link (not the source's own URL) does not count
        fetcher.get("http://169.254.169.254/latest/", allow_private=True)
    assert transport.opened == ["169.254.169.254"]


def test_a_redirect_to_the_metadata_address_is_refused_even_from_an_allowed_source():
    class RedirectsToMetadata(NoConnection):
        def open(self, *, url, scheme, host, ip, port, headers, timeout):
            self.opened.append(ip)
            return urllib3.HTTPResponse(body=b"", status=302, preload_content=False,
                                        headers={"Location": "http://169.254.169.254/latest/meta-data/"})

    transport = RedirectsToMetadata()
    fetcher = Fetcher(FetchSettings(retries=0), resolver=lambda host, port: ["10.0.0.5"], transport=transport)
    with pytest.raises(RefusedAddress, match="cloud metadata"):
        fetcher.get("http://intranet.example/feed.xml", allow_private=True, named_by_user=True)
    assert transport.opened == ["10.0.0.5"]


# -- what the server says -----------------------------------------------------------------------

def web_source(server: FeedServer, path: str, store=None, **options) -> WebSource:
    web = WebOptions(fetcher=local_fetcher(total_timeout=20.0), store=store, **options)
    return WebSource(server.url(path), web, allow_private=True)


def test_a_304_to_a_request_without_validators_is_a_failure(server):
    server.add("/always-304.xml", b"", status=304)
    fetched = web_source(server, "/always-304.xml").fetch()
    assert fetched.failed and "304" in fetched.failed and "no ETag" in fetched.failed
    assert not fetched.not_modified


def test_terminal_escapes_in_a_location_header_never_reach_stderr(server, tmp_path):
    server.handle("/moved", lambda _req: (301, {"Location": "/next\x1b[2J\x1b]0;owned\x07"}, b""))
    (tmp_path / "config.yaml").write_text(f"sources:\n  - url: {server.url('/moved')}\n"
                                          f"fetch:\n  allow_private_addresses: true\n  retries: 0\n")
    result = run_cli("run", "--date", DAY.isoformat(), cwd=tmp_path)
    assert result.returncode == 1
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr
    assert "control characters" in result.stderr and "\\x1b[2J" in result.stderr


def test_the_schedule_log_escapes_control_characters(tmp_path):
    handler = add_log_file(tmp_path, max_bytes=100_000, backups=1, level=logging.INFO)
    try:
        logging.getLogger("briefer.test").warning("skipped %s", "evil\x1b[31m\nbriefer: error: fake")
    finally:
        logging.getLogger().removeHandler(handler)
        handler.close()
    log = (tmp_path / "schedule.log").read_text()
    assert "\x1b" not in log and len(log.splitlines()) == 1 and "evil\\x1b[31m\\x0abriefer: error: fake" in log


def test_a_lone_surrogate_in_a_json_feed_item_does_not_sink_the_day(server, tmp_path):
    feed = ('{"version": "https://jsonfeed.org/version/1.1", "title": "Surrogates \\ud800", "items": ['
            '{"id": "1\\udc00", "title": "Quay \\ud800 works", "url": "http://127.0.0.1/x\\ud800",'
            ' "content_text": "' + " ".join(article_paragraphs(1)).replace('"', "") + ' \\ud800"}]}')
    server.add("/feed.json", feed, "application/feed+json")
    server.add("/rss.xml", rss([Item(2, None)]))
    config = parse_config({"sources": [server.url("/feed.json"), server.url("/rss.xml")],
                           "fetch": {"allow_private_addresses": True}}, base_dir=tmp_path)
    run(config, day=DAY)
    data = json.loads((tmp_path / "briefings" / f"{DAY}.json").read_text())
    assert len(data["articles"]) == 2 and all(s["status"] == "ok" for s in data["sources"])
    assert "Quay \ufffd works" in [a["title"] for a in data["articles"]]


# -- XML attacks and links that must stay dead (what held, kept so) -------------------------------

def test_xxe_entities_are_not_resolved():
    feed = (b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY leak SYSTEM "file:///etc/hostname">]>'
            b'<rss version="2.0"><channel><title>T</title><item><title>Leak &leak; here</title>'
            b"<description>The harbour reopened on Monday. Boats sailed out.</description></item></channel></rss>")
    with open("/etc/hostname", encoding="utf-8") as handle:
        secret = handle.read().strip()
    items = parse_feed(feed, content_type="application/rss+xml").items
    assert all(secret not in item.title + item.text for item in items)


def test_billion_laughs_does_not_expand():
    lol = "".join(f'<!ENTITY l{n} "{f"&l{n - 1};" * 10 if n else "lol"}">' for n in range(10))
    feed = (f'<?xml version="1.0"?><!DOCTYPE rss [{lol}]><rss version="2.0"><channel><title>T</title>'
            f"<item><title>&l9;</title><description>Short text here.</description></item></channel></rss>").encode()
    started = time.monotonic()
    try:
        items = parse_feed(feed, content_type="application/rss+xml").items
    except Exception as exc:  # refusing the feed outright is as good
        assert "lol" * 1000 not in str(exc)
    else:
        assert all(len(item.title) < 10_000 for item in items)
    assert time.monotonic() - started < 10


@pytest.mark.parametrize("target", ["file:///etc/passwd", "gopher://127.0.0.1:70/_stats", "ftp://127.0.0.1/x"])
def test_redirects_to_other_schemes_are_refused(server, target):
    server.handle("/away", lambda _req: (302, {"Location": target}, b""))
    message, _ = fetch_failure(local_fetcher(), server.url("/away"))
    assert "only http and https are fetched" in message


def test_javascript_and_data_links_and_template_syntax_in_a_feed_stay_inert(server, tmp_path):
    body = " ".join(article_paragraphs(3))
    feed = ('<?xml version="1.0"?><rss version="2.0"><channel><title>Inert</title>'
            '<item><title>Harbour {{ 7*7 }} {% raw %} news</title><link>javascript:alert(1)</link>'
            f"<description>{body} The {{{{ config }}}} stays text.</description></item>"
            f"<item><title>Data link</title><link>data:text/html,&lt;script&gt;alert(2)&lt;/script&gt;</link>"
            f"<description>{' '.join(article_paragraphs(4))}</description></item></channel></rss>")
    server.add("/inert.xml", feed)
    config = parse_config({"sources": [server.url("/inert.xml")], "fetch": {"allow_private_addresses": True}},
                          base_dir=tmp_path)
    run(config, day=DAY)
    data = json.loads((tmp_path / "briefings" / f"{DAY}.json").read_text())
    assert [a["url"] for a in data["articles"]] == [None, None]
    assert "Harbour {{ 7*7 }} {% raw %} news" in [a["title"] for a in data["articles"]]
    html = (tmp_path / "briefings" / f"{DAY}.html").read_text()
    assert "javascript:" not in html and "data:text" not in html and "49" not in html.split("Harbour")[1][:20]


# -- bounded work per run --------------------------------------------------------------------------

def big_feed(count: int) -> bytes:
    parts = ['<?xml version="1.0"?><rss version="2.0"><channel><title>Firehose</title>']
    for n in range(count):
        parts.append(f"<item><title>Notice {n}</title><link>http://firehose.test/{n}</link>"
                     f"<description>Notice {n} was posted at the town hall of Port Avery on Monday. "
                     f"It concerns plot {n * 7 % 1000} and the repairs planned there.</description></item>")
    parts.append("</channel></rss>")
    return "".join(parts).encode()


def brief_day(config, day: date):
    """Gather the day's articles and remember the briefing that held them, as `briefer run` does."""
    gathered = gather(config, now=NOW.replace(day=day.day), day=day)
    with open_store(config) as store:
        store.record_briefing(day, NOW, store.find(gathered.articles))
    return gathered


def test_a_huge_feed_is_read_up_to_the_limit_and_the_rest_never_retried(server, tmp_path):
    server.add("/firehose.xml", big_feed(3000))
    settings = {"sources": [server.url("/firehose.xml")], "fetch": {"allow_private_addresses": True,
                "min_full_text_chars": 0}, "limits": {"max_items_per_source": 200, "max_articles_per_day": 150}}
    config = parse_config(settings, base_dir=tmp_path)
    first = brief_day(config, DAY)
    assert len(first.articles) == 150
    reasons = [p.reason for p in first.problems]
    assert any("first 200 of 3,000 items" in r and "2,800 are passed over" in r for r in reasons)
    assert any("briefed 150 of 200 articles" in r and "50 are passed over" in r for r in reasons)

    # The next day the same feed: what was cut is never read or briefed; one new item is.
    server.add("/firehose.xml", big_feed(3000)[:-len("</channel></rss>")] .replace(
        b"<title>Firehose</title>", b"<title>Firehose</title><item><title>Fresh notice</title>"
        b"<link>http://firehose.test/fresh</link><description>A fresh notice was posted.</description></item>", 1)
        + b"</channel></rss>")
    second = brief_day(config, date(2026, 11, 28))
    assert [a.title for a in second.articles] == ["Fresh notice"]
    # Of the 3,001 items, 2,800 were passed over for good; 200 were read before; the fresh one is read.
    assert [p.reason for p in second.problems if p.location == server.url("/firehose.xml")] == [
        "read the first 200 of 201 items (limits.max_items_per_source); the other 1 are passed over for good"]


def test_a_store_full_of_unbriefed_articles_does_not_sink_later_runs(server, tmp_path):
    server.add("/firehose.xml", big_feed(1200))
    base = {"sources": [server.url("/firehose.xml")], "fetch": {"allow_private_addresses": True,
            "min_full_text_chars": 0}}
    # An earlier run (or an older briefer) stored 1,200 articles and never briefed them.
    gather(parse_config({**base, "limits": {"max_items_per_source": 5000, "max_articles_per_day": 5000}},
                        base_dir=tmp_path), now=NOW, day=DAY)
    server.add("/firehose.xml", big_feed(10))
    config = parse_config({**base, "limits": {"max_articles_per_day": 100}}, base_dir=tmp_path)
    day2 = brief_day(config, date(2026, 11, 28))
    assert len(day2.articles) == 100
    day3 = brief_day(config, date(2026, 11, 29))
    assert day3.articles == [] and day3.notice


def test_a_snippet_feed_caps_page_fetches_and_sums_up_the_snippets(server, tmp_path):
    count = 400
    server.add("/snippets.xml", rss([Item(n, server.url(f"/pages/{n}.html"), full=False) for n in range(count)]))
    for n in range(3):
        server.add(f"/pages/{n}.html", page_html(n), "text/html")
    config = parse_config({"sources": [server.url("/snippets.xml")], "fetch": {"allow_private_addresses": True},
                           "limits": {"max_page_fetches": 20}}, base_dir=tmp_path)
    run(config, day=DAY)
    assert sum(hits for path, hits in server.hits.items() if path.startswith("/pages/")) == 20
    data = json.loads((tmp_path / "briefings" / f"{DAY}.json").read_text())
    snippet_lines = [p for p in data["problems"] if "kept the snippet only" in p["reason"]]
    assert len(snippet_lines) == 17 + 1  # each failed page, and one line for the 380 not fetched
    summary = snippet_lines[-1]["reason"]
    assert "397 of 400 items" in summary and "380 whose page was not fetched (limits.max_page_fetches is 20)" in summary
    markdown = (tmp_path / "briefings" / f"{DAY}.md").read_text()
    assert markdown.count("kept the snippet only") <= 20
