"""The renewal window opens before the end of the credential the last pass earns.

An early renewal extends validUntil past one validity period after the pass; if the window
were still counted from the pass, renewing early again and again would stack validity. The
date a learner is told is the same before and after the renewal is signed.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from service.auth.roles import Role
from service.db.models import AttemptRow, CredentialRow, CredentialVersionRow
from service.db.session import transaction
from service.settings import Settings
from tests.support.credential_fixtures import engine_for, issue_until
from tests.support.exam_setup import answer_all, build_exam

Client = AsyncTestClient[Litestar]


@pytest.fixture
async def engine(settings: Settings) -> AsyncIterator[AsyncEngine]:
    engine = engine_for(settings)
    yield engine
    await engine.dispose()


async def _credential_id(engine: AsyncEngine, settings: Settings, learner_id: str) -> UUID:
    query = select(CredentialRow.id).where(CredentialRow.learner_id == learner_id)
    [found] = await issue_until(engine, settings, query, lambda rows: len(rows) == 1)
    return found


async def _pass(client: Client, exam_id: str, learner: dict[str, str]) -> dict[str, Any]:
    attempt = (await client.post(f"/exams/{exam_id}/attempts", headers=learner)).json()
    await answer_all(client, attempt, learner, correct=True)
    submitted = await client.post(f"/attempts/{attempt['id']}/submit", headers=learner)
    assert submitted.status_code == 200, submitted.text
    assert submitted.json()["result"]["passed"] is True
    body: dict[str, Any] = submitted.json()
    return body


async def test_an_early_renewal_moves_the_window_to_before_the_extended_valid_until(
    client: Client,
    auth_header: Callable[..., dict[str, str]],
    engine: AsyncEngine,
    settings: Settings,
) -> None:
    setup = await build_exam(
        client, auth_header, certification={"validityDays": 365, "renewalWindowDays": 90}
    )
    learner = auth_header(Role.LEARNER, subject="renewer")
    first = await _pass(client, setup.exam_id, learner)
    credential_id = await _credential_id(engine, settings, "renewer")

    # As if the first pass was 300 days ago: its credential ends in 65 days, so the window
    # (90 days) opened 25 days ago and the learner renews early.
    now = datetime.now(UTC).replace(microsecond=0)
    held_until = now + timedelta(days=65)
    async with transaction(engine) as session:
        await session.execute(
            update(AttemptRow)
            .where(AttemptRow.id == UUID(first["id"]))
            .values(submitted_at=now - timedelta(days=300), started_at=now - timedelta(days=300))
        )
        await session.execute(
            update(CredentialRow)
            .where(CredentialRow.id == credential_id)
            .values(valid_until=held_until)
        )
        await session.execute(
            update(CredentialVersionRow)
            .where(CredentialVersionRow.credential_id == credential_id)
            .values(valid_until=held_until)
        )
    renewal = await _pass(client, setup.exam_id, learner)
    told = datetime.fromisoformat(renewal["result"]["studyPlan"]["retake"]["earliest"])
    assert told == held_until + timedelta(days=365 - 90)

    await _renewed(engine, settings, credential_id)
    async with transaction(engine) as session:
        renewed_until = await session.scalar(
            select(CredentialRow.valid_until).where(CredentialRow.id == credential_id)
        )
    assert renewed_until is not None
    assert renewed_until.replace(tzinfo=UTC) == held_until + timedelta(days=365)

    refused = await client.post(f"/exams/{setup.exam_id}/attempts", headers=learner)
    assert refused.status_code == 409, refused.text
    assert refused.json()["reason"] == "passed_before_renewal"
    assert datetime.fromisoformat(refused.json()["earliestStart"]) == told

    again = await client.post(f"/attempts/{renewal['id']}/submit", headers=learner)
    assert again.json()["result"] == renewal["result"], "signing the renewal changed the answer"


async def _renewed(engine: AsyncEngine, settings: Settings, credential_id: UUID) -> None:
    query = select(CredentialRow.version).where(CredentialRow.id == credential_id)
    await issue_until(engine, settings, query, lambda versions: list(versions) == [2])
