"""A learner registers, replaces and withdraws their DID over HTTP, on both databases."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from service.auth.roles import Role
from service.db.models import CredentialRow
from service.db.session import transaction
from service.settings import Settings
from tests.support.credential_fixtures import engine_for, issue, make_programme, pass_attempt

Client = AsyncTestClient[Litestar]
Headers = Callable[..., dict[str, str]]
DID = "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"


@pytest.fixture
async def engine(settings: Settings) -> AsyncIterator[AsyncEngine]:
    engine = engine_for(settings)
    yield engine
    await engine.dispose()


async def test_register_replace_and_withdraw(client: Client, auth_header: Headers) -> None:
    learner = auth_header(Role.LEARNER, subject="learner-1")
    assert (await client.get("/me/did", headers=learner)).status_code == 404
    stored = await client.put("/me/did", json={"did": DID}, headers=learner)
    assert stored.status_code == 200 and stored.json() == {"did": DID}
    assert (await client.get("/me/did", headers=learner)).json() == {"did": DID}
    replaced = await client.put("/me/did", json={"did": "did:web:example.com"}, headers=learner)
    assert replaced.json() == {"did": "did:web:example.com"}
    other = auth_header(Role.LEARNER, subject="learner-2")
    assert (await client.get("/me/did", headers=other)).status_code == 404
    assert (await client.delete("/me/did", headers=learner)).status_code == 204
    assert (await client.get("/me/did", headers=learner)).status_code == 404
    assert (await client.delete("/me/did", headers=learner)).status_code == 404


@pytest.mark.parametrize(
    "value",
    ["did:Key:abc", "did:web:example.com#key-1", "urn:uuid:1234", "did:key:", " did:web:a.b"],
)
async def test_invalid_did_is_422_naming_the_field(
    client: Client, auth_header: Headers, value: str
) -> None:
    learner = auth_header(Role.LEARNER)
    response = await client.put("/me/did", json={"did": value}, headers=learner)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert [problem["field"] for problem in response.json()["errors"]] == ["did"]
    assert (await client.get("/me/did", headers=learner)).status_code == 404


async def test_only_learners_register(client: Client, auth_header: Headers) -> None:
    admin = auth_header(Role.ADMIN)
    assert (await client.put("/me/did", json={"did": DID}, headers=admin)).status_code == 403


async def test_issuance_names_the_did_then_the_urn_once_withdrawn(
    client: Client, engine: AsyncEngine, settings: Settings, auth_header: Headers
) -> None:
    learner = auth_header(Role.LEARNER, subject="learner-1")
    await client.put("/me/did", json={"did": DID}, headers=learner)
    first = await make_programme(engine)
    await pass_attempt(engine, first)
    await issue(engine, settings)
    await client.delete("/me/did", headers=learner)
    second = await make_programme(engine)
    await pass_attempt(engine, second)
    await issue(engine, settings)
    async with transaction(engine) as session:
        rows = (await session.scalars(select(CredentialRow).order_by(CredentialRow.id))).all()
    subjects = [row.document["credentialSubject"]["id"] for row in rows]
    assert subjects[0] == DID and subjects[1].startswith("urn:uuid:")
    report = (await client.post("/verify", content=rows[0].vc_jwt)).json()
    assert report["ok"] is True, report
