"""The client's address behind the City's reverse proxies (for the login lockout)."""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def _trusted(address: str, proxies: list[Network]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in proxies)


def client_address(request: HttpRequest) -> str | None:
    """The address of the connection, or the one a trusted proxy says it received the request from.

    Each proxy appends the address it saw to X-Forwarded-For, after whatever the client sent: the
    list is read from the right, past the trusted proxies, and stops at the first other address.
    Anything left of it may be forged. A connection from an untrusted address is taken as it is,
    whatever its header says.
    """
    remote = request.META.get("REMOTE_ADDR")
    proxies = [ipaddress.ip_network(n) for n in getattr(settings, "TRUSTED_PROXIES", [])]
    if not remote or not _trusted(remote, proxies):
        return remote
    address = remote
    hops = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    for hop in reversed([hop.strip() for hop in hops if hop.strip()]):
        try:
            address = str(ipaddress.ip_address(hop))
        except ValueError:
            break  # garbled: keep the last address a trusted proxy vouched for
        if not _trusted(address, proxies):
            break
    return address
