"""The HTTP layer and the address guard, against a real server on 127.0.0.1.

Refusals of other addresses are tested with an injected resolver and connection layer: a name
maps to 169.254.169.254 or 10.0.0.1, and the test checks that nothing was ever connected to.
"""

from __future__ import annotations

import json
from datetime import date

import pytest
import urllib3
from webserver import FeedServer, Item, fails_then, gzipped, huge, page_html, redirect, rss

from briefer.config import parse_config
from briefer.pipeline import run
from briefer.sources.feeds import parse_feed, parse_xml_feed
from briefer.sources.http import Fetcher, FetchError, FetchSettings, RefusedAddress, Urllib3Transport, refusal

PUBLIC = "93.184.215.14"  # stands in for a public site; the routing transport sends it to 127.0.0.1


class RoutingTransport:
    """The real urllib3 transport, except that the stand-in public address goes to the local server.

    It records every address it was asked to open and refuses (raises) for anything that would leave
    127.0.0.0/8, so a test fails loudly rather than touching another machine.
    """

    def __init__(self, port: int) -> None:
        self.port = port
        self.opened: list[str] = []
        self.inner = Urllib3Transport(proxies={})

    def open(self, *, url: str, scheme: str, host: str, ip: str, port: int, headers: dict[str, str],
             timeout: urllib3.Timeout) -> urllib3.BaseHTTPResponse:
        self.opened.append(ip)
        if ip == PUBLIC:
            ip = "127.0.0.1"
        assert ip.startswith("127."), f"the test tried to connect to {ip}"
        return self.inner.open(url=url, scheme=scheme, host=host, ip=ip, port=port, headers=headers, timeout=timeout)


def resolver(names: dict[str, str]):
    def resolve(host: str, port: int) -> list[str]:
        assert host in names, f"unexpected DNS lookup of {host}"
        return [names[host]]
    return resolve


NAMES = {"gazette.example": PUBLIC, "intranet.example": "127.0.0.1", "metadata.example": "169.254.169.254",
         "office.example": "10.0.0.1"}


@pytest.fixture
def server():
    with FeedServer() as running:
        yield running


def fetcher_for(server: FeedServer, **settings) -> tuple[Fetcher, RoutingTransport]:
    transport = RoutingTransport(server.port)
    options = {"read_timeout": 2.0, "backoff": 0.01, **settings}
    return Fetcher(FetchSettings(**options), resolver=resolver(NAMES), transport=transport, sleep=lambda s: None), transport


@pytest.mark.parametrize(("address", "words"), [
    ("169.254.169.254", "cloud metadata"), ("10.0.0.1", "private-network"), ("127.0.0.1", "loopback"),
    ("192.168.1.20", "private-network"), ("172.16.5.4", "private-network"), ("169.254.3.3", "link-local"),
    ("::1", "loopback"), ("::ffff:10.0.0.1", "private-network"), ("fd00:ec2::254", "cloud metadata"),
    ("100.64.0.1", "non-public"), ("0.0.0.0", "unspecified"),
])
def test_the_guard_names_why_an_address_is_refused(address, words):
    assert words in (refusal(address) or "")


def test_public_addresses_pass_the_guard():
    assert refusal(PUBLIC) is None and refusal("2606:4700::1111") is None


@pytest.mark.parametrize("url", ["http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/story",
                                 "http://metadata.example/", "http://office.example/x", "http://intranet.example/",
                                 "http://[::1]/", "http://2130706433/"])
def test_refused_before_any_connection(server, url):
    fetcher, transport = fetcher_for(server)
    fetcher.resolver = resolver({**NAMES, "2130706433": "127.0.0.1"})
    with pytest.raises(RefusedAddress, match="allow_private_addresses is off"):
        fetcher.get(url)
    assert transport.opened == []


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://gazette.example/feed", "gopher://gazette.example/"])
def test_only_http_and_https_are_fetched(server, url):
    fetcher, transport = fetcher_for(server)
    with pytest.raises(FetchError, match="only http and https"):
        fetcher.get(url)
    assert transport.opened == []


def test_a_redirect_to_a_private_name_is_refused_at_that_hop(server):
    server.handle("/go", redirect("http://intranet.example/admin"))
    fetcher, transport = fetcher_for(server)
    with pytest.raises(RefusedAddress, match="intranet.example resolves to 127.0.0.1 is a loopback"):
        fetcher.get(f"http://gazette.example:{server.port}/go")
    assert transport.opened == [PUBLIC], "the redirect target was never connected to"
    assert "/admin" not in server.hits


def test_allowing_private_addresses_lets_loopback_through(server):
    server.add("/page", page_html(1), "text/html")
    fetcher, _ = fetcher_for(server)
    assert b"Linden Falls" in fetcher.get(f"http://intranet.example:{server.port}/page", allow_private=True).body


