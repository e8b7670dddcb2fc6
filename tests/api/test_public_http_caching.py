"""Public reads carry strong ETags, answer 304 to a matching If-None-Match, and say how long
a CDN may keep them; a status change gives the page a new ETag at once (both databases)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any
from urllib.parse import urlsplit

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
JSON = {"Accept": "application/ld+json"}
HTML = {"Accept": "text/html"}


@pytest.fixture
async def engine(settings: Settings) -> AsyncIterator[AsyncEngine]:
    engine = engine_for(settings)
    yield engine
    await engine.dispose()


async def issued(engine: AsyncEngine, settings: Settings) -> CredentialRow:
    programme = await make_programme(engine)
    await pass_attempt(engine, programme)
    await issue(engine, settings)
    async with transaction(engine) as session:
        return (await session.scalars(select(CredentialRow))).all()[-1]


def _first(value: Any) -> Any:
    return value[0] if isinstance(value, list) else value


async def _revalidates(client: Client, path: str, headers: dict[str, str]) -> str:
    """The route's 200 has an ETag; sending it back gets an empty 304 with the same tag."""
    full = await client.get(path, headers=headers)
    assert full.status_code == 200, full.text
    etag = full.headers["etag"]
    assert etag.startswith('"') and etag.endswith('"')
    again = await client.get(path, headers={**headers, "If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["etag"] == etag
    assert again.headers["cache-control"] == full.headers["cache-control"]
    listed = await client.get(path, headers={**headers, "If-None-Match": f'"other", W/{etag}'})
    assert listed.status_code == 304
    stale = await client.get(path, headers={**headers, "If-None-Match": '"not-this-one"'})
    assert stale.status_code == 200 and stale.content == full.content
    return str(full.headers["cache-control"])


async def test_every_public_read_revalidates_by_etag(
    client: Client, engine: AsyncEngine, settings: Settings
) -> None:
    row = await issued(engine, settings)
    page = f"/credentials/{row.public_id}"
    document = (await client.get(page, headers=JSON)).json()
    status_list = urlsplit(_first(document["credentialStatus"])["statusListCredential"]).path
    key = urlsplit(_first(document["proof"])["verificationMethod"]).path
    assert await _revalidates(client, page, JSON) == "public, max-age=60"
    assert await _revalidates(client, f"{page}.jwt", {}) == "public, max-age=60"
    assert await _revalidates(client, f"{page}?version=1", JSON) == (
        "public, max-age=31536000, immutable"
    )
    assert await _revalidates(client, f"{page}.jwt?version=1", {}) == (
        "public, max-age=31536000, immutable"
    )
    assert await _revalidates(client, page, HTML) == "public, max-age=1"
    assert (await _revalidates(client, status_list, {})).startswith("public, max-age=")
    assert await _revalidates(client, "/issuer", JSON) == "public, max-age=300"
    assert await _revalidates(client, key, {}) == "public, max-age=300"
    assert await _revalidates(client, "/.well-known/jwks.json", {}) == "public, max-age=300"
    vary = (await client.get(page, headers=JSON)).headers["vary"]
    assert "Accept" in [part.strip() for part in vary.split(",")]


async def test_served_bytes_are_the_signed_ones(
    client: Client, engine: AsyncEngine, settings: Settings
) -> None:
    row = await issued(engine, settings)
    page = f"/credentials/{row.public_id}"
    for _ in range(2):  # the second answer comes from memory
        assert (await client.get(page, headers=JSON)).json() == row.document
        assert (await client.get(f"{page}.jwt")).text == row.vc_jwt


async def test_a_status_change_shows_at_once_in_the_same_process(
    client: Client,
    engine: AsyncEngine,
    settings: Settings,
    auth_header: Callable[..., dict[str, str]],
) -> None:
    row = await issued(engine, settings)
    page = f"/credentials/{row.public_id}"
    before = await client.get(page, headers=HTML)
    document = (await client.get(page, headers=JSON)).json()
    status_list = urlsplit(_first(document["credentialStatus"])["statusListCredential"]).path
    list_before = await client.get(status_list)
    admin = auth_header(Role.ADMIN, subject="admin-1")
    revoked = await client.post(
        f"/admin/credentials/{row.public_id}/revoke", json={"reason": "fraud"}, headers=admin
    )
    assert revoked.status_code in (200, 201), revoked.text
    after = await client.get(page, headers={**HTML, "If-None-Match": before.headers["etag"]})
    assert after.status_code == 200
    assert after.headers["etag"] != before.headers["etag"]
    assert "Revoked on" in after.text and "Revoked on" not in before.text
    list_after = await client.get(status_list)
    assert list_after.headers["etag"] != list_before.headers["etag"]
    json_after = await client.get(page, headers={**JSON, "If-None-Match": "*"})
    assert json_after.status_code == 304  # the signed document itself did not change
