"""Security headers: HTML pages get a script-restricting CSP, user images a sandbox without
script, every response `nosniff` and a referrer policy."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from service.db.models import CredentialRow
from service.db.session import transaction
from service.settings import Settings
from tests.support.credential_fixtures import engine_for, issue, make_programme, pass_attempt

Client = AsyncTestClient[Litestar]


@pytest.fixture
async def engine(settings: Settings) -> AsyncIterator[AsyncEngine]:
    engine = engine_for(settings)
    yield engine
    await engine.dispose()


def directives(response: Any) -> dict[str, str]:
    policy = response.headers["content-security-policy"]
    parts = (part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    return {part[0]: part[1] if len(part) > 1 else "" for part in parts}


def assert_every_response_headers(response: Any) -> None:
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "strict-origin-when-cross-origin"


def assert_page_policy(response: Any) -> None:
    assert response.headers["content-type"].startswith("text/html")
    assert_every_response_headers(response)
    assert response.headers["x-frame-options"] == "DENY"
    policy = directives(response)
    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == "'self'"
    assert policy["img-src"] == "'self' data:"
    assert policy["frame-ancestors"] == "'none'"
    assert policy["base-uri"] == "'none'"
    assert policy["form-action"] == "'self'"


async def test_html_pages_carry_the_page_policy(
    client: Client, engine: AsyncEngine, settings: Settings
) -> None:
    programme = await make_programme(engine)
    await pass_attempt(engine, programme)
    await issue(engine, settings)
    async with transaction(engine) as session:
        public_id = (await session.scalars(select(CredentialRow.public_id))).one()
    assert_page_policy(await client.get(f"/credentials/{public_id}"))
    assert_page_policy(await client.get("/issuer", headers={"Accept": "text/html"}))

    as_json = await client.get(
        f"/credentials/{public_id}", headers={"Accept": "application/ld+json"}
    )
    assert_every_response_headers(as_json)
    assert "content-security-policy" not in as_json.headers

    pdf = await client.get(f"/credentials/{public_id}/certificate.pdf")
    assert_every_response_headers(pdf)
    assert "sandbox" not in pdf.headers.get("content-security-policy", "")

    for image in ("badge.png", "badge.svg", "share.png"):
        response = await client.get(f"/credentials/{public_id}/{image}")
        assert_every_response_headers(response)
        policy = directives(response)
        assert policy["default-src"] == "'none'" and "sandbox" in policy
        assert "script-src" not in policy


async def test_problems_and_the_api_docs(client: Client) -> None:
    missing = await client.get("/credentials/no-such-credential")
    assert missing.status_code == 404
    assert_every_response_headers(missing)
    docs = await client.get("/schema/swagger")
    assert docs.status_code == 200
    assert_every_response_headers(docs)
    policy = directives(docs)
    assert policy["frame-ancestors"] == "'none'" and "script-src" not in policy
