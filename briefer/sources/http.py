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
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from typing import Any, Protocol
from urllib.parse import urljoin, urlsplit

import urllib3
from urllib3.exceptions import HTTPError as Urllib3Error
from urllib3.exceptions import NewConnectionError, ProtocolError, ReadTimeoutError

from .. import __version__

Resolver = Callable[[str, int], Sequence[str]]
"""host, port -> the IP addresses (as strings) the host resolves to."""

REDIRECTS = frozenset({301, 302, 303, 307, 308})
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
CHUNK = 64 * 1024
# Cloud metadata services: refused by name in the reason, since that is the classic SSRF target.
METADATA_ADDRESSES = frozenset({"169.254.169.254", "169.254.170.2", "100.100.100.200", "fd00:ec2::254"})


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


def refusal(ip: str) -> str | None:
    """Why a connection to `ip` is refused by the guard, or None when it is a public address."""
    address = ipaddress.ip_address(ip.split("%", 1)[0])
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    if str(address) in METADATA_ADDRESSES:
        return f"{address} is a cloud metadata address"
    for test, what in ((address.is_unspecified, "an unspecified"), (address.is_loopback, "a loopback"),
                       (address.is_link_local, "a link-local"), (address.is_multicast, "a multicast"),
                       (address.is_private, "a private-network"), (not address.is_global, "a non-public")):
        if test:
            return f"{address} is {what} address"
    return None


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


