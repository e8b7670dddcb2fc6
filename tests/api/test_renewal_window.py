"""The renewal window opens before the current credential's validUntil, however it was extended.

An early renewal extends validUntil past one validity period after the pass; if the window
were still counted from the pass, renewing early again and again would stack validity.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta
from uuid import UUID

import anyio
import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from service.auth.roles import Role
from service.db.models import AttemptRow, CredentialRow
from service.db.session import transaction
from service.settings import Settings
from tests.support.credential_fixtures import engine_for, issue
from tests.support.exam_setup import answer_all, build_exam

Client = AsyncTestClient[Litestar]


@pytest.fixture
async def engine(settings: Settings) -> AsyncIterator[AsyncEngine]:
    engine = engine_for(settings)
    yield engine
    await engine.dispose()


async def _credential_id(engine: AsyncEngine, settings: Settings, learner_id: str) -> UUID:
    """Issue the owed credential (the app's own issuer may be doing it at the same moment)."""
    with anyio.fail_after(20):
        while True:
            await issue(engine, settings)
            async with transaction(engine) as session:
                found = await session.scalar(
                    select(CredentialRow.id).where(CredentialRow.learner_id == learner_id)
                )
            if found is not None:
                return found
            await anyio.sleep(0.1)


async def test_window_counts_back_from_the_extended_valid_until(
    client: Client,
    auth_header: Callable[..., dict[str, str]],
    engine: AsyncEngine,
    settings: Settings,
) -> None:
    setup = await build_exam(
        client, auth_header, certification={"validityDays": 365, "renewalWindowDays": 90}
    )
    learner = auth_header(Role.LEARNER, subject="renewer")
    attempt = (await client.post(f"/exams/{setup.exam_id}/attempts", headers=learner)).json()
    await answer_all(client, attempt, learner, correct=True)
    submitted = await client.post(f"/attempts/{attempt['id']}/submit", headers=learner)
    assert submitted.json()["result"]["passed"] is True
    credential_id = await _credential_id(engine, settings, "renewer")

    # Passed 300 days ago (the window, counted from the pass, opened 25 days ago), but an
    # early renewal has extended the credential to 200 days from now.
    now = datetime.now(UTC).replace(microsecond=0)
    extended = now + timedelta(days=200)
    async with transaction(engine) as session:
        await session.execute(
            update(AttemptRow)
            .where(AttemptRow.id == UUID(attempt["id"]))
            .values(submitted_at=now - timedelta(days=300), started_at=now - timedelta(days=300))
        )
        await session.execute(
            update(CredentialRow)
            .where(CredentialRow.id == credential_id)
            .values(valid_until=extended)
        )
    refused = await client.post(f"/exams/{setup.exam_id}/attempts", headers=learner)
    assert refused.status_code == 409, refused.text
    assert refused.json()["reason"] == "passed_before_renewal"
    earliest = datetime.fromisoformat(refused.json()["earliestStart"])
    assert earliest == extended - timedelta(days=90)

    async with transaction(engine) as session:
        await session.execute(
            update(CredentialRow)
            .where(CredentialRow.id == credential_id)
            .values(valid_until=now + timedelta(days=30))
        )
    allowed = await client.post(f"/exams/{setup.exam_id}/attempts", headers=learner)
    assert allowed.status_code == 201, allowed.text
