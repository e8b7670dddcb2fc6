"""HTTP clients for the delivery worker: one single-connection client per slot of an endpoint.

httpcore's connection pool walks every connection of the pool (and asks each whether its
socket has expired) on every request start and every response close; with 32 connections to
one endpoint the profile of the worker showed that bookkeeping as 40% of its CPU. A slot has
at most one request in flight, so a client per slot with one kept-alive connection does the
same work without the walk, and an endpoint's connections are its own: a slow endpoint can
never make another's requests wait for a shared pool. All clients share one TLS context.
"""

from __future__ import annotations

import contextlib
import ssl
from collections.abc import AsyncIterator
from functools import cache

import httpx

TIMEOUT = httpx.Timeout(10.0, connect=5.0)


@cache
def _tls() -> ssl.SSLContext:
    """The context httpx would build for each client (its CA bundle, no environment)."""
    return httpx.create_ssl_context(trust_env=False)


def new_client(connections: int = 200) -> httpx.AsyncClient:
    """No redirects (a 3xx is a failure: following it would leave the checked address), no
    proxies from the environment, bounded time for every phase, every connection kept alive."""
    return httpx.AsyncClient(
        timeout=TIMEOUT,
        follow_redirects=False,
        trust_env=False,
        verify=_tls(),
        limits=httpx.Limits(max_connections=connections, max_keepalive_connections=connections),
    )


class SlotClients:
    """The clients of one endpoint's slots: a lane takes one per send and gives it back."""

    def __init__(self) -> None:
        self.idle: list[httpx.AsyncClient] = []
        self.made: list[httpx.AsyncClient] = []

    @contextlib.asynccontextmanager
    async def client(self) -> AsyncIterator[httpx.AsyncClient]:
        if self.idle:
            found = self.idle.pop()
        else:
            found = new_client(1)
            self.made.append(found)
        try:
            yield found
        finally:
            self.idle.append(found)

    async def aclose(self) -> None:
        for client in self.made:
            await client.aclose()
        self.made.clear()
        self.idle.clear()
