"""Credential routes read time from the app's clock, and the achievement page needs no attempt.

Moving the injected clock (not editing rows) must move what the routes say: a credential read
after its ``validUntil`` is expired for its holder and in the admin list.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy.ext.asyncio import AsyncEngine

from service.app import create_app
from service.auth.roles import Role
from service.clock import SettableClock
from service.db.models import CertificationRow
from service.db.session import transaction
from service.settings import Settings
from tests.support.credential_fixtures import engine_for, issue, make_programme, pass_attempt

Headers = Callable[..., dict[str, str]]
ISSUED = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


@pytest.fixture
async def engine(settings: Settings) -> AsyncIterator[AsyncEngine]:
    engine = engine_for(settings)
    yield engine
    await engine.dispose()


@pytest.fixture
def clock() -> SettableClock:
    return SettableClock(ISSUED)


@pytest.fixture
async def timed_client(
    settings: Settings, clock: SettableClock
) -> AsyncIterator[AsyncTestClient[Litestar]]:
    async with AsyncTestClient(app=create_app(settings, clock=clock)) as client:
        yield client


async def test_moving_the_clock_past_valid_until_expires_the_credential(
    engine: AsyncEngine,
    settings: Settings,
    clock: SettableClock,
    timed_client: AsyncTestClient[Litestar],
    auth_header: Headers,
) -> None:
    await pass_attempt(engine, await make_programme(engine, validity_days=30))
    assert await issue(engine, settings, ISSUED) == 1
    learner = auth_header(Role.LEARNER, subject="learner-1")
    admin = auth_header(Role.ADMIN)

    mine = (await timed_client.get("/me/credentials", headers=learner)).json()["items"]
    assert [(c["status"], c["validUntil"]) for c in mine] == [
        ("active", (ISSUED + timedelta(days=30)).isoformat().replace("+00:00", "Z"))
    ]
    clock.advance(timedelta(days=30))
    mine = (await timed_client.get("/me/credentials", headers=learner)).json()["items"]
    assert [c["status"] for c in mine] == ["expired"]
    one = await timed_client.get(f"/me/credentials/{mine[0]['id']}", headers=learner)
    assert one.json()["status"] == "expired"
    expired = await timed_client.get("/admin/credentials?status=expired", headers=admin)
    assert [c["id"] for c in expired.json()["items"]] == [mine[0]["id"]]
    clock.set(ISSUED)
    none = await timed_client.get("/admin/credentials?status=expired", headers=admin)
    assert (none.json()["items"], none.json()["total"]) == ([], 0)


async def test_achievement_describes_a_score_only_when_the_exam_shows_one(
    engine: AsyncEngine, client: AsyncTestClient[Litestar]
) -> None:
    shown = await make_programme(engine, show_result=True)
    hidden = await make_programme(engine, show_result=False)
    async with transaction(engine) as session:
        bare = CertificationRow(
            name="No exam yet",
            tier="foundation",
            description="Announced before its exam exists.",
            criteria="Pass the exam once it exists.",
            validity_days=None,
            renewal_window_days=90,
            pass_band_low=60.0,
            pass_band_high=80.0,
        )
        session.add(bare)
        await session.flush()
        bare_id = bare.id

    with_score = (await client.get(f"/achievements/{shown.certification_id}")).json()
    assert [d["requiredValue"] for d in with_score["resultDescription"]] == ["70"]
    for certification_id in (hidden.certification_id, bare_id):
        response = await client.get(f"/achievements/{certification_id}")
        assert response.status_code == 200
        assert "resultDescription" not in response.json()
    assert (await client.get(f"/achievements/{bare_id}")).json()["name"] == "No exam yet"
