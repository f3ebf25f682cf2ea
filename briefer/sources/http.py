"""Fetching over HTTP like a good citizen, and never into the private network by accident.

One `Fetcher` is shared by every web source of a run. For each URL it:

- accepts only http and https;
- resolves the host itself (through an injectable resolver), refuses loopback, private,
  link-local, metadata and other non-public addresses unless allowed, and then connects to the
  very address it checked (so a second DNS answer cannot rebind the name to another address);
- follows redirects itself, up to a limit, checking every hop the same way;
- limits requests per host and in all, retries 429, 5xx and connection errors with backoff,
  streams the body and stops at a maximum size, sends a clear User-Agent, gzip/deflate and
  conditional-GET headers, and times out on connect, on each read and in all.

The connection layer (`Transport`) is injectable too: tests route "public" addresses to a server
on 127.0.0.1 and check that refused addresses are never connected to.
"""

from __future__ import annotations

import ipaddress
import re
import socket
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from typing import Any, Protocol
from urllib.parse import urljoin, urlsplit

import urllib3
from urllib3.exceptions import HTTPError as Urllib3Error
from urllib3.exceptions import NewConnectionError, ProtocolError, ReadTimeoutError

from ..printable import printable
from ..version import __version__
from .guard import refusal
from .transport import Urllib3Transport

Resolver = Callable[[str, int], Sequence[str]]
"""host, port -> the IP addresses (as strings) the host resolves to."""

REDIRECTS = frozenset({301, 302, 303, 307, 308})
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
CHUNK = 64 * 1024
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


class FetchError(Exception):
    """A URL could not be fetched; the message is a short reason fit for the Sources footer."""


class RefusedAddress(FetchError):
    """The URL points at an address the guard does not allow (checked before any connection)."""


