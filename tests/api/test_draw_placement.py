"""Where a start's draw runs: a first-time learner's draw from single items on the event loop
(about a millisecond, no search), any draw that may search (items the learner has seen, item
sets) in a thread, where the loop still gets the interpreter every few milliseconds."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from uuid import UUID

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncEngine

from itembank.assembly import Form
from service.attempts import services
from service.auth.roles import Role
from service.db.models import AttemptRow
from service.db.session import transaction
from tests.support.exam_setup import answer_all, build_exam, start_attempt

Client = AsyncTestClient[Litestar]
Headers = Callable[..., dict[str, str]]


async def test_only_a_draw_that_may_search_leaves_the_event_loop(
    db_engine: AsyncEngine,
    client: Client,
    auth_header: Headers,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    threaded: list[int] = []
    in_thread = services._in_thread

    async def counted(draw: Callable[..., Form], seed: int, exposure: dict[str, int]) -> Form:
        threaded.append(seed)
        return await in_thread(draw, seed, exposure)

    monkeypatch.setattr(services, "_in_thread", counted)
    setup = await build_exam(client, auth_header)
    learner = auth_header(Role.LEARNER, subject="l-1")
    first = await start_attempt(client, setup.exam_id, learner)
    assert threaded == []  # first time, single items only: on the loop

    await answer_all(client, first, learner, correct=False)
    await client.post(f"/attempts/{first['id']}/submit", headers=learner)
    day_ago = datetime.now(UTC) - timedelta(days=1, minutes=1)
    async with transaction(db_engine) as session:
        await session.execute(
            update(AttemptRow)
            .where(AttemptRow.id == UUID(first["id"]))
            .values(started_at=day_ago, submitted_at=day_ago)
        )
    second = await start_attempt(client, setup.exam_id, learner)
    assert second["number"] == 2
    assert len(threaded) == 1  # items to avoid: the draw may search, in a thread
