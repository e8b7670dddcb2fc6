"""The serving worker opens its PostgreSQL pool at start-up and walks every connection through
an exam day's statements (`service.db.pool_warmup`), writing nothing."""

from __future__ import annotations

import dataclasses
from contextlib import AsyncExitStack
from typing import Any, cast

import pytest
from litestar.testing import AsyncTestClient
from sqlalchemy import event, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine
from sqlalchemy.pool import QueuePool

from service.app import create_app
from service.db import pool_warmup
from service.db.engine import create_engine
from service.db.pool_warmup import WALKS, warm_pool, warmed_pool
from service.settings import Settings

POOL = 3
PREPARED = text("SELECT statement, generic_plans, custom_plans FROM pg_prepared_statements")
OTHER_SESSIONS = text(
    "SELECT count(*) FROM pg_stat_activity"
    " WHERE datname = current_database() AND pid <> pg_backend_pid()"
)
PLANNED_FOR_PARAMETERS = 5
"""PostgreSQL's rule: a prepared statement's first five runs are planned for their parameters,
then it may settle on a generic plan."""
WALKED = {
    "the start's context read": "JOIN certifications",
    "the revision-id read": "items.current_revision",
    "the attempt and responses insert": "WITH new_attempt AS",
    "the answer save": "UPDATE responses",
}


def _idle(engine: AsyncEngine) -> int:
    """Connections open in the pool and not in use."""
    return cast(QueuePool, engine.pool).checkedin()


async def _plans_per_connection(
    engine: AsyncEngine, count: int
) -> list[dict[str, tuple[int, int]]]:
    """For each of `count` connections, held at once, and each of `WALKED` it has prepared:
    how many times it ran, and how many of those on the generic plan."""
    async with AsyncExitStack() as held:
        connections: list[AsyncConnection] = [
            await held.enter_async_context(engine.connect()) for _ in range(count)
        ]
        found = []
        for connection in connections:
            prepared = (await connection.execute(PREPARED)).all()
            found.append(
                {
                    name: (
                        sum(
                            generic + custom
                            for statement, generic, custom in prepared
                            if part in statement
                        ),
                        sum(generic for statement, generic, _ in prepared if part in statement),
                    )
                    for name, part in WALKED.items()
                    if any(part in statement for statement, _, _ in prepared)
                }
            )
            await connection.rollback()
        return found


async def test_every_connection_is_opened_and_walked_and_nothing_is_committed(
    settings: Settings, database_kind: str
) -> None:
    if database_kind == "sqlite":
        app = create_app(
            dataclasses.replace(settings, credential_worker=False), extra_lifespan=[warmed_pool]
        )
        async with AsyncTestClient(app=app):
            assert _idle(app.state.engine) == 0  # no network: nothing to warm
        return
    engine = create_engine(settings.database_url, pool_size=POOL)
    commits: list[Any] = []
    event.listen(engine.sync_engine, "commit", commits.append)
    try:
        assert _idle(engine) == 0
        assert await warm_pool(engine) == POOL
        assert _idle(engine) == POOL
        assert commits == []
        # each walked past the five runs PostgreSQL plans for their parameters, after which
        # it settled on the generic plan: a real request plans nothing
        assert WALKS > PLANNED_FOR_PARAMETERS
        plans = await _plans_per_connection(engine, POOL)
        assert [{name: runs for name, (runs, _) in each.items()} for each in plans] == [
            dict.fromkeys(WALKED, WALKS)
        ] * POOL
        assert all(generic >= 1 for each in plans for _, generic in each.values())
    finally:
        await engine.dispose()


async def test_a_fresh_connection_has_prepared_none_of_them(
    settings: Settings, database_kind: str
) -> None:
    """The check above would pass on any connection if these were prepared some other way."""
    if database_kind == "sqlite":
        return
    engine = create_engine(settings.database_url, pool_size=POOL)
    try:
        assert await _plans_per_connection(engine, POOL) == [{}] * POOL
    finally:
        await engine.dispose()


async def test_the_serving_app_warms_its_pool_before_taking_requests(
    settings: Settings, database_kind: str
) -> None:
    """Counted from outside the app (its engine lives on the test client's own loop): the
    database's other sessions once the app has started."""
    app = create_app(
        dataclasses.replace(settings, credential_worker=False), extra_lifespan=[warmed_pool]
    )
    async with AsyncTestClient(app=app) as client:
        if database_kind == "postgresql":
            observer = create_engine(settings.database_url, pool_size=1)
            try:
                async with observer.connect() as connection:
                    others = await connection.scalar(OTHER_SESSIONS)
            finally:
                await observer.dispose()
            # the whole pool, and the public snapshot's own connection
            assert (others or 0) >= cast(QueuePool, app.state.engine.pool).size()
        else:
            assert _idle(app.state.engine) == 0
        assert (await client.get("/health")).status_code == 200


async def test_a_refusal_other_than_the_missing_exam_is_not_swallowed(
    settings: Settings, database_kind: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The warm-up's insert is meant to fail on its exam's foreign key; any other refusal
    (a column made NOT NULL and not given, say) is a fault to log at start-up."""
    if database_kind == "sqlite":
        return

    async def refused(*_args: object) -> None:
        raise IntegrityError("INSERT INTO attempts", {}, Exception("null value in column"))

    monkeypatch.setattr(pool_warmup, "insert_attempt_rows", refused)
    engine = create_engine(settings.database_url, pool_size=1)
    try:
        with pytest.raises(IntegrityError):
            await warm_pool(engine)
    finally:
        await engine.dispose()
