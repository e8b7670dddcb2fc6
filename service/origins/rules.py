"""Pure rules for public origins: what a valid one is, when two clash, which a request names.

An origin here is ``scheme://host[:port]`` with no path: it is what an HTTP request carries in
its ``Host`` header (plus the scheme). The service has no trusted-proxy handling, and behind a
TLS-terminating proxy every request arrives as plain http, so a request is matched on its
``Host`` alone: ``old.example`` names ``https://old.example`` (default port) and
``old.example:8443`` names ``https://old.example:8443``. Two origins that differ only in scheme
look the same to this server, so a move between them is refused (`clashes`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urlsplit

from service.errors import Problem

DEFAULT_PORTS = {"http": 80, "https": 443}
MAX_LENGTH = 300


@dataclass(frozen=True)
class Recorded:
    """A previous origin as stored: where it was, and what it moved to."""

    origin: str
    moved_to: str


MoveKind = Literal["record", "retarget", "already-recorded", "already-moved"]


@dataclass(frozen=True)
class MovePlan:
    """What ``accredo issuer move`` does: record ``origin`` (moved to ``to``), or nothing."""

    kind: MoveKind
    origin: str
    to: str


def origin_problems(url: str, field: str) -> list[Problem]:
    """Why ``url`` is not an http(s) origin (scheme and host, optional port, nothing else)."""
    if len(url) > MAX_LENGTH:
        return [Problem(f"longer than {MAX_LENGTH} characters", field=field)]
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        return [Problem(f"not a URL ({error})", field=field)]
    problems = []
    if parts.scheme.lower() not in DEFAULT_PORTS:
        problems.append(Problem("must start with http:// or https://", field=field))
    if not parts.hostname:
        problems.append(Problem("names no host", field=field))
    if parts.username is not None or parts.password is not None:
        problems.append(Problem("must not carry a user name or password", field=field))
    if parts.path not in ("", "/"):
        problems.append(Problem(f"must have no path (got {parts.path!r})", field=field))
    if parts.query or parts.fragment:
        problems.append(Problem("must have no query or fragment", field=field))
    if port == 0:
        problems.append(Problem("port 0 is not a port", field=field))
    return problems


def normalise(url: str) -> str:
    """The canonical spelling of a valid origin: lower-case scheme and host, no default port,
    no trailing slash (so ``HTTPS://Old.Example:443/`` is ``https://old.example``)."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if ":" in host:
        host = f"[{host}]"
    port = parts.port
    return (
        f"{scheme}://{host}"
        if port in (None, DEFAULT_PORTS[scheme])
        else f"{scheme}://{host}:{port}"
    )


def _host_and_port(origin: str) -> tuple[str, int | None]:
    """Host and the port a ``Host`` header shows (None: the scheme's default, not shown)."""
    parts = urlsplit(origin)
    port = parts.port
    default = DEFAULT_PORTS.get(parts.scheme.lower())
    return (parts.hostname or "").lower(), None if port in (None, default) else port


def clashes(first: str, second: str) -> bool:
    """Different origins that arrive here with the same ``Host`` (they differ only in scheme)."""
    return normalise(first) != normalise(second) and _host_and_port(first) == _host_and_port(second)


def names(origin: str, host_header: str) -> bool:
    """Whether a request whose ``Host`` is ``host_header`` is addressed to ``origin``."""
    if any(mark in host_header for mark in "@/?#\\"):
        return False
    try:
        parts = urlsplit("//" + host_header.strip())
        port = parts.port
    except ValueError:
        return False
    host, shown = _host_and_port(origin)
    if (parts.hostname or "").lower() != host:
        return False
    if port is None:
        return shown is None
    return port == (shown if shown is not None else DEFAULT_PORTS[urlsplit(origin).scheme])


def origin_named(host_header: str | None, current: str, previous: Sequence[str]) -> str:
    """The base a request is served under: the current one unless its ``Host`` names a
    previous origin (an unknown or missing ``Host`` gets the current base, as before)."""
    if host_header is None or names(current, host_header):
        return current
    for origin in previous:
        if names(origin, host_header):
            return origin
    return current


def plan_move(current: str, to: str, recorded: Sequence[Recorded]) -> MovePlan:
    """Decide the move from ``current`` to ``to`` (both valid, see `move_problems`).

    ``current`` is kept as spelled in ``ACCREDO_PUBLIC_BASE_URL``: it is the prefix signed into
    credentials, so old documents must be built from exactly it; comparisons use `normalise`.
    """
    if normalise(current) == normalise(to):
        return MovePlan("already-moved", current, to)
    existing = next((r for r in recorded if normalise(r.origin) == normalise(current)), None)
    if existing is None:
        return MovePlan("record", current, to)
    if normalise(existing.moved_to) == normalise(to):
        return MovePlan("already-recorded", existing.origin, to)
    return MovePlan("retarget", existing.origin, to)


def move_problems(current: str, to: str, recorded: Sequence[Recorded]) -> list[Problem]:
    """Every reason the move from ``current`` to ``to`` cannot be made (empty: it can)."""
    problems = origin_problems(to, "to") + origin_problems(current, "from")
    if problems:
        return problems
    if normalise(current) == normalise(to) and not any(
        normalise(row.moved_to) == normalise(to) for row in recorded
    ):
        problems.append(Problem(f"{to} is already the public base URL; nothing moves", "to"))
    if clashes(current, to):
        problems.append(
            Problem(
                f"{current} and {to} differ only in scheme: requests to both arrive with the "
                "same Host, so old documents could not be told from new ones; move to another "
                "host name (or port)",
                "to",
            )
        )
    for row in recorded:
        for field, value in (("to", to), ("from", current)):
            if clashes(row.origin, value):
                problems.append(
                    Problem(
                        f"{value} differs only in scheme from the previous origin {row.origin}: "
                        "both would arrive here with the same Host",
                        field,
                    )
                )
    return problems