def system_resolver(host: str, port: int) -> list[str]:
    """The machine's DNS answer for `host`, every address once, in the order given."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise FetchError(f"cannot resolve {host} ({exc.strerror or exc})") from None
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def user_agent(contact: str | None = None) -> str:
    """briefer/VERSION and how to reach whoever runs it, so site owners know who is asking."""
    about = f"+{contact}" if contact else "extractive news briefing"
    return f"briefer/{__version__} ({about})"


@dataclass(frozen=True)
class FetchSettings:
    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    total_timeout: float = 60.0
    max_bytes: int = 10_000_000
    retries: int = 2
    backoff: float = 1.0
    max_redirects: int = 5
    per_host: int = 2
    concurrency: int = 8
    user_agent: str = field(default_factory=user_agent)


@dataclass
class Response:
    """A complete, size-checked response (or a 304 Not Modified, with no body)."""

    url: str
    """The final URL, after redirects."""
    status: int
    headers: dict[str, str]
    """Header names in lower case."""
    body: bytes = b""

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";", 1)[0].strip().lower()

    @property
    def charset(self) -> str | None:
        """The charset the Content-Type header names, if any."""
        match = re.search(r"charset\s*=\s*[\"']?([\w.:-]+)", self.headers.get("content-type", ""), re.IGNORECASE)
        return match.group(1) if match else None


class Transport(Protocol):
    """Opens one HTTP request to an address that was already checked; returns a streaming response."""

    def open(self, *, url: str, scheme: str, host: str, ip: str, port: int, headers: dict[str, str],
             timeout: urllib3.Timeout) -> urllib3.BaseHTTPResponse: ...


class Fetcher:
    """GET with the address guard, redirects, retries, limits and conditional requests."""

    def __init__(self, settings: FetchSettings | None = None, *, resolver: Resolver = system_resolver,
                 transport: Transport | None = None, sleep: Callable[[float], None] = time.sleep) -> None:
        self.settings = settings or FetchSettings()
        self.resolver = resolver
        self.transport = transport or Urllib3Transport(per_host=self.settings.per_host)
        self.sleep = sleep
        self._hosts: dict[str, threading.BoundedSemaphore] = {}
        self._all = threading.BoundedSemaphore(self.settings.concurrency)
        self._lock = threading.Lock()

    def get(self, url: str, *, allow_private: bool = False, etag: str | None = None,
            last_modified: str | None = None, accept: str = "*/*", named_by_user: bool = False) -> Response:
        """Fetch `url`; FetchError (RefusedAddress for the guard) says why it could not be had.

        `named_by_user`: the URL is a configured source's own, so with allow_private an address
        written in it literally is reached even when link-local (never one reached by redirect)."""
        headers = {"User-Agent": self.settings.user_agent, "Accept": accept,
                   "Accept-Encoding": "gzip, deflate"}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        visited = [url]
        current = url
        for hop in range(self.settings.max_redirects + 1):
            response = self._get_with_retries(current, headers, allow_private, named_by_user and hop == 0)
            if response.status in REDIRECTS and "location" in response.headers:
                following = urljoin(current, response.headers["location"].strip())
                if following in visited:
                    raise FetchError(f"redirect loop ({' -> '.join([*visited[visited.index(following):], following])})")
                visited.append(following)
                current = following
                continue
            if response.status == 304 or 200 <= response.status < 300:
                return response
            raise FetchError(f"HTTP {response.status}" + (f" from {current}" if current != url else ""))
        raise FetchError(f"too many redirects (more than {self.settings.max_redirects}, fetch.max_redirects)")

    def check(self, url: str, allow_private: bool, named_by_user: bool = False) -> tuple[str, str, int, str]:
        """Scheme, host, port and the checked IP to connect to; raises before any connection."""
        if _CONTROL.search(url):  # a Location header may carry anything, terminal escapes included
            raise FetchError(f"not a valid URL (it holds control characters): {printable(url)}")
        try:
            split = urlsplit(url)
            port = split.port
        except ValueError:
            raise FetchError(f"not a valid URL: {printable(url)}") from None
        scheme = split.scheme.lower()
        if scheme not in ("http", "https"):
            raise FetchError(f"only http and https are fetched, not {scheme or 'a relative link'}: {url}")
        host = (split.hostname or "").rstrip(".")
        if not host:
            raise FetchError(f"no host in {url}")
        port = port or (443 if scheme == "https" else 80)
        try:
            addresses = [str(ipaddress.ip_address(host))]
            literal = True
        except ValueError:
            addresses = list(self.resolver(host, port))
            literal = False
        if not addresses:
            raise FetchError(f"cannot resolve {host}")
        if allow_private and literal and named_by_user:
            return scheme, host, port, addresses[0]  # the user wrote this very address in the source
        reasons = [refusal(ip, allow_private=allow_private) for ip in addresses]
        for ip, reason in zip(addresses, reasons):
            if reason is None:
                return scheme, host, port, ip
        named = "" if literal else f"{host} resolves to "
        why = ("even with allow_private_addresses; name the address itself in the source's URL to reach it"
               if allow_private else "allow_private_addresses is off")
        raise RefusedAddress(f"refused {url}: {named}{reasons[0]} ({why})")

    def _get_with_retries(self, url: str, headers: dict[str, str], allow_private: bool,
                          named_by_user: bool) -> Response:
        scheme, host, port, ip = self.check(url, allow_private, named_by_user)
        attempt = 0
        while True:
            try:
                with self._slot(host):
                    response = self._get_once(url, scheme, host, ip, port, headers)
            except (NewConnectionError, ProtocolError, ConnectionError) as exc:
                if attempt >= self.settings.retries:
                    raise FetchError(f"connection failed ({_short(exc)})") from None
                wait = self.settings.backoff * 2 ** attempt
            else:
                if response.status not in RETRY_STATUSES or attempt >= self.settings.retries:
                    return response
                wait = _retry_after(response.headers.get("retry-after"), self.settings.backoff * 2 ** attempt)
            attempt += 1
            self.sleep(wait)

    def _get_once(self, url: str, scheme: str, host: str, ip: str, port: int, headers: dict[str, str]) -> Response:
        settings = self.settings
        # No single wait may outlast the whole allowance: a stall before the headers ends in time too.
        timeout = urllib3.Timeout(connect=min(settings.connect_timeout, settings.total_timeout),
                                  read=min(settings.read_timeout, settings.total_timeout))
        deadline = time.monotonic() + settings.total_timeout
        too_slow = f"too slow (over {settings.total_timeout:g} s in all, fetch.total_timeout)"
        try:
            raw = self.transport.open(url=url, scheme=scheme, host=host, ip=ip, port=port, headers=headers,
                                      timeout=timeout)
        except NewConnectionError:
            raise  # refused or unreachable: retried by the caller
        except ReadTimeoutError:
            raise FetchError(f"timed out after {timeout.read_timeout:g} s waiting for the server") from None
        except urllib3.exceptions.ConnectTimeoutError:
            raise FetchError(f"timed out after {timeout.connect_timeout:g} s connecting") from None
        except urllib3.exceptions.SSLError as exc:
            raise FetchError(f"TLS failed ({_short(exc)})") from None
        except urllib3.exceptions.MaxRetryError as exc:
            if isinstance(exc.reason, (NewConnectionError, ProtocolError)):
                raise exc.reason from None
            raise FetchError(f"connection failed ({_short(exc.reason or exc)})") from None
        if time.monotonic() > deadline:
            raw.close()
            raise FetchError(too_slow)
        # A body that trickles in byte by byte never trips the read timeout, and urllib3 reads a whole
        # chunk before it returns: at the deadline the watchdog cuts the connection under the read.
        watchdog = _Watchdog(raw, deadline - time.monotonic())
        complete = False
        try:
            response_headers = {k.lower(): v for k, v in raw.headers.items()}
            if not 200 <= raw.status < 300:
                return Response(url=url, status=raw.status, headers=response_headers)
            length = response_headers.get("content-length", "")
            if length.isdigit() and int(length) > settings.max_bytes:
                raise FetchError(f"too large ({int(length):,} bytes; the limit is {settings.max_bytes:,}, fetch.max_bytes)")
            chunks: list[bytes] = []
            size = 0
            for chunk in raw.stream(CHUNK, decode_content=True):
                size += len(chunk)
                if size > settings.max_bytes:
                    raise FetchError(f"too large (more than {settings.max_bytes:,} bytes, fetch.max_bytes)")
                if watchdog.fired or time.monotonic() > deadline:
                    raise FetchError(too_slow)
                chunks.append(chunk)
            if watchdog.fired:
                raise FetchError(too_slow)  # the cut connection looked like the end of the body
            complete = True
            return Response(url=url, status=raw.status, headers=response_headers, body=b"".join(chunks))
        except ReadTimeoutError:
            raise FetchError(too_slow if watchdog.fired else
                             f"timed out after {timeout.read_timeout:g} s waiting for the server") from None
        except urllib3.exceptions.DecodeError:
            raise FetchError(too_slow if watchdog.fired else "the compressed body is corrupt") from None
        except (ProtocolError, Urllib3Error, OSError) as exc:
            raise FetchError(too_slow if watchdog.fired else f"connection broke off ({_short(exc)})") from None
        finally:
            watchdog.cancel()
            if not complete:
                raw.close()  # drop the connection rather than read a body nobody wants
            raw.release_conn()

    def _slot(self, host: str) -> _Slots:
        with self._lock:
            semaphore = self._hosts.setdefault(host, threading.BoundedSemaphore(self.settings.per_host))
        return _Slots(self._all, semaphore)

    def close(self) -> None:
        close = getattr(self.transport, "close", None)
        if close:
            close()


class _Watchdog:
    """Shuts the response's socket down after `seconds`, so that a read blocked on it returns."""

    def __init__(self, raw: Any, seconds: float) -> None:
        self.raw = raw
        self.fired = False
        self._timer = threading.Timer(max(seconds, 0.0), self._fire)
        self._timer.daemon = True
        self._timer.start()

    def _fire(self) -> None:
        self.fired = True
        sock = _socket_of(self.raw)
        try:
            if sock is not None:
                sock.shutdown(socket.SHUT_RDWR)
            else:
                self.raw.close()
        except OSError:
            pass  # already closed

    def cancel(self) -> None:
        self._timer.cancel()


