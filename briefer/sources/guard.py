"""The address guard: which IP addresses a fetch may connect to.

Only public addresses, unless a source allows private ones; never an IPv6 form that smuggles an
IPv4 address (6to4, Teredo, NAT64, IPv4-compatible or -translated); and never link-local or cloud
metadata addresses, the classic target of a server-side request forgery, even with private
addresses allowed (unless a source's own URL names that address: see Fetcher.check).
"""

from __future__ import annotations

import ipaddress

# Cloud metadata services: refused by name in the reason, since that is the classic SSRF target.
METADATA_ADDRESSES = frozenset({"169.254.169.254", "169.254.170.2", "100.100.100.200", "fd00:ec2::254"})
_NAT64 = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"))
_IPV4_COMPATIBLE = ipaddress.ip_network("::/96")
_IPV4_TRANSLATED = ipaddress.ip_network("::ffff:0:0:0/96")


def embedded_ipv4(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 transition form carries (6to4, Teredo, NAT64, IPv4-compatible or
    -translated), or None. IPv4-mapped addresses (::ffff:a.b.c.d) are read as IPv4 before this."""
    if not isinstance(address, ipaddress.IPv6Address):
        return None
    if address.sixtofour:
        return address.sixtofour
    if address.teredo:
        return address.teredo[1]
    if any(address in network for network in (*_NAT64, _IPV4_COMPATIBLE, _IPV4_TRANSLATED)):
        if int(address) <= 1:
            return None  # :: and ::1 are themselves, not IPv4 in disguise
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def refusal(ip: str, *, allow_private: bool = False) -> str | None:
    """Why a connection to `ip` is refused by the guard, or None when it is allowed.

    Only public addresses pass; an IPv6 form that embeds an IPv4 address never does (it may lead
    anywhere a gateway sends it). `allow_private` lets private, loopback and embedding forms through,
    but never link-local or cloud metadata addresses (see Fetcher.check for the one exception)."""
    address = ipaddress.ip_address(ip.split("%", 1)[0])
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    inner = embedded_ipv4(address)
    target = inner or address
    shown = f"{address} (embedding {inner})" if inner else str(address)
    if str(target) in METADATA_ADDRESSES or str(address) in METADATA_ADDRESSES:
        return f"{shown} is a cloud metadata address"
    if target.is_link_local:
        return f"{shown} is a link-local address"
    if allow_private:
        return None
    if inner is not None:
        return f"{address} is an IPv6 address embedding the IPv4 address {inner}"
    for test, what in ((address.is_unspecified, "an unspecified"), (address.is_loopback, "a loopback"),
                       (address.is_multicast, "a multicast"),
                       (isinstance(address, ipaddress.IPv6Address) and address.is_site_local, "a site-local"),
                       (address.is_private, "a private-network"), (not address.is_global, "a non-public")):
        if test:
            return f"{address} is {what} address"
    return None