def test_the_connection_goes_to_the_checked_address_with_the_name_as_host(server):
    server.add("/feed.xml", rss([Item(1, None)]))
    fetcher, transport = fetcher_for(server)
    response = fetcher.get(f"http://gazette.example:{server.port}/feed.xml")
    assert response.status == 200 and transport.opened == [PUBLIC]
    sent = server.headers["/feed.xml"][0]
    assert sent["host"] == f"gazette.example:{server.port}"
    assert sent["user-agent"].startswith("briefer/") and "gzip" in sent["accept-encoding"]


def test_a_declared_oversized_body_is_refused_unread(server):
    server.handle("/huge", huge(50_000_000, declare_length=True))
    fetcher, _ = fetcher_for(server, max_bytes=1_000_000)
    with pytest.raises(FetchError, match=r"too large \(50,000,000 bytes"):
        fetcher.get(server.url("/huge"), allow_private=True)
    assert server.sent["/huge"] < 20_000_000


def test_an_undeclared_oversized_body_is_cut_off_while_streaming(server):
    server.handle("/huge", huge(50_000_000, declare_length=False))
    fetcher, _ = fetcher_for(server, max_bytes=1_000_000)
    with pytest.raises(FetchError, match="too large"):
        fetcher.get(server.url("/huge"), allow_private=True)
    assert server.sent["/huge"] < 20_000_000


def test_gzip_bodies_are_decompressed(server):
    server.handle("/feed.xml", gzipped(rss([Item(2, None)]), "application/rss+xml"))
    fetcher, _ = fetcher_for(server)
    feed = parse_feed(fetcher.get(server.url("/feed.xml"), allow_private=True).body)
    assert feed.items[0].title.startswith("Port Avery")
    assert feed.items[0].link is None, "a guid is no link"


def test_429_and_5xx_are_retried_then_given_up(server):
    server.handle("/flaky", fails_then(b"fine", "text/plain", failures=2, status=503))
    server.handle("/dead", fails_then(b"never", "text/plain", failures=99, status=500))
    waits: list[float] = []
    fetcher, _ = fetcher_for(server, retries=2, backoff=0.5)
    fetcher.sleep = waits.append
    assert fetcher.get(server.url("/flaky"), allow_private=True).body == b"fine"
    assert waits == [0.5, 1.0], "exponential backoff"
    with pytest.raises(FetchError, match="HTTP 500"):
        fetcher.get(server.url("/dead"), allow_private=True)
    assert server.hits["/dead"] == 3


def test_too_many_redirects(server):
    for n in range(4):
        server.handle(f"/r{n}", redirect(f"/r{n + 1}"))
    fetcher, _ = fetcher_for(server, max_redirects=2)
    with pytest.raises(FetchError, match="too many redirects"):
        fetcher.get(server.url("/r0"), allow_private=True)


def test_a_refused_connection_is_a_clear_reason():
    import socket

    with socket.socket() as probe:  # a free port on 127.0.0.1 that nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    fetcher = Fetcher(FetchSettings(retries=1, backoff=0), sleep=lambda s: None)
    with pytest.raises(FetchError, match="connection failed"):
        fetcher.get(f"http://127.0.0.1:{port}/gone", allow_private=True)


def test_a_feed_read_despite_a_charset_override_is_still_used():
    """text/xml without a charset means US-ASCII to feedparser; the prolog's windows-1251 wins, and
    feedparser's "bozo" flag for that (CharacterEncodingOverride) does not discard the feed."""
    text = "Новости дня: в городе открыли новый мост через реку."
    body = rss([Item(3, None)], encoding="windows-1251").replace(b"Kestrel Bay", text.encode("cp1251"))
    feed = parse_xml_feed(body, content_type="text/xml")
    assert feed.items[0].title.startswith(text)
    assert feed.note and "wrong charset declaration" in feed.note


def test_an_undeclared_charset_is_detected():
    text = "Городской совет утвердил бюджет на ремонт дорог. Жители давно жаловались на ямы."
    body = rss([Item(3, None)]).replace(b' encoding="utf-8"', b"").replace(b"Kestrel Bay", text.encode("cp1251"))
    assert parse_xml_feed(body, content_type="application/rss+xml").items[0].title.startswith(text)


