"""After ``accredo issuer move``, the old origin is answered with its own documents (both
databases): what was issued under it verifies against what the app serves under its Host, a
status change shows there too, and our own verifiers call it valid. The current origin and
unknown hosts are served as before.

The independent verifiers' view of the same (over HTTP, on a real server) is in
tests/interop/test_issuer_move_interop.py.
"""

from __future__ import annotations

import dataclasses
import json
import time
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime
from typing import Any

import anyio
import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from credentials.keys import keys_from_controller_document, resolver_from_keys
from credentials.status import verify_status_list_credential
from service.auth.roles import Role
from service.db.models import CredentialRow
from service.db.session import transaction
from service.origins.services import move_issuer
from service.settings import Settings
from tests.support.credential_fixtures import engine_for, issue, make_programme, pass_attempt
from tests.support.public_page import chip

Client = AsyncTestClient[Litestar]
Headers = Callable[..., dict[str, str]]
OLD = "https://old-issuer.test"
OLD_HOST = {"Host": "old-issuer.test"}
JSON = {"Accept": "application/ld+json"}


@pytest.fixture
async def engine(settings: Settings) -> AsyncIterator[AsyncEngine]:
    engine = engine_for(settings)
    yield engine
    await engine.dispose()


async def _issued_under_old_then_moved(engine: AsyncEngine, settings: Settings) -> CredentialRow:
    """Issue under ``OLD``, then move to the fixture's base (the app's current one)."""
    old = dataclasses.replace(settings, public_base_url=OLD, issuer_url=OLD)
    await pass_attempt(engine, await make_programme(engine), learner_id="before-move")
    assert await issue(engine, old) == 1
    async with transaction(engine) as session:
        plan, _ = await move_issuer(session, OLD, settings.public_base_url, datetime.now(UTC))
    assert plan.kind == "record"
    async with transaction(engine) as session:
        return (await session.scalars(select(CredentialRow))).one()


async def _json(client: Client, path: str, host: dict[str, str]) -> dict[str, Any]:
    response = await client.get(path, headers=JSON | host)
    assert response.status_code == 200, response.text
    document: dict[str, Any] = response.json()
    return document


async def _old_list(client: Client, url: str, now: datetime) -> Any:
    """The status list under the old Host, checked against the old issuer's served keys."""
    assert url.startswith(OLD + "/")
    issuer = await _json(client, "/issuer", OLD_HOST)
    resolver = resolver_from_keys(keys_from_controller_document(issuer))
    document = await _json(client, url.removeprefix(OLD), OLD_HOST)
    return verify_status_list_credential(document, resolver, now, expected_url=url)


async def test_the_old_host_gets_the_old_issuer_keys_and_lists(
    client: Client, engine: AsyncEngine, settings: Settings
) -> None:
    row = await _issued_under_old_then_moved(engine, settings)
    credential = row.document
    method = credential["proof"][0]["verificationMethod"]
    assert credential["issuer"]["id"] == f"{OLD}/issuer" and method.startswith(f"{OLD}/keys/")

    profile = await _json(client, "/issuer", OLD_HOST)
    assert profile["id"] == f"{OLD}/issuer"
    assert method in profile["assertionMethod"]
    assert all(m["controller"] == f"{OLD}/issuer" for m in profile["verificationMethod"])
    key = await _json(client, method.removeprefix(OLD), OLD_HOST)
    assert key["id"] == method and key["controller"] == f"{OLD}/issuer"
    jwks = (await client.get("/.well-known/jwks.json", headers=OLD_HOST)).json()
    assert all(k["kid"].startswith(f"{OLD}/keys/") for k in jwks["keys"])
    page = (await client.get("/issuer", headers=OLD_HOST)).text
    assert method in page

    status_url = credential["credentialStatus"]["statusListCredential"]
    checked = await _old_list(client, status_url, datetime.now(UTC))
    assert checked.issuer == f"{OLD}/issuer"
    assert checked.bitstring.get(row.status_index) is False


@pytest.mark.parametrize("host", [{}, {"Host": "unknown.test"}, {"Host": "accredo.test"}])
async def test_the_current_and_unknown_hosts_are_served_as_before(
    client: Client, engine: AsyncEngine, settings: Settings, host: dict[str, str]
) -> None:
    await _issued_under_old_then_moved(engine, settings)
    current = settings.public_base_url
    profile = await _json(client, "/issuer", host)
    assert profile["id"] == f"{current}/issuer"
    assert all(url.startswith(f"{current}/keys/") for url in profile["assertionMethod"])
    listed = await _json(client, "/status-lists/revocation/1", host)
    assert listed["id"] == f"{current}/status-lists/revocation/1"
    assert listed["issuer"] == f"{current}/issuer"