class Urllib3Transport:
    """urllib3 pools keyed by the checked address, with the name kept for Host and TLS (SNI, cert).

    Proxies come from the usual environment variables (http_proxy, https_proxy, no_proxy); through a
    proxy the proxy connects, so the guard has checked the name's local DNS answer only.
    """

    def __init__(self, *, per_host: int = 2, proxies: dict[str, str] | None = None,
                 ca_certs: str | None = None) -> None:
        self.per_host = per_host
        self.ca_certs = ca_certs
        """CA bundle for https (default: certifi's)."""
        self.proxies = urllib.request.getproxies() if proxies is None else proxies
        self._pools: dict[tuple[str, ...], Any] = {}
        self._lock = threading.Lock()

    def open(self, *, url: str, scheme: str, host: str, ip: str, port: int, headers: dict[str, str],
             timeout: urllib3.Timeout) -> urllib3.BaseHTTPResponse:
        proxy = self._proxy_for(scheme, host)
        options = dict(preload_content=False, decode_content=True, redirect=False, retries=False, timeout=timeout)
        if proxy:
            return self._pool(("proxy", proxy), lambda: urllib3.ProxyManager(proxy, maxsize=self.per_host)) \
                .urlopen("GET", url, headers=headers, **options)
        split = urlsplit(url)
        target = split.path or "/"
        if split.query:
            target += "?" + split.query
        default_port = 443 if scheme == "https" else 80
        host_header = host if port == default_port else f"{host}:{port}"
        if ":" in host and port == default_port:
            host_header = f"[{host}]"
        elif ":" in host:
            host_header = f"[{host}]:{port}"
        key = (scheme, ip, str(port), host)
        if scheme == "https":
            import certifi

            ca_certs = self.ca_certs or certifi.where()
            pool = self._pool(key, lambda: urllib3.HTTPSConnectionPool(
                ip, port, maxsize=self.per_host, server_hostname=host, assert_hostname=host,
                cert_reqs="CERT_REQUIRED", ca_certs=ca_certs))
        else:
            pool = self._pool(key, lambda: urllib3.HTTPConnectionPool(ip, port, maxsize=self.per_host))
        return pool.urlopen("GET", target, headers={**headers, "Host": host_header}, assert_same_host=False,
                            **options)

    def _proxy_for(self, scheme: str, host: str) -> str | None:
        proxy = self.proxies.get(scheme)
        if not proxy or _is_loopback(host) or urllib.request.proxy_bypass_environment(host, self.proxies):
            return None  # a proxy cannot reach this machine's own loopback, so never send that there
        return proxy

    def _pool(self, key: tuple[str, ...], make: Callable[[], Any]) -> Any:
        with self._lock:
            if key not in self._pools:
                self._pools[key] = make()
            return self._pools[key]

    def close(self) -> None:
        with self._lock:
            for pool in self._pools.values():
                pool.clear() if hasattr(pool, "clear") else pool.close()
            self._pools.clear()


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
            last_modified: str | None = None, accept: str = "*/*") -> Response:
        """Fetch `url`; FetchError (RefusedAddress for the guard) says why it could not be had."""
        headers = {"User-Agent": self.settings.user_agent, "Accept": accept,
                   "Accept-Encoding": "gzip, deflate"}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        visited = [url]
        current = url
        for _hop in range(self.settings.max_redirects + 1):
            response = self._get_with_retries(current, headers, allow_private)
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

    def check(self, url: str, allow_private: bool) -> tuple[str, str, int, str]:
        """Scheme, host, port and the checked IP to connect to; raises before any connection."""
        try:
            split = urlsplit(url)
            port = split.port
        except ValueError:
            raise FetchError(f"not a valid URL: {url}") from None
        scheme = split.scheme.lower()
        if scheme not in ("http", "https"):
            raise FetchError(f"only http and https are fetched, not {scheme or 'a relative link'}: {url}")
        host = (split.hostname or "").rstrip(".")
        if not host:
            raise FetchError(f"no host in {url}")
        port = port or (443 if scheme == "https" else 80)
        try:
            addresses = [str(ipaddress.ip_address(host))]
        except ValueError:
            addresses = list(self.resolver(host, port))
        if not addresses:
            raise FetchError(f"cannot resolve {host}")
        if allow_private:
            return scheme, host, port, addresses[0]
        reasons = [refusal(ip) for ip in addresses]
        for ip, reason in zip(addresses, reasons):
            if reason is None:
                return scheme, host, port, ip
        named = "" if host == addresses[0] else f"{host} resolves to "
        raise RefusedAddress(f"refused {url}: {named}{reasons[0]} (allow_private_addresses is off)")

    def _get_with_retries(self, url: str, headers: dict[str, str], allow_private: bool) -> Response:
        scheme, host, port, ip = self.check(url, allow_private)
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
        timeout = urllib3.Timeout(connect=settings.connect_timeout, read=settings.read_timeout)
        deadline = time.monotonic() + settings.total_timeout
        try:
            raw = self.transport.open(url=url, scheme=scheme, host=host, ip=ip, port=port, headers=headers,
                                      timeout=timeout)
        except NewConnectionError:
            raise  # refused or unreachable: retried by the caller
        except ReadTimeoutError:
            raise FetchError(f"timed out after {settings.read_timeout:g} s waiting for the server") from None
        except urllib3.exceptions.ConnectTimeoutError:
            raise FetchError(f"timed out after {settings.connect_timeout:g} s connecting") from None
        except urllib3.exceptions.SSLError as exc:
            raise FetchError(f"TLS failed ({_short(exc)})") from None
        except urllib3.exceptions.MaxRetryError as exc:
            if isinstance(exc.reason, (NewConnectionError, ProtocolError)):
                raise exc.reason from None
            raise FetchError(f"connection failed ({_short(exc.reason or exc)})") from None
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
                if time.monotonic() > deadline:
                    raise FetchError(f"too slow (over {settings.total_timeout:g} s in all, fetch.total_timeout)")
                chunks.append(chunk)
            complete = True
            return Response(url=url, status=raw.status, headers=response_headers, body=b"".join(chunks))
        except ReadTimeoutError:
            raise FetchError(f"timed out after {settings.read_timeout:g} s waiting for the server") from None
        except urllib3.exceptions.DecodeError:
            raise FetchError("the compressed body is corrupt") from None
        except (ProtocolError, Urllib3Error) as exc:
            raise FetchError(f"connection broke off ({_short(exc)})") from None
        finally:
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


def _is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


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
