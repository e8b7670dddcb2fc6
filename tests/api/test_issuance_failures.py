"""Admins see credentials whose issuance failed, and retry one once the cause is fixed.

The app's own background issuer meets the poisoned row here, as it would in production.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import AsyncIterator, Callable
from typing import Any
from uuid import uuid4

import anyio
import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncEngine

from service.app import create_app
from service.auth.roles import Role
from service.db.models import CertificationRow
from service.db.session import transaction
from service.settings import Settings
from tests.support.credential_fixtures import engine_for, make_programme, pass_attempt

Client = AsyncTestClient[Litestar]
Headers = Callable[..., dict[str, str]]
URL = "/admin/issuance-failures"


@pytest.fixture
def app(settings: Settings) -> Litestar:
    """With the app's own issuer: these tests watch what its rounds do."""
    return create_app(dataclasses.replace(settings, credential_worker=True))


@pytest.fixture
async def engine(settings: Settings) -> AsyncIterator[AsyncEngine]:
    engine = engine_for(settings)
    yield engine
    await engine.dispose()


async def _after_one_round(
    client: Client, admin: dict[str, str], learner: dict[str, str]
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The failure list and the healthy learner's credentials, once the background issuer
    has been through both owed rows (or 60 seconds have passed: the issuer is a process the
    app starts, and it starts its signing child before its first round)."""
    deadline = time.monotonic() + 60
    while True:
        response = await client.get(URL, headers=admin)
        assert response.status_code == 200, response.text
        page: dict[str, Any] = response.json()
        mine: list[dict[str, Any]] = (await client.get("/me/credentials", headers=learner)).json()[
            "items"
        ]
        if (page["total"] and mine) or time.monotonic() > deadline:
            return page, mine
        await anyio.sleep(0.1)


async def test_failures_are_listed_and_retriable_after_a_fix(
    client: Client, engine: AsyncEngine, auth_header: Headers
) -> None:
    admin = auth_header(Role.ADMIN, subject="admin-1")
    poisoned = await make_programme(engine, name="Poisoned", validity_days=3_000_000)
    healthy = await make_programme(engine, name="Healthy")
    stuck = await pass_attempt(engine, poisoned, learner_id="learner-stuck", learner_name="Bo")
    await pass_attempt(engine, healthy, learner_id="learner-ok")

    learner = auth_header(Role.LEARNER, subject="learner-ok")
    page, mine = await _after_one_round(client, admin, learner)
    assert len(mine) == 1, "the healthy learner's credential was held up"
    assert page["total"] == 1
    (failure,) = page["items"]
    assert failure["attemptId"] == str(stuck)
    assert failure["learnerId"] == "learner-stuck" and failure["learnerName"] == "Bo"
    assert failure["certificationId"] == str(poisoned.certification_id)
    assert failure["certification"].startswith("Poisoned")
    assert failure["error"].startswith("OverflowError")
    assert failure["failures"] == 1 and failure["nextRetryAt"] > failure["lastFailedAt"]

    for outsider in (auth_header(Role.LEARNER), auth_header(Role.AUTHOR), {}):
        assert (await client.get(URL, headers=outsider)).status_code in (401, 403)
        retried = await client.post(f"{URL}/{failure['id']}/retry", headers=outsider)
        assert retried.status_code in (401, 403)

    again = await client.post(f"{URL}/{failure['id']}/retry", headers=admin)
    assert again.status_code == 200, again.text
    body = again.json()
    assert body["issued"] is False and body["outcome"] == "failed"
    assert body["credentialId"] is None and body["failure"]["failures"] == 2

    async with transaction(engine) as session:
        await session.execute(
            update(CertificationRow)
            .where(CertificationRow.id == poisoned.certification_id)
            .values(validity_days=365)
        )
    fixed = await client.post(f"{URL}/{failure['id']}/retry", headers=admin)
    assert fixed.status_code == 200, fixed.text
    assert fixed.json()["issued"] is True and fixed.json()["failure"] is None
    credential_id = fixed.json()["credentialId"]
    stuck_learner = auth_header(Role.LEARNER, subject="learner-stuck")
    theirs = (await client.get("/me/credentials", headers=stuck_learner)).json()["items"]
    assert [c["id"] for c in theirs] == [credential_id]
    assert theirs[0]["certification"] == failure["certification"]

    assert (await client.get(URL, headers=admin)).json() == {
        "items": [],
        "total": 0,
        "limit": 100,
        "offset": 0,
    }
    done = await client.post(f"{URL}/{failure['id']}/retry", headers=admin)
    assert done.status_code == 409 and done.json()["processedAt"]
    missing = await client.post(f"{URL}/{uuid4()}/retry", headers=admin)
    assert missing.status_code == 404