def test_feed_item_links_to_private_addresses_are_refused_and_reported(server, tmp_path):
    """A public feed whose snippet items link into the private network: each link is refused
    before any connection, the snippets are kept, and the Sources footer says why."""
    port = server.port
    links = ["http://169.254.169.254/latest/meta-data/iam", "http://10.0.0.1/story",
             f"http://intranet.example:{port}/pages/3.html", f"http://gazette.example:{port}/go"]
    server.add("/feed.xml", rss([Item(n, link, full=False) for n, link in enumerate(links)]))
    server.handle("/go", redirect(f"http://intranet.example:{port}/pages/4.html"))
    server.add("/pages/3.html", page_html(3), "text/html")
    server.add("/pages/4.html", page_html(4), "text/html")
    fetcher, transport = fetcher_for(server)
    config = parse_config({"sources": [{"url": f"http://gazette.example:{port}/feed.xml", "name": "Gazette"}]},
                          base_dir=tmp_path)
    run(config, day=date(2026, 11, 27), fetcher=fetcher)

    assert set(transport.opened) == {PUBLIC}, "only the public stand-in was ever connected to"
    assert "/pages/3.html" not in server.hits and "/pages/4.html" not in server.hits
    data = json.loads((tmp_path / "briefings" / "2026-11-27.json").read_text())
    [source] = data["sources"]
    assert source["status"] == "snippet-only" and source["items"] == 4
    assert "refused" in source["reason"]
    reasons = {p["location"]: p["reason"] for p in data["problems"]}
    assert "169.254.169.254 is a cloud metadata address" in reasons[links[0]]
    assert "10.0.0.1 is a private-network address" in reasons[links[1]]
    assert "intranet.example resolves to 127.0.0.1 is a loopback address" in reasons[links[2]]
    assert "intranet.example resolves to 127.0.0.1" in reasons[links[3]]
    markdown = (tmp_path / "briefings" / "2026-11-27.md").read_text()
    assert "## Sources" in markdown and "refused" in markdown.split("## Sources")[1]


def test_a_source_that_allows_private_addresses_fetches_them(server, tmp_path):
    port = server.port
    server.add("/feed.xml", rss([Item(5, f"http://intranet.example:{port}/pages/5.html", full=False)]))
    server.add("/pages/5.html", page_html(5), "text/html")
    fetcher, transport = fetcher_for(server)
    config = parse_config({"sources": [{"url": f"http://gazette.example:{port}/feed.xml",
                                        "allow_private_addresses": True}]}, base_dir=tmp_path)
    run(config, day=date(2026, 11, 27), fetcher=fetcher)
    data = json.loads((tmp_path / "briefings" / "2026-11-27.json").read_text())
    assert data["sources"][0]["status"] == "ok" and server.hits["/pages/5.html"] == 1
    assert "127.0.0.1" in transport.opened
    assert "Officials said the plan numbered 1005" in " ".join(i["text"] for t in data["themes"] for i in t["items"])


def test_proxies_from_the_environment_are_used(server, monkeypatch):
    """http_proxy is honoured: the request goes to the proxy (here the local server) with the full URL."""
    server.add("http://gazette.example/feed.xml", rss([Item(6, None)]))
    monkeypatch.setenv("http_proxy", server.url(""))
    monkeypatch.delenv("no_proxy", raising=False)
    monkeypatch.delenv("NO_PROXY", raising=False)
    fetcher = Fetcher(FetchSettings(), resolver=resolver(NAMES))
    response = fetcher.get("http://gazette.example/feed.xml")
    assert response.status == 200 and server.hits["http://gazette.example/feed.xml"] == 1


def test_https_verifies_the_name_while_connecting_to_the_checked_address(tmp_path):
    """TLS goes to the checked IP, with the host name for SNI and certificate checks."""
    import shutil
    import subprocess

    if not shutil.which("openssl"):
        pytest.skip("needs the openssl command to make a test certificate")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(cert),
                    "-days", "2", "-subj", "/CN=gazette.example", "-addext", "subjectAltName=DNS:gazette.example"],
                   check=True, capture_output=True)
    with FeedServer(tls=(str(cert), str(key))) as server:
        server.add("/feed.xml", rss([Item(7, None)]))
        transport = RoutingTransport(server.port)
        transport.inner = Urllib3Transport(proxies={}, ca_certs=str(cert))
        names = {**NAMES, "impostor.example": PUBLIC}
        fetcher = Fetcher(FetchSettings(retries=0), resolver=resolver(names), transport=transport)
        response = fetcher.get(f"https://gazette.example:{server.port}/feed.xml")
        assert response.status == 200 and parse_feed(response.body).items[0].title.startswith("Thornbury")
        assert server.headers["/feed.xml"][0]["host"] == f"gazette.example:{server.port}"
        with pytest.raises(FetchError, match="TLS failed|connection"):
            fetcher.get(f"https://impostor.example:{server.port}/feed.xml")


def test_loopback_never_goes_through_a_proxy(server, monkeypatch):
    server.add("/feed.xml", rss([Item(8, None)]))
    monkeypatch.setenv("http_proxy", "http://127.0.0.2:9")  # nothing there: using it would fail
    fetcher = Fetcher(FetchSettings(retries=0))
    assert fetcher.get(server.url("/feed.xml"), allow_private=True).status == 200
