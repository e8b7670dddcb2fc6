"""A credential whose subject is the holder's DID conforms and verifies.

Independent verifiers check a did:key holder's credential against the running server in
tests/interop/test_independent_verifiers.py.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import jwt
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from credentials import achievement_credential_schema_errors, verify_credential
from service.db.models import CredentialRow
from service.db.session import transaction
from service.holders.services import set_holder_did
from service.keys.services import database_key_resolver
from service.settings import Settings
from tests.support.credential_fixtures import engine_for, issue, make_programme, pass_attempt

DID = "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"


@pytest.fixture
async def engine(settings: Settings) -> AsyncIterator[AsyncEngine]:
    engine = engine_for(settings)
    yield engine
    await engine.dispose()


async def test_did_subject_conforms_and_verifies(engine: AsyncEngine, settings: Settings) -> None:
    async with transaction(engine) as session:
        await set_holder_did(session, "learner-1", DID)
    programme = await make_programme(engine)
    await pass_attempt(engine, programme)
    await issue(engine, settings)
    async with transaction(engine) as session:
        row = (await session.scalars(select(CredentialRow))).one()
        resolver = await database_key_resolver(session, settings)
    document = row.document
    assert document["credentialSubject"]["id"] == DID
    assert achievement_credential_schema_errors(document) == []
    assert jwt.decode(row.vc_jwt, options={"verify_signature": False})["sub"] == DID
    now = datetime.now(UTC)
    for form in (document, row.vc_jwt):
        report = verify_credential(form, resolver, lambda _url: None, now)
        assert report.step("proof").ok and report.step("schema").ok, report.to_dict()
    tampered = json.loads(json.dumps(document))
    tampered["credentialSubject"]["id"] = "did:key:z6MkpTHR8VNsBxYAAWHut2Geadd9jSwuBV8xRoAnwWsdvktH"
    report = verify_credential(tampered, resolver, lambda _url: None, now)
    assert not report.step("proof").ok


async def test_renewal_picks_up_a_did_registered_later(
    engine: AsyncEngine, settings: Settings
) -> None:
    programme = await make_programme(engine)
    await pass_attempt(engine, programme, number=1)
    await issue(engine, settings)
    async with transaction(engine) as session:
        await set_holder_did(session, "learner-1", DID)
    await pass_attempt(engine, programme, number=2)
    await issue(engine, settings)
    async with transaction(engine) as session:
        row = (await session.scalars(select(CredentialRow))).one()
    assert row.version == 2 and row.document["credentialSubject"]["id"] == DID
