"""Attempt timing read from the injected clock: time is moved, not rows edited.

The app is built with a `SettableClock`; the deadline, the grace period, lazy expiry and the
sweeper must all follow it, so an attempt expires when the clock says so and not before.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncEngine

from service.app import create_app
from service.attempts.sweeper import sweep_once
from service.auth.roles import Role
from service.clock import SettableClock
from service.db.models import ExamRow
from service.settings import Settings
from tests.support.exam_setup import answer_all, build_exam

Client = AsyncTestClient[Litestar]
Headers = Callable[..., dict[str, str]]
GRACE = timedelta(seconds=30)


@pytest.fixture
def clock() -> SettableClock:
    return SettableClock(datetime.now(UTC))


@pytest.fixture
def app(settings: Settings, clock: SettableClock) -> Litestar:
    return create_app(settings, clock=clock)


async def _start(client: Client, exam_id: str, headers: dict[str, str]) -> dict[str, Any]:
    response = await client.post(f"/exams/{exam_id}/attempts", headers=headers)
    assert response.status_code == 201, response.text
    return dict(response.json())


async def test_deadline_and_grace_follow_the_clock(
    client: Client, auth_header: Headers, clock: SettableClock
) -> None:
    setup = await build_exam(client, auth_header)
    learner = auth_header(Role.LEARNER, subject="l-1")
    started_at = clock.now()
    attempt = await _start(client, setup.exam_id, learner)
    assert datetime.fromisoformat(attempt["startedAt"]) == started_at
    assert datetime.fromisoformat(attempt["deadline"]) == started_at + timedelta(minutes=30)
    await answer_all(client, attempt, learner, correct=True)
    url = f"/attempts/{attempt['id']}/answers/1"

    clock.set(started_at + timedelta(minutes=30) + GRACE)
    on_the_edge = await client.put(url, json={"chosen": ["B"]}, headers=learner)
    assert on_the_edge.status_code == 200, on_the_edge.text
    assert datetime.fromisoformat(on_the_edge.json()["savedAt"]) == clock.now()

    clock.advance(timedelta(seconds=1))
    refused = await client.put(url, json={"chosen": ["A"]}, headers=learner)
    assert refused.status_code == 409 and refused.json()["attemptStatus"] == "expired"
    view = (await client.get(f"/attempts/{attempt['id']}", headers=learner)).json()
    assert view["status"] == "expired"
    assert datetime.fromisoformat(view["submittedAt"]) == clock.now()


async def test_sweeper_closes_what_the_clock_says_is_overdue(
    db_engine: AsyncEngine, client: Client, auth_header: Headers, clock: SettableClock
) -> None:
    setup = await build_exam(client, auth_header)
    learner = auth_header(Role.LEARNER, subject="l-1")
    attempt = await _start(client, setup.exam_id, learner)
    clock.advance(timedelta(minutes=30) + GRACE)
    assert await sweep_once(db_engine, GRACE, clock=clock) == 0
    clock.advance(timedelta(seconds=1))
    assert await sweep_once(db_engine, GRACE, clock=clock) == 1
    view = (await client.get(f"/attempts/{attempt['id']}", headers=learner)).json()
    assert view["status"] == "expired" and view["result"]["passed"] is False


async def test_retake_wait_follows_the_clock(
    client: Client, auth_header: Headers, clock: SettableClock
) -> None:
    setup = await build_exam(client, auth_header)
    learner = auth_header(Role.LEARNER, subject="l-1")
    first = await _start(client, setup.exam_id, learner)
    await answer_all(client, first, learner, correct=False)
    failed = await client.post(f"/attempts/{first['id']}/submit", headers=learner)
    assert failed.json()["result"]["passed"] is False
    refused = await client.post(f"/exams/{setup.exam_id}/attempts", headers=learner)
    assert refused.status_code == 409
    earliest = datetime.fromisoformat(refused.json()["earliestStart"])
    assert earliest == clock.now() + timedelta(days=1)
    clock.set(earliest - timedelta(seconds=1))
    too_soon = await client.post(f"/exams/{setup.exam_id}/attempts", headers=learner)
    assert too_soon.status_code == 409
    clock.set(earliest)
    again = await _start(client, setup.exam_id, learner)
    assert again["number"] == 2


async def test_a_broken_stored_blueprint_is_a_server_fault_not_the_learners(
    db_engine: AsyncEngine, client: Client, auth_header: Headers
) -> None:
    setup = await build_exam(client, auth_header)
    for broken in ({"domainCounts": "three"}, {"domainCounts": {"x": 1}, "kindCounts": {"?": 1}}):
        async with db_engine.begin() as connection:
            await connection.execute(
                update(ExamRow).where(ExamRow.id == UUID(setup.exam_id)).values(blueprint=broken)
            )
        learner = auth_header(Role.LEARNER, subject="l-1")
        response = await client.post(f"/exams/{setup.exam_id}/attempts", headers=learner)
        assert response.status_code == 500, response.text
        problem = response.json()
        assert problem["type"].endswith("stored-value-corrupt")
        assert "errors" not in problem and "three" not in response.text
        admin_view = await client.get(f"/exams/{setup.exam_id}", headers=setup.admin)
        assert admin_view.status_code == 500
