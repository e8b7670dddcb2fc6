"""The database itself holds one unused override per learner and exam, on both engines.

Two admins granting at the same moment both pass the service's "none unused yet" check; the
partial unique index decides, and the loser is told (``add_override`` returns None) instead
of a 500.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker

from service.attempts import store
from service.db.models import RetakeOverrideRow
from tests.support.exam_setup import build_exam

Headers = Callable[..., dict[str, str]]


async def test_a_second_unused_override_cannot_be_stored(
    client: AsyncTestClient[Litestar], auth_header: Headers, db_engine: AsyncEngine
) -> None:
    setup = await build_exam(client, auth_header)
    exam_id = UUID(setup.exam_id)
    sessions = async_sessionmaker(db_engine, expire_on_commit=False)

    def grant(learner_id: str = "l-1") -> dict[str, Any]:
        return {
            "exam_id": exam_id,
            "learner_id": learner_id,
            "reason": "r",
            "granted_by": "a",
            "lifts_pass_lock": False,
            "new_learner": True,
        }

    async with sessions() as session, session.begin():
        first = await store.add_override(session, **grant())
        assert first is not None
        assert await store.add_override(session, **grant()) is None
        other = await store.add_override(session, **grant("l-2"))
        assert other is not None
    async with sessions() as session, session.begin():
        await session.execute(
            update(RetakeOverrideRow)
            .where(RetakeOverrideRow.id == first.id)
            .values(used_by_attempt_id=UUID(int=1))
        )
        assert await store.add_override(session, **grant()) is not None
    async with sessions() as session:
        count = await session.scalar(
            select(func.count())
            .select_from(RetakeOverrideRow)
            .where(RetakeOverrideRow.learner_id == "l-1")
        )
    assert count == 2
