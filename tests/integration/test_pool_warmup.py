"""The serving worker opens its PostgreSQL pool at start-up and walks every connection through
an exam day's statements (`service.db.pool_warmup`), writing nothing."""

from __future__ import annotations

import dataclasses
from contextlib import AsyncExitStack
from typing import cast

from litestar.testing import AsyncTestClient
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine
from sqlalchemy.pool import QueuePool

from service.app import create_app
from service.db.engine import create_engine
from service.db.models import ResponseRow
from service.db.pool_warmup import warm_pool, warmed_pool
from service.settings import Settings

POOL = 3
PREPARED = text("SELECT count(*) FROM pg_prepared_statements")


def _idle(engine: AsyncEngine) -> int:
    """Connections open in the pool and not in use."""
    return cast(QueuePool, engine.pool).checkedin()


async def _prepared_per_connection(engine: AsyncEngine) -> list[int]:
    """How many statements each pooled connection has prepared (all held at once)."""
    async with AsyncExitStack() as held:
        connections: list[AsyncConnection] = [
            await held.enter_async_context(engine.connect()) for _ in range(POOL)
        ]
        counts = []
        for connection in connections:
            prepared = await connection.scalar(PREPARED)
            counts.append(int(prepared or 0))
            await connection.rollback()
        return counts


async def test_every_connection_is_opened_and_walked_and_nothing_is_written(
    settings: Settings, database_kind: str
) -> None:
    if database_kind == "sqlite":
        app = create_app(
            dataclasses.replace(settings, credential_worker=False), extra_lifespan=[warmed_pool]
        )
        async with AsyncTestClient(app=app):
            assert _idle(app.state.engine) == 0  # no network: nothing to warm
        return
    cold = create_engine(settings.database_url, pool_size=POOL)
    warmed = create_engine(settings.database_url, pool_size=POOL)
    try:
        assert _idle(warmed) == 0
        assert await warm_pool(warmed) == POOL
        assert _idle(warmed) == POOL
        before = await _prepared_per_connection(cold)
        after = await _prepared_per_connection(warmed)
        # a fresh connection has prepared only this count (the engine's first one also its
        # dialect's first-connect queries); a walked one also the four warm-up statements
        assert min(after) >= min(before) + 4, (before, after)
        async with warmed.connect() as connection:
            written = await connection.scalar(select(func.count()).select_from(ResponseRow))
        assert written == 0
    finally:
        await cold.dispose()
        await warmed.dispose()


async def test_the_serving_app_warms_its_pool_before_taking_requests(
    settings: Settings, database_kind: str
) -> None:
    app = create_app(
        dataclasses.replace(settings, credential_worker=False), extra_lifespan=[warmed_pool]
    )
    async with AsyncTestClient(app=app) as client:
        opened = _idle(app.state.engine)
        assert (await client.get("/health")).status_code == 200
    assert opened == (0 if database_kind == "sqlite" else app.state.engine.pool.size())
