"""What a handler reads from its app and request without declaring a dependency.

Litestar resolves a handler's declared dependencies in batches, and a batch of more than one
runs in an anyio task group: a task spawned per dependency, per request (litestar issue
4563 measured a second dependency alone cutting a trivial route's throughput by about a
third). The settings and the clock are fixed for the app's life, and the caller was already
decoded by the access guard, so the routes that carry the load (public reads, starts and
answer saves) read them here and declare at most one dependency, the database session.
"""

from __future__ import annotations

from typing import Any

from litestar import Request

from service.auth.guards import provide_principal
from service.auth.tokens import Principal
from service.clock import Clock
from service.settings import Settings


def settings_of(request: Request[Any, Any, Any]) -> Settings:
    settings: Settings = request.app.state["settings"]
    return settings


def clock_of(request: Request[Any, Any, Any]) -> Clock:
    clock: Clock = request.app.state["clock"]
    return clock


def principal_of(request: Request[Any, Any, Any]) -> Principal:
    """The authenticated caller (the access guard has checked the route's role)."""
    return provide_principal(request)
