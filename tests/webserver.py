"""A real HTTP server on 127.0.0.1 for the web-source tests, and feed and page fixtures.

Every route is written by the test that uses it; all text is made up for briefer's tests. The
server binds 127.0.0.1 only, and tests never reach any other address.
"""

from __future__ import annotations

import gzip
import json
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from xml.sax.saxutils import escape

TOWNS = ["Harrowgate", "Linden Falls", "Port Avery", "Kestrel Bay", "Millbrook", "Ostervale", "Redcliff",
         "Thornbury", "Wexley", "Yarrow Point", "Dunmere", "Sallow Cross"]
TOPICS = [("council", "approved a new budget for road repairs", "Residents had complained about potholes for years."),
          ("hospital", "opened a second emergency ward", "Waiting times had doubled since the spring."),
          ("school board", "extended the library's opening hours", "Pupils asked for a quiet place to study."),
          ("harbour authority", "banned night fishing near the pier", "Two boats collided there in October."),
          ("rail operator", "added an early train to the capital", "Commuters had crowded the first service."),
          ("water company", "fixed the main pipe under the market", "Shops had been without water for two days.")]


def article_paragraphs(n: int) -> list[str]:
    """Made-up local news, different for every n, long enough to count as a full text."""
    town = TOWNS[n % len(TOWNS)]
    body, action, why = TOPICS[n % len(TOPICS)]
    return [
        f"The {body} of {town} {action} on Tuesday, in a vote of {n % 7 + 5} to {n % 3 + 1}. {why}",
        f"Officials said the plan numbered {1000 + n} would cost about {n % 9 + 2} million and take "
        f"{n % 5 + 2} months. Critics in {town} called the estimate too hopeful.",
        f"A spokesperson for the {body} said the work would start next week. Local traders welcomed the news, "
        f"though several asked for clearer timetables.",
        f"The decision follows a review of {n % 11 + 3} similar projects across the region. The report, "
        f"published in {town} last month, found most of them ran late.",
    ]


def article_title(n: int) -> str:
    body, action, _ = TOPICS[n % len(TOPICS)]
    return f"{TOWNS[n % len(TOWNS)]} {body} {action} (report {n})"


def page_html(n: int, *, title: str | None = None) -> str:
    """An article page with furniture around the story, as a news site serves it."""
    paragraphs = "\n".join(f"<p>{escape(p)}</p>" for p in article_paragraphs(n))
    title = title or article_title(n)
    return (f"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{escape(title)}</title></head><body>"
            f"<nav><a href=\"/\">Home</a> <a href=\"/sport\">Sport</a></nav>"
            f"<article><h1>{escape(title)}</h1>{paragraphs}</article>"
            f"<footer>Copyright Example Gazette</footer></body></html>")


@dataclass
class Item:
    n: int
    link: str | None
    full: bool = True
    """Full text in the feed, or only a one-line snippet."""
    published: datetime = field(default_factory=lambda: datetime(2026, 11, 27, 8, 0, tzinfo=timezone.utc))

    @property
    def title(self) -> str:
        return article_title(self.n)

    @property
    def html(self) -> str:
        if self.full:
            return "".join(f"<p>{escape(p)}</p>" for p in article_paragraphs(self.n))
        return escape(article_paragraphs(self.n)[0].split(". ")[0] + ".")


def rss(items: Iterable[Item], *, title: str = "Example Gazette", encoding: str = "utf-8") -> bytes:
    parts = [f'<?xml version="1.0" encoding="{encoding}"?>',
             '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>',
             f"<title>{escape(title)}</title><link>http://gazette.test/</link><description>News</description>"]
    for item in items:
        parts.append(f"<item><title>{escape(item.title)}</title>"
                     + (f"<link>{escape(item.link)}</link>" if item.link else "")
                     + f"<guid>item-{item.n}</guid><pubDate>{format_datetime(item.published)}</pubDate>")
        if item.full:
            parts.append(f"<description>{escape(article_paragraphs(item.n)[0])}</description>"
                         f"<content:encoded><![CDATA[{item.html}]]></content:encoded>")
        else:
            parts.append(f"<description>{item.html}</description>")
        parts.append("</item>")
    parts.append("</channel></rss>")
    return "\n".join(parts).encode(encoding)


def atom(items: Iterable[Item], *, title: str = "Example Atom") -> bytes:
    parts = ['<?xml version="1.0" encoding="utf-8"?>', '<feed xmlns="http://www.w3.org/2005/Atom">',
             f"<title>{escape(title)}</title><id>urn:example:atom</id><updated>2026-11-27T08:00:00Z</updated>"]
    for item in items:
        parts.append(f"<entry><title>{escape(item.title)}</title><id>urn:example:{item.n}</id>"
                     + (f'<link rel="alternate" href="{escape(item.link)}"/>' if item.link else "")
                     + f"<updated>{item.published.isoformat()}</updated>"
                     + f'<content type="html">{escape(item.html)}</content></entry>')
    parts.append("</feed>")
    return "\n".join(parts).encode()


