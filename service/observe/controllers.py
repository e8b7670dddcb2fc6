"""``GET /metrics``: Prometheus text, for a scraper holding ``ACCREDO_METRICS_TOKEN``.

Mounted only when the token is set. The route is public to the role guard (a scraper has no
user token) and checks its own bearer token instead, in constant time.
"""

from __future__ import annotations

import hmac
from datetime import timedelta
from typing import Any

from litestar import Request, Response, get
from litestar.di import NamedDependency
from litestar.exceptions import NotAuthorizedException
from prometheus_client import CollectorRegistry, Gauge, generate_latest
from sqlalchemy.ext.asyncio import AsyncSession

from service.auth.guards import BEARER_CHALLENGE
from service.auth.roles import public
from service.clock import Clock
from service.observe.metrics import CONTENT_TYPE, process_metrics
from service.observe.store import Backlog, backlog
from service.settings import Settings


def _database_metrics(figures: Backlog) -> bytes:
    registry = CollectorRegistry()
    for name, help_text, value in (
        ("accredo_issuance_queue_depth", "Credentials owed and due now.", figures.issuance_due),
        (
            "accredo_issuance_queue_oldest_age_seconds",
            "Age of the oldest credential owed and due (0 when none).",
            figures.issuance_oldest_seconds,
        ),
        (
            "accredo_sweeper_lag_seconds",
            "How far past deadline and grace the oldest open attempt is (0 when none).",
            figures.sweeper_lag_seconds,
        ),
    ):
        Gauge(name, help_text, registry=registry).set(value)
    return generate_latest(registry)


@get("/metrics", opt=public(), include_in_schema=False, summary="Prometheus metrics")
async def metrics(
    request: Request[Any, Any, Any],
    db_session: NamedDependency[AsyncSession],
    settings: NamedDependency[Settings],
    clock: NamedDependency[Clock],
) -> Response[bytes]:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    given = token.strip().encode()
    if scheme.lower() != "bearer" or not hmac.compare_digest(
        given, settings.metrics_token.encode()
    ):
        raise NotAuthorizedException("a valid metrics token is required", headers=BEARER_CHALLENGE)
    grace = timedelta(seconds=settings.attempt_grace_seconds)
    figures = await backlog(db_session, clock.now(), grace)
    body = process_metrics() + _database_metrics(figures)
    return Response(body, media_type=CONTENT_TYPE)