async def test_a_revocation_shows_under_the_old_host_within_a_second(
    client: Client, engine: AsyncEngine, settings: Settings, auth_header: Headers
) -> None:
    row = await _issued_under_old_then_moved(engine, settings)
    status_url = row.document["credentialStatus"]["statusListCredential"]
    before = await _old_list(client, status_url, datetime.now(UTC))
    assert before.bitstring.get(row.status_index) is False
    revoked = await client.post(
        f"/admin/credentials/{row.public_id}/revoke",
        json={"reason": "issued in error"},
        headers=auth_header(Role.ADMIN),
    )
    assert revoked.is_success, revoked.text
    deadline = time.monotonic() + 1.0
    while True:
        after = await _old_list(client, status_url, datetime.now(UTC))
        if after.bitstring.get(row.status_index) or time.monotonic() > deadline:
            break
        await anyio.sleep(0.05)
    assert after.bitstring.get(row.status_index) is True
    issuer = await _json(client, "/issuer", {})
    resolver = resolver_from_keys(keys_from_controller_document(issuer))
    current = await _json(client, "/status-lists/revocation/1", {})
    checked = verify_status_list_credential(current, resolver, datetime.now(UTC))
    assert checked.bitstring.get(row.status_index) is True
    report = (await client.post("/verify", content=json.dumps(row.document))).json()
    assert report["ok"] is False and report["status"] == "revoked"


async def test_our_verifiers_call_the_old_credential_valid(
    client: Client, engine: AsyncEngine, settings: Settings
) -> None:
    row = await _issued_under_old_then_moved(engine, settings)
    report = (await client.post("/verify", content=json.dumps(row.document))).json()
    assert report["ok"] is True and report["status"] == "active", report
    token = (await client.get(f"/credentials/{row.public_id}.jwt", headers=OLD_HOST)).text
    report = (await client.post("/verify", content=token)).json()
    assert report["ok"] is True and report["format"] == "jwt", report
    for host in (OLD_HOST, {}):
        page = await client.get(f"/credentials/{row.public_id}", headers=host)
        assert page.status_code == 200
        assert chip(page.text) == ("status-valid", "Valid")
        served = await _json(client, f"/credentials/{row.public_id}", host)
        assert served == row.document


async def test_a_foreign_issuer_under_an_unrecorded_origin_is_still_refused(
    client: Client, engine: AsyncEngine, settings: Settings
) -> None:
    """The same credential, had its origin not been recorded, is not ours to place."""
    old = dataclasses.replace(settings, public_base_url=OLD, issuer_url=OLD)
    await pass_attempt(engine, await make_programme(engine), learner_id="never-moved")
    assert await issue(engine, old) == 1
    async with transaction(engine) as session:
        row = (await session.scalars(select(CredentialRow))).one()
    report = (await client.post("/verify", content=json.dumps(row.document))).json()
    assert report["ok"] is False and report["status"] is None, report
    profile = await _json(client, "/issuer", OLD_HOST)
    assert profile["id"] == f"{settings.public_base_url}/issuer"


async def test_a_credential_issued_after_the_move_names_the_new_base(
    client: Client, engine: AsyncEngine, settings: Settings
) -> None:
    await _issued_under_old_then_moved(engine, settings)
    await pass_attempt(engine, await make_programme(engine), learner_id="after-move")
    assert await issue(engine, settings) == 1
    async with transaction(engine) as session:
        query = select(CredentialRow).where(CredentialRow.learner_id == "after-move")
        row = (await session.scalars(query)).one()
    current = settings.public_base_url
    assert row.document["issuer"]["id"] == f"{current}/issuer"
    assert row.document["credentialStatus"]["statusListCredential"].startswith(current)
    report = (await client.post("/verify", content=json.dumps(row.document))).json()
    assert report["ok"] is True and report["status"] == "active", report


async def test_admins_list_the_previous_origins_and_nobody_else_may(
    client: Client, engine: AsyncEngine, settings: Settings, auth_header: Headers
) -> None:
    await _issued_under_old_then_moved(engine, settings)
    listed = await client.get("/admin/issuer/origins", headers=auth_header(Role.ADMIN))
    assert listed.status_code == 200, listed.text
    body = listed.json()
    assert body["total"] == 1
    (origin,) = body["items"]
    assert origin["origin"] == OLD and origin["movedTo"] == settings.public_base_url
    assert "retiredAt" in origin
    for role in (Role.LEARNER, Role.AUTHOR):
        refused = await client.get("/admin/issuer/origins", headers=auth_header(role))
        assert refused.status_code == 403
    assert (await client.get("/admin/issuer/origins")).status_code == 401


async def test_the_old_origin_s_list_is_re_signed_only_when_its_bits_change(
    client: Client, engine: AsyncEngine, settings: Settings, auth_header: Headers
) -> None:
    row = await _issued_under_old_then_moved(engine, settings)
    path = row.document["credentialStatus"]["statusListCredential"].removeprefix(OLD)
    first = await client.get(path, headers=OLD_HOST)
    await pass_attempt(engine, await make_programme(engine), learner_id="unrelated")
    assert await issue(engine, settings) == 1  # a public change: every snapshot copy drops
    await anyio.sleep(1.1)  # a list signed now would carry another validFrom (whole seconds)
    again = await client.get(path, headers=OLD_HOST | {"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304
    revoked = await client.post(
        f"/admin/credentials/{row.public_id}/revoke",
        json={"reason": "issued in error"},
        headers=auth_header(Role.ADMIN),
    )
    assert revoked.is_success, revoked.text
    changed = await client.get(path, headers=OLD_HOST | {"If-None-Match": first.headers["etag"]})
    assert changed.status_code == 200