def json_feed(items: Iterable[Item], *, title: str = "Example JSON") -> bytes:
    return json.dumps({"version": "https://jsonfeed.org/version/1.1", "title": title, "items": [
        {"id": str(item.n), "url": item.link, "title": item.title, "content_html": item.html,
         "date_published": item.published.isoformat()} for item in items]}).encode()


Handler = Callable[[BaseHTTPRequestHandler], tuple[int, dict[str, str], bytes | Iterable[bytes]]]


class FeedServer:
    """A threaded HTTP server on 127.0.0.1; routes map a path to a fixed answer or a handler."""

    def __init__(self, tls: tuple[str, str] | None = None) -> None:
        """`tls`: (certificate file, key file) to serve https instead of http."""
        self.routes: dict[str, Handler] = {}
        self.scheme = "https" if tls else "http"
        self.hits: Counter[str] = Counter()
        self.sent: Counter[str] = Counter()
        """Body bytes written per path (to see that a refused body was not read to the end)."""
        self.headers: dict[str, list[dict[str, str]]] = {}
        server = self

        class RequestHandler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                path = self.path
                server.hits[path] += 1
                server.headers.setdefault(path, []).append({k.lower(): v for k, v in self.headers.items()})
                route = server.routes.get(path)
                if route is None:
                    status, headers, body = 404, {"Content-Type": "text/plain"}, b"not found"
                else:
                    status, headers, body = route(self)
                self.send_response(status)
                streamed = not isinstance(body, bytes)
                for name, value in headers.items():
                    self.send_header(name, value)
                if not streamed and "Content-Length" not in headers:
                    self.send_header("Content-Length", str(len(body)))
                if streamed and "Content-Length" not in headers:
                    self.send_header("Connection", "close")
                    self.close_connection = True
                self.end_headers()
                try:
                    for chunk in ([body] if not streamed else body):
                        self.wfile.write(chunk)
                        server.sent[path] += len(chunk)
                except (BrokenPipeError, ConnectionResetError):
                    self.close_connection = True

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), RequestHandler)
        self.httpd.daemon_threads = True
        if tls:
            import ssl

            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(*tls)
            self.httpd.socket = context.wrap_socket(self.httpd.socket, server_side=True)
        self.port = self.httpd.server_address[1]
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        return f"{self.scheme}://127.0.0.1:{self.port}{path}"

    def add(self, path: str, body: bytes | str, content_type: str = "application/rss+xml", *, status: int = 200,
            headers: dict[str, str] | None = None) -> None:
        data = body.encode() if isinstance(body, str) else body
        self.routes[path] = lambda _req: (status, {"Content-Type": content_type, **(headers or {})}, data)

    def handle(self, path: str, handler: Handler) -> None:
        self.routes[path] = handler

    def __enter__(self) -> FeedServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def gzipped(body: bytes, content_type: str) -> Handler:
    data = gzip.compress(body)
    return lambda _req: (200, {"Content-Type": content_type, "Content-Encoding": "gzip"}, data)


def fails_then(body: bytes, content_type: str, failures: int = 1, status: int = 500) -> Handler:
    """Answers `status` `failures` times, then the body."""
    count = {"n": 0}

    def handler(_req: BaseHTTPRequestHandler) -> tuple[int, dict[str, str], bytes]:
        count["n"] += 1
        if count["n"] <= failures:
            return status, {"Content-Type": "text/plain"}, b"try again later"
        return 200, {"Content-Type": content_type}, body
    return handler


def slow(body: bytes, seconds: float) -> Handler:
    def handler(_req: BaseHTTPRequestHandler) -> tuple[int, dict[str, str], bytes]:
        time.sleep(seconds)
        return 200, {"Content-Type": "application/rss+xml"}, body
    return handler


def redirect(to: str, status: int = 302) -> Handler:
    return lambda _req: (status, {"Location": to}, b"")


def huge(total: int, *, declare_length: bool) -> Handler:
    """`total` bytes of XML-ish filler, streamed in 64 KiB pieces."""
    def chunks() -> Iterable[bytes]:
        piece = b"<!-- " + b"x" * (64 * 1024 - 9) + b" -->"
        yield b'<?xml version="1.0"?><rss version="2.0"><channel>'
        for _ in range(total // len(piece)):
            yield piece

    def handler(_req: BaseHTTPRequestHandler) -> tuple[int, dict[str, str], Iterable[bytes]]:
        headers = {"Content-Type": "application/rss+xml"}
        if declare_length:
            headers["Content-Length"] = str(total)
        return 200, headers, chunks()
    return handler


def with_etag(body: bytes, content_type: str, etag: str = '"v1"') -> Handler:
    """200 with an ETag and Last-Modified; 304 when the request carries that ETag."""
    modified = format_datetime(datetime(2026, 11, 27, 8, 0, tzinfo=timezone.utc) - timedelta(hours=1), usegmt=True)

    def handler(req: BaseHTTPRequestHandler) -> tuple[int, dict[str, str], bytes]:
        if req.headers.get("If-None-Match") == etag:
            return 304, {"ETag": etag}, b""
        return 200, {"Content-Type": content_type, "ETag": etag, "Last-Modified": modified}, body
    return handler