def _socket_of(raw: Any) -> socket.socket | None:
    """The socket a urllib3 response reads from: its connection's, or (once http.client has let go
    of it, as for a response that closes the connection) the one under the body's file object."""
    sock = getattr(getattr(raw, "connection", None), "sock", None)
    if sock is None:
        body_file = getattr(getattr(raw, "_fp", None), "fp", None)
        sock = getattr(getattr(body_file, "raw", None), "_sock", None)
    return sock if isinstance(sock, socket.socket) else None


class _Slots:
    """Holds a place in the overall limit and in the host's, in that order."""

    def __init__(self, *semaphores: threading.BoundedSemaphore) -> None:
        self.semaphores = semaphores

    def __enter__(self) -> None:
        for semaphore in self.semaphores:
            semaphore.acquire()

    def __exit__(self, *exc: object) -> None:
        for semaphore in reversed(self.semaphores):
            semaphore.release()


def _retry_after(value: str | None, default: float) -> float:
    """Seconds from a Retry-After header (seconds or an HTTP date), capped at a minute."""
    if not value:
        return default
    value = value.strip()
    if value.isdigit():
        return min(float(value), 60.0)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return default
    return max(0.0, min(when.timestamp() - time.time(), 60.0))


def _short(exc: BaseException) -> str:
    """An exception's message without urllib3's object reprs."""
    text = str(exc)
    text = re.sub(r"<[^>]*>: ", "", text)
    text = re.sub(r"HTTP(S)?ConnectionPool\([^)]*\): ", "", text)
    return (text[:160] + "…") if len(text) > 160 else text
