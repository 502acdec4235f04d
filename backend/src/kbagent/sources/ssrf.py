"""Which addresses kbagent may connect to when a user hands it a URL.

Every resolved address is checked, not the name: `localhost`, a DNS name pointing at
10.0.0.5 and `http://[::ffff:127.0.0.1]` are all refused. The fetcher connects to the address
checked here (see `fetch.py`), so a second DNS answer cannot swap in a private one.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable

from kbagent.errors import InvalidInput

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], list[str]]

METADATA = {
    ipaddress.ip_address("169.254.169.254"),  # AWS, GCP, Azure, OpenStack
    ipaddress.ip_address("fd00:ec2::254"),  # AWS over IPv6
    ipaddress.ip_address("100.100.100.200"),  # Alibaba Cloud
}


class AddressRefused(InvalidInput):
    """A URL that points (or redirects, or resolves) to an address kbagent must not reach."""


def _embedded_ipv4(ip: IPAddress) -> IPAddress:
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return ip.ipv4_mapped
        if ip.sixtofour is not None:
            return ip.sixtofour
        if ip in ipaddress.ip_network("64:ff9b::/96"):  # NAT64
            return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return ip


def refusal(ip: IPAddress) -> str | None:
    """Why this address is refused, or None when it is a public unicast address."""
    ip = _embedded_ipv4(ip)
    if ip in METADATA:
        return "a cloud metadata address"
    for label, flag in (
        ("an unspecified address", ip.is_unspecified),
        ("a loopback address", ip.is_loopback),
        ("a link-local address", ip.is_link_local),
        ("a private address", ip.is_private),
        ("a multicast address", ip.is_multicast),
        ("a reserved address", ip.is_reserved),
    ):
        if flag:
            return label
    if not ip.is_global:
        return "not a public address"
    return None


def system_resolver(host: str, port: int) -> list[str]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise InvalidInput(f"Cannot resolve host {host!r}: {exc.strerror}.") from None
    return [str(info[4][0]) for info in infos]


class AddressGuard:
    """Resolves a host once and returns an address that may be connected to."""

    def __init__(self, allow_hosts: str, resolver: Resolver = system_resolver) -> None:
        self.allowed = {h.strip().lower() for h in allow_hosts.split(",") if h.strip()}
        self.resolver = resolver

    def is_allowed(self, host: str, port: int) -> bool:
        bare = host.strip("[]").lower()
        names = {bare, f"{bare}:{port}", f"[{bare}]:{port}"}
        return bool(names & self.allowed)

    def check(self, host: str, port: int) -> str:
        bare = host.strip("[]")
        try:
            addresses = [bare] if ipaddress.ip_address(bare) else []
        except ValueError:
            addresses = self.resolver(bare, port)
        if not addresses:
            raise InvalidInput(f"Host {host!r} has no address.")
        if self.is_allowed(host, port):
            return addresses[0]
        for address in addresses:
            reason = refusal(ipaddress.ip_address(address.split("%")[0]))
            if reason is not None:
                raise AddressRefused(
                    f"Refused to fetch from {host}: it resolves to {reason}.",
                    {"host": host, "reason": reason},
                )
        return addresses[0]
