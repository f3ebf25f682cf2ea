"""The real connection layer: urllib3 pools that connect to the address the guard checked."""

from __future__ import annotations

import ipaddress
import threading
import urllib.request
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import urllib3


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
        # proxy_bypass_environment is public in urllib but missing from typeshed's stubs.
        bypass = urllib.request.proxy_bypass_environment(host, self.proxies)  # type: ignore[attr-defined]
        if not proxy or _is_loopback(host) or bypass:
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


def _is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
