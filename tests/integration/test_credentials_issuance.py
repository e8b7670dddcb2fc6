"""Issuance on both databases: exactly once per pass, conformant, verifiable.

Independent verifiers check issued credentials against the running server in
tests/interop/test_independent_verifiers.py.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from credentials import achievement_credential_schema_errors, verify_credential
from service.db.models import CredentialOutboxRow, CredentialVersionRow
from service.db.session import transaction
from service.keys.services import database_key_resolver, ensure_signing_keys, rotate_keys
from service.keys.store import all_keys
from service.settings import Settings
from tests.support.credential_fixtures import (
    all_credentials,
    engine_for,
    issue,
    make_programme,
    pass_attempt,
)


@pytest.fixture
async def engine(settings: Settings) -> AsyncIterator[AsyncEngine]:
    engine = engine_for(settings)
    yield engine
    await engine.dispose()


async def test_one_credential_per_pass_under_concurrent_issuance(
    engine: AsyncEngine, settings: Settings
) -> None:
    programme = await make_programme(engine)
    for n in range(3):
        await pass_attempt(engine, programme, learner_id=f"learner-{n}", number=1)
    results = await asyncio.gather(*(issue(engine, settings) for _ in range(4)))
    assert sum(results) == 3
    assert await issue(engine, settings) == 0
    rows = await all_credentials(engine)
    assert len(rows) == 3
    assert len({(row.status_list_number, row.status_index) for row in rows}) == 3
    async with transaction(engine) as session:
        open_rows = await session.scalar(
            select(func.count()).where(CredentialOutboxRow.processed_at.is_(None))
        )
        versions = await session.scalar(select(func.count()).select_from(CredentialVersionRow))
    assert open_rows == 0 and versions == 3


async def test_keys_are_created_once_even_when_raced(
    engine: AsyncEngine, settings: Settings
) -> None:
    async def ensure() -> int:
        async with transaction(engine) as session:
            return await ensure_signing_keys(session, settings)

    created = await asyncio.gather(*(ensure() for _ in range(4)))
    assert sum(created) == 2
    async with transaction(engine) as session:
        assert sorted(row.algorithm for row in await all_keys(session)) == ["Ed25519", "P-256"]


async def test_issued_credential_conforms_and_verifies(
    engine: AsyncEngine, settings: Settings
) -> None:
    programme = await make_programme(engine)
    await pass_attempt(engine, programme)
    await issue(engine, settings)
    (row,) = await all_credentials(engine)
    document = row.document
    assert achievement_credential_schema_errors(document) == []
    subject = document["credentialSubject"]
    assert subject["id"].startswith("urn:uuid:")
    assert "ada@example.com" not in json.dumps(document)
    assert subject["result"][0]["value"] == "86.5"
    assert document["credentialStatus"]["statusPurpose"] == "revocation"
    assert document["credentialStatus"]["statusListCredential"].endswith("/revocation/1")
    async with transaction(engine) as session:
        resolver = await database_key_resolver(session, settings)
    now = datetime.now(UTC)
    assert verify_credential(document, resolver, lambda _url: None, now).step("proof").ok
    assert verify_credential(row.vc_jwt, resolver, lambda _url: None, now).step("proof").ok
    tampered = json.loads(json.dumps(document))
    tampered["credentialSubject"]["identifier"][0]["identityHash"] = "Mallory"
    assert not verify_credential(tampered, resolver, lambda _url: None, now).step("proof").ok


async def test_renewal_keeps_id_and_award_date_and_supersedes(
    engine: AsyncEngine, settings: Settings
) -> None:
    programme = await make_programme(engine, validity_days=365)
    await pass_attempt(engine, programme, number=1)
    first_time = datetime.now(UTC) - timedelta(days=300)
    await issue(engine, settings, first_time)
    (first,) = await all_credentials(engine)
    await pass_attempt(engine, programme, number=2)
    assert await issue(engine, settings) == 1
    (renewed,) = await all_credentials(engine)
    assert renewed.public_id == first.public_id and renewed.version == 2
    assert renewed.awarded_date == first.awarded_date
    assert renewed.document["awardedDate"] == first.document["awardedDate"]
    assert renewed.valid_from > first.valid_from
    async with transaction(engine) as session:
        versions = (await session.scalars(select(CredentialVersionRow))).all()
    superseded = [v for v in versions if v.superseded_at is not None]
    assert [v.version for v in superseded] == [1]


async def test_early_renewal_extends_the_current_valid_until(
    engine: AsyncEngine, settings: Settings
) -> None:
    programme = await make_programme(engine, validity_days=365, renewal_window_days=90)
    await pass_attempt(engine, programme, number=1)
    first_time = (datetime.now(UTC) - timedelta(days=300)).replace(microsecond=0)
    await issue(engine, settings, first_time)
    (first,) = await all_credentials(engine)
    assert first.valid_until == first_time + timedelta(days=365)
    await pass_attempt(engine, programme, number=2)
    renewed_at = datetime.now(UTC).replace(microsecond=0)
    assert await issue(engine, settings, renewed_at) == 1
    (renewed,) = await all_credentials(engine)
    # 65 days were left: the renewer keeps them, on top of a full period.
    assert renewed.valid_from == renewed_at
    assert renewed.valid_until == first.valid_until + timedelta(days=365)
    assert renewed.document["validUntil"] == (
        renewed.valid_until.isoformat().replace("+00:00", "Z")
    )
    assert renewed.document["validFrom"] == renewed_at.isoformat().replace("+00:00", "Z")


async def test_a_pass_after_expiry_counts_from_now(engine: AsyncEngine, settings: Settings) -> None:
    programme = await make_programme(engine, validity_days=365)
    await pass_attempt(engine, programme, number=1)
    await issue(engine, settings, datetime.now(UTC) - timedelta(days=400))
    await pass_attempt(engine, programme, number=2)
    now = datetime.now(UTC).replace(microsecond=0)
    assert await issue(engine, settings, now) == 1
    expired, fresh = sorted(await all_credentials(engine), key=lambda row: row.valid_from)
    assert expired.valid_until is not None and expired.valid_until < now
    assert fresh.public_id != expired.public_id and fresh.version == 1
    assert fresh.valid_until == now + timedelta(days=365)


async def test_rotation_keeps_old_credentials_verifiable(
    engine: AsyncEngine, settings: Settings
) -> None:
    programme = await make_programme(engine)
    await pass_attempt(engine, programme)
    await issue(engine, settings)
    (before,) = await all_credentials(engine)
    async with transaction(engine) as session:
        await rotate_keys(session, settings, datetime.now(UTC))
    await pass_attempt(engine, programme, learner_id="learner-2")
    await issue(engine, settings)
    after = next(row for row in await all_credentials(engine) if row.public_id != before.public_id)
    old_method = before.document["proof"][0]["verificationMethod"]
    assert after.document["proof"][0]["verificationMethod"] != old_method
    async with transaction(engine) as session:
        resolver = await database_key_resolver(session, settings)
        assert len(await all_keys(session)) == 4
    now = datetime.now(UTC)
    for row in (before, after):
        assert verify_credential(row.document, resolver, lambda _u: None, now).step("proof").ok
