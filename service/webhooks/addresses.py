"""Which receiver URLs the service may call: https to public addresses only.

Checked when an admin registers a URL and again at every delivery, after resolving the host:
a name that resolved to a public address at registration may resolve to 127.0.0.1 or
169.254.169.254 later (DNS rebinding). The delivery then connects to the very address that
was checked (see ``service.webhooks.sending``), so no second lookup can swap it.
``ACCREDO_WEBHOOKS_ALLOW_LOOPBACK=1`` admits loopback receivers (plain http too) for tests
and the demo; private, link-local and other non-public ranges stay refused.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from urllib.parse import urlsplit

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class AddressRefused(Exception):
    """The URL or the address its host resolves to is not one the service may call."""


def _literal(host: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return None


def address_problem(address: IPAddress, allow_loopback: bool) -> str | None:
    if address.is_loopback:
        return None if allow_loopback else "is a loopback address"
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address_problem(address.ipv4_mapped, allow_loopback)
    if address.is_link_local:
        return "is a link-local address"
    if address.is_private:
        return "is a private address"
    if address.is_multicast or address.is_reserved or address.is_unspecified:
        return "is not a public unicast address"
    if not address.is_global:
        return "is not a public address"
    return None


def url_problem(url: str, allow_loopback: bool) -> str | None:
    """Why the URL cannot be registered, or None (a host name is checked again at delivery)."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        return f"is not a valid URL ({error})"
    del port
    host = parts.hostname or ""
    if not host:
        return "must name a host"
    if parts.username or parts.password:
        return "must not carry credentials"
    if parts.fragment:
        return "must not have a #fragment"
    literal = _literal(host)
    loopback = (literal is not None and literal.is_loopback) or host == "localhost"
    if parts.scheme != "https" and not (parts.scheme == "http" and loopback and allow_loopback):
        return "must be an https:// URL"
    if host == "localhost":
        return None if allow_loopback else "is a loopback address"
    if literal is not None:
        problem = address_problem(literal, allow_loopback)
        return None if problem is None else f"host {problem}"
    if "." not in host:
        return "host must be a fully qualified domain name"
    return None


async def resolve_checked(host: str, port: int, allow_loopback: bool) -> IPAddress:
    """The first address of ``host``, after checking that every address it resolves to is
    allowed (one bad address refuses the host: the resolver may hand out any of them)."""
    literal = _literal(host)
    if literal is not None:
        candidates: list[IPAddress] = [literal]
    else:
        try:
            infos = await asyncio.get_running_loop().getaddrinfo(
                host, port, type=socket.SOCK_STREAM
            )
        except OSError as error:
            raise AddressRefused(f"{host} does not resolve: {error}") from error
        candidates = [ipaddress.ip_address(info[4][0]) for info in infos]
        if not candidates:
            raise AddressRefused(f"{host} resolves to no address")
    for candidate in candidates:
        problem = address_problem(candidate, allow_loopback)
        if problem is not None:
            raise AddressRefused(f"{host} resolves to {candidate}, which {problem}")
    return candidates[0]
