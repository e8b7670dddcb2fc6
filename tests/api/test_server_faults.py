"""Faults on our side are 5xx problems with a reference, never a 4xx blamed on the caller."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from uuid import UUID

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy import update
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlalchemy.pool import AsyncAdaptedQueuePool

import service.app
from service.app import create_app
from service.auth.roles import Role
from service.db.engine import create_engine
from service.db.models import ExamRow
from service.settings import Settings
from tests.support.exam_setup import build_exam

Client = AsyncTestClient[Litestar]
Headers = Callable[..., dict[str, str]]


async def test_a_stored_blueprint_that_no_longer_decodes_is_a_500_with_a_reference(
    db_engine: AsyncEngine, client: Client, auth_header: Headers
) -> None:
    setup = await build_exam(client, auth_header)
    async with db_engine.begin() as connection:
        await connection.execute(
            update(ExamRow)
            .where(ExamRow.id == UUID(setup.exam_id))
            .values(blueprint={"domainCounts": "not a mapping"})
        )
    learner = auth_header(Role.LEARNER, subject="learner-corrupt")
    response = await client.post(f"/exams/{setup.exam_id}/attempts", headers=learner)
    assert response.status_code == 500
    body = response.json()
    assert body["type"] == "urn:accredo:problem:stored-value-corrupt"
    assert body["reference"] in body["detail"]
    assert "domainCounts" not in body["detail"]


async def test_a_request_that_gets_no_database_connection_is_a_503_to_retry(
    settings: Settings, auth_header: Headers, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A burst beyond the pool is the service being busy, not a bug: 503 with Retry-After.

    The app gets a one-connection pool, and a lifespan hook of its own holds that connection
    (on the app's event loop) while the request is made.
    """

    def one_connection(database_url: str, **_: object) -> AsyncEngine:
        return create_async_engine(
            create_engine(database_url).url,
            pool_size=1,
            max_overflow=0,
            pool_timeout=0.2,
            poolclass=AsyncAdaptedQueuePool,
        )

    @asynccontextmanager
    async def hold_the_only_connection(app: Litestar) -> AsyncIterator[None]:
        for _ in range(100):  # a background loop may hold it for a moment at start
            try:
                held = await app.state["engine"].connect()
                break
            except PoolTimeout:
                continue
        try:
            await held.exec_driver_sql("SELECT 1")
            yield
        finally:
            await held.close()

    monkeypatch.setattr(service.app, "create_engine", one_connection)
    app = create_app(settings, extra_lifespan=[hold_the_only_connection])
    async with AsyncTestClient(app=app) as client:
        response = await client.get("/exams", headers=auth_header(Role.ADMIN))
    assert response.status_code == 503
    assert response.headers["retry-after"] == "1"
    body = response.json()
    assert body["type"] == "urn:accredo:problem:database-busy"
    assert body["retryAfterSeconds"] == 1
