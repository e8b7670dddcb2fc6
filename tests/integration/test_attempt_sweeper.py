"""The sweeper closes each overdue attempt on its own: one that cannot close holds up no other."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from uuid import UUID

from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from service.attempts.sweeper import sweep_once
from service.auth.roles import Role
from service.db.models import AttemptRow
from tests.support.exam_setup import build_exam

GRACE = timedelta(seconds=30)


async def _status(engine: AsyncEngine, attempt_id: str) -> str:
    async with engine.connect() as connection:
        status = await connection.scalar(
            select(AttemptRow.status).where(AttemptRow.id == UUID(attempt_id))
        )
    return str(status)


async def test_an_attempt_that_cannot_close_does_not_keep_others_open(
    client: AsyncTestClient[Litestar],
    auth_header: Callable[..., dict[str, str]],
    db_engine: AsyncEngine,
) -> None:
    setup = await build_exam(client, auth_header)
    attempts = []
    for learner in ("broken", "late-1", "late-2"):
        headers = auth_header(Role.LEARNER, subject=learner)
        started = await client.post(f"/exams/{setup.exam_id}/attempts", headers=headers)
        assert started.status_code == 201, started.text
        attempts.append(started.json())
    broken, *others = attempts
    past = datetime.now(UTC) - timedelta(hours=1)
    async with db_engine.begin() as connection:
        form = await connection.scalar(
            select(AttemptRow.form).where(AttemptRow.id == UUID(broken["id"]))
        )
        assert form is not None
        # A revision that does not exist: scoring this attempt raises.
        form[0] = {**form[0], "revisionId": "00000000-0000-7000-8000-000000000000"}
        await connection.execute(
            update(AttemptRow)
            .where(AttemptRow.id.in_([UUID(a["id"]) for a in attempts]))
            .values(deadline=past - timedelta(minutes=1))
        )
        await connection.execute(
            update(AttemptRow)
            .where(AttemptRow.id == UUID(broken["id"]))
            .values(form=form, deadline=past - timedelta(minutes=5))
        )

    assert await sweep_once(db_engine, GRACE) == 2
    assert [await _status(db_engine, a["id"]) for a in others] == ["expired", "expired"]
    assert await _status(db_engine, broken["id"]) == "in_progress"
    assert await sweep_once(db_engine, GRACE) == 0
