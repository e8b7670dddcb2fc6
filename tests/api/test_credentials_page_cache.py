"""The public page verifies once per state, yet shows revocation, suspension and expiry at once."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from service.app import create_app
from service.auth.roles import Role
from service.clock import SettableClock
from service.credentials.verifying import ServiceReport, verify_payload
from service.db.models import CredentialRow
from service.db.session import transaction
from service.public import page_verification
from service.settings import Settings
from tests.support.credential_fixtures import engine_for, issue, make_programme, pass_attempt

Client = AsyncTestClient[Litestar]
Headers = Callable[..., dict[str, str]]


@pytest.fixture
async def engine(settings: Settings) -> AsyncIterator[AsyncEngine]:
    engine = engine_for(settings)
    yield engine
    await engine.dispose()


@pytest.fixture
def verifications(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Counts the full verifications the page runs."""
    calls: list[str] = []
    real = verify_payload

    async def counted(*args: Any) -> ServiceReport:
        calls.append("verify")
        return await real(*args)

    monkeypatch.setattr(page_verification, "verify_payload", counted)
    return calls


async def _only_credential(engine: AsyncEngine) -> CredentialRow:
    async with transaction(engine) as session:
        return (await session.scalars(select(CredentialRow))).one()


async def _status_class(client: Client, public_id: str) -> str:
    html = (await client.get(f"/credentials/{public_id}")).text
    marker = 'id="status" class="status '
    return html[html.index(marker) + len(marker) :].split('"', 1)[0]


async def test_status_changes_show_at_once_and_views_reuse_the_result(
    client: Client,
    engine: AsyncEngine,
    settings: Settings,
    auth_header: Headers,
    verifications: list[str],
) -> None:
    await pass_attempt(engine, await make_programme(engine))
    await issue(engine, settings)
    row = await _only_credential(engine)
    admin = auth_header(Role.ADMIN)
    base = f"/admin/credentials/{row.public_id}"
    for _ in range(3):
        assert await _status_class(client, row.public_id) == "status-valid"
    assert len(verifications) == 1
    await client.post(f"{base}/suspend", json={"reason": "audit"}, headers=admin)
    assert await _status_class(client, row.public_id) == "status-suspended"
    await client.post(f"{base}/reinstate", headers=admin)
    assert await _status_class(client, row.public_id) == "status-valid"
    await client.post(f"{base}/revoke", json={"reason": "fraud"}, headers=admin)
    assert await _status_class(client, row.public_id) == "status-revoked"
    assert await _status_class(client, row.public_id) == "status-revoked"
    assert len(verifications) == 4


async def test_expiry_shows_the_moment_it_happens(
    engine: AsyncEngine, settings: Settings, verifications: list[str]
) -> None:
    """On the app's clock, so a busy machine cannot let the moment pass before the first look."""
    issued = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
    clock = SettableClock(issued)
    await pass_attempt(engine, await make_programme(engine, validity_days=1))
    await issue(engine, settings, issued)
    row = await _only_credential(engine)
    assert row.valid_until is not None
    valid_until = row.valid_until.replace(tzinfo=UTC)
    async with AsyncTestClient(app=create_app(settings, clock=clock)) as client:
        assert await _status_class(client, row.public_id) == "status-valid"
        clock.set(valid_until - timedelta(microseconds=1))
        assert await _status_class(client, row.public_id) == "status-valid"
        assert len(verifications) == 1
        clock.set(valid_until)
        assert await _status_class(client, row.public_id) == "status-expired"
        assert len(verifications) == 2
