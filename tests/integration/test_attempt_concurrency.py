"""At most one attempt in progress per learner and exam, even under concurrent starts."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from uuid import UUID

from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker

from service.attempts.services import start_attempt
from service.auth.roles import Role
from service.auth.tokens import Principal
from service.db.models import AttemptRow, ResponseRow
from service.errors import ServiceError
from tests.support.exam_setup import build_exam


async def _try_start(engine: AsyncEngine, exam_id: UUID, learner: Principal) -> str:
    maker = async_sessionmaker(engine, expire_on_commit=False)
    try:
        async with maker() as session, session.begin():
            await start_attempt(
                session, exam_id, learner, now=datetime.now(UTC), grace=timedelta(seconds=30)
            )
    except ServiceError as error:
        return type(error).__name__
    return "started"


async def test_concurrent_starts_make_exactly_one_attempt(
    client: AsyncTestClient[Litestar],
    auth_header: Callable[..., dict[str, str]],
    db_engine: AsyncEngine,
) -> None:
    setup = await build_exam(client, auth_header)
    learner = Principal(subject="racer", roles=frozenset({Role.LEARNER}))
    outcomes = await asyncio.gather(
        *(_try_start(db_engine, UUID(setup.exam_id), learner) for _ in range(8))
    )
    assert outcomes.count("started") == 1
    assert set(outcomes) - {"started"} <= {"Conflict", "StartRefused"}
    async with db_engine.connect() as connection:
        attempts = (
            await connection.execute(
                select(func.count()).select_from(AttemptRow).where(AttemptRow.learner_id == "racer")
            )
        ).scalar_one()
        responses = (
            await connection.execute(select(func.count()).select_from(ResponseRow))
        ).scalar_one()
    assert attempts == 1
    assert responses == 6
