"""Status list credentials carry a validUntil consistent with their ttl and Cache-Control."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from credentials import parse_datetime
from credentials.status import STATUS_LIST_TTL as TTL
from credentials.status import STATUS_LIST_VALIDITY as LIST_VALIDITY
from credentials.status import StatusListError, verify_status_list_credential
from service.auth.roles import Role
from service.credentials.status_lists import signed_list
from service.db.models import CredentialRow, StatusListRow
from service.db.session import transaction
from service.keys.services import database_key_resolver
from service.settings import Settings
from tests.support.credential_fixtures import engine_for, issue, make_programme, pass_attempt

Client = AsyncTestClient[Litestar]
Headers = Callable[..., dict[str, str]]


@pytest.fixture
async def engine(settings: Settings) -> AsyncIterator[AsyncEngine]:
    engine = engine_for(settings)
    yield engine
    await engine.dispose()


async def _suspended(
    client: Client, engine: AsyncEngine, settings: Settings, auth_header: Headers
) -> CredentialRow:
    await pass_attempt(engine, await make_programme(engine))
    await issue(engine, settings)
    async with transaction(engine) as session:
        row = (await session.scalars(select(CredentialRow))).one()
    await client.post(
        f"/admin/credentials/{row.public_id}/suspend",
        json={"reason": "audit"},
        headers=auth_header(Role.ADMIN),
    )
    return row


async def test_valid_until_ttl_and_cache_control_agree(
    client: Client, engine: AsyncEngine, settings: Settings, auth_header: Headers
) -> None:
    row = await _suspended(client, engine, settings, auth_header)
    for purpose in ("suspension", "revocation"):
        response = await client.get(f"/status-lists/{purpose}/1")
        now = datetime.now(UTC)
        document = response.json()
        valid_from = parse_datetime(document["validFrom"])
        valid_until = parse_datetime(document["validUntil"])
        assert valid_until - valid_from == LIST_VALIDITY
        ttl_ms = document["credentialSubject"]["ttl"]
        assert ttl_ms == TTL.total_seconds() * 1000
        assert timedelta(milliseconds=ttl_ms) < valid_until - valid_from
        match = re.fullmatch(r"public, max-age=(\d+)", response.headers["cache-control"])
        assert match is not None and int(match.group(1)) * 1000 == ttl_ms
        assert now + timedelta(milliseconds=ttl_ms) < valid_until
        async with transaction(engine) as session:
            resolver = await database_key_resolver(session, settings)
        cached_until = now + timedelta(milliseconds=ttl_ms)
        checked = verify_status_list_credential(document, resolver, cached_until)
        index = row.status_index
        assert checked.bitstring.get(index) is (purpose == "suspension")
        with pytest.raises(StatusListError, match="out of date"):
            verify_status_list_credential(document, resolver, valid_until)


async def test_lists_are_resigned_before_they_go_stale(
    client: Client, engine: AsyncEngine, settings: Settings, auth_header: Headers
) -> None:
    row = await _suspended(client, engine, settings, auth_header)
    first = (await client.get("/status-lists/suspension/1")).json()
    signed = parse_datetime(first["validFrom"])
    async with transaction(engine) as session:
        soon = await signed_list(session, settings, "suspension", 1, signed + timedelta(minutes=10))
    assert soon == first
    late = signed + LIST_VALIDITY - TTL
    async with transaction(engine) as session:
        renewed = await signed_list(session, settings, "suspension", 1, late)
        resolver = await database_key_resolver(session, settings)
    assert renewed is not None and renewed["validFrom"] != first["validFrom"]
    assert parse_datetime(renewed["validUntil"]) == parse_datetime(renewed["validFrom"]) + (
        LIST_VALIDITY
    )
    checked = verify_status_list_credential(renewed, resolver, late + TTL)
    assert checked.bitstring.get(row.status_index) is True
    served = (await client.get("/status-lists/suspension/1")).json()
    assert served == renewed


async def test_a_list_signed_without_valid_until_is_resigned(
    client: Client, engine: AsyncEngine, settings: Settings, auth_header: Headers
) -> None:
    await _suspended(client, engine, settings, auth_header)
    async with transaction(engine) as session:
        listed = (
            await session.scalars(
                select(StatusListRow).where(StatusListRow.purpose == "suspension")
            )
        ).one()
        assert listed.signed_document is not None
        listed.signed_document = {
            k: v for k, v in listed.signed_document.items() if k != "validUntil"
        }
    served = (await client.get("/status-lists/suspension/1")).json()
    assert "validUntil" in served
