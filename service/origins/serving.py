"""Which public base a request is answered under: the current one, or a previous origin.

Requests whose ``Host`` names the current base (or nothing known) are served exactly as
before, with no extra read. Only a ``Host`` that differs looks at the recorded previous
origins, from the process's public snapshot (so a move shows in every process within the
snapshot's freshness bound). See `service.origins.rules` for how a ``Host`` names an origin.
"""

from __future__ import annotations

from typing import Any

from litestar import Request

from service.origins.rules import names, origin_named
from service.public.cached_reads import previous_origins
from service.public.snapshot import snapshot_of
from service.settings import Settings


async def served_base(request: Request[Any, Any, Any]) -> str:
    """The public base the documents of this request are built from."""
    settings: Settings = request.app.state["settings"]
    current = settings.public_base_url
    host = request.headers.get("host")
    if host is None or names(current, host):
        return current
    previous = await previous_origins(snapshot_of(request.app), request.app.state["engine"])
    return origin_named(host, current, previous)
