"""Liveness with a real database round trip, for load balancers and the quick start."""

from __future__ import annotations

from litestar import Controller, get
from litestar.di import NamedDependency
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from service.auth.roles import public
from service.health.schemas import Health
from service.settings import Settings


class HealthController(Controller):
    path = "/health"
    tags = ["health"]

    @get("/", opt=public(), summary="Service and database health")
    async def health(
        self, db_session: NamedDependency[AsyncSession], settings: NamedDependency[Settings]
    ) -> Health:
        value = (await db_session.execute(text("SELECT 1"))).scalar_one()
        return Health(status="ok" if value == 1 else "degraded", database=settings.database_kind)
