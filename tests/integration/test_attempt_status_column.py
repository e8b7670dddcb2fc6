"""Attempt statuses: read back as `AttemptStatus`, stored as the plain strings they always were.

The admins' status filter takes only known statuses: anything else is a 400 naming it.
"""

from __future__ import annotations

from collections.abc import Callable
from uuid import UUID

from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker

from service.attempts.status import AttemptStatus
from service.auth.roles import Role
from service.db.models import AttemptRow
from tests.support.exam_setup import answer_all, build_exam


async def test_status_is_the_enum_in_code_and_the_old_string_in_the_database(
    client: AsyncTestClient[Litestar],
    auth_header: Callable[..., dict[str, str]],
    db_engine: AsyncEngine,
) -> None:
    setup = await build_exam(client, auth_header)
    learner = auth_header(Role.LEARNER, subject="l-1")
    started = (await client.post(f"/exams/{setup.exam_id}/attempts", headers=learner)).json()
    attempt_id = UUID(started["id"])
    maker = async_sessionmaker(db_engine, expire_on_commit=False)
    async with maker() as session:
        row = await session.get(AttemptRow, attempt_id)
        assert row is not None and row.status is AttemptStatus.IN_PROGRESS
    await answer_all(client, started, learner, correct=True)
    await client.post(f"/attempts/{started['id']}/submit", headers=learner)
    async with db_engine.connect() as connection:
        raw = (await connection.execute(text("SELECT status FROM attempts"))).scalars().all()
        scored = await connection.scalar(
            select(AttemptRow.status).where(AttemptRow.id == attempt_id)
        )
    assert raw == ["scored"] and type(raw[0]) is str
    assert scored is AttemptStatus.SCORED


async def test_the_status_filter_takes_known_statuses_only(
    client: AsyncTestClient[Litestar], auth_header: Callable[..., dict[str, str]]
) -> None:
    setup = await build_exam(client, auth_header)
    learner = auth_header(Role.LEARNER, subject="l-1")
    started = (await client.post(f"/exams/{setup.exam_id}/attempts", headers=learner)).json()
    url = f"/exams/{setup.exam_id}/attempts"
    running = await client.get(url, params={"status": "in_progress"}, headers=setup.admin)
    assert [a["id"] for a in running.json()["items"]] == [started["id"]]
    scored = await client.get(url, params={"status": "scored"}, headers=setup.admin)
    assert scored.json()["total"] == 0
    unknown = await client.get(url, params={"status": "paused"}, headers=setup.admin)
    assert unknown.status_code == 400, unknown.text
    assert "status" in unknown.text
