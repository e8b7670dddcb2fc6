"""POST /verify takes a multipart upload (field ``file``) as well as the raw body."""

from __future__ import annotations

import json
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


async def _issued(engine: AsyncEngine, settings: Settings) -> CredentialRow:
    await pass_attempt(engine, await make_programme(engine))
    await issue(engine, settings)
    async with transaction(engine) as session:
        return (await session.scalars(select(CredentialRow))).one()


async def _upload(client: Client, name: str, content: bytes, media_type: str) -> Any:
    return await client.post("/verify", files={"file": (name, content, media_type)})


async def test_every_format_verifies_as_an_upload(
    client: Client, engine: AsyncEngine, settings: Settings
) -> None:
    row = await _issued(engine, settings)
    base = f"/credentials/{row.public_id}"
    uploads = [
        ("credential.json", json.dumps(row.document).encode(), "application/json", "ldp"),
        ("credential.jwt", row.vc_jwt.encode(), "application/jwt", "jwt"),
        ("badge.png", (await client.get(f"{base}/badge.png")).content, "image/png", "ldp"),
        ("badge.svg", (await client.get(f"{base}/badge.svg")).content, "image/svg+xml", "ldp"),
    ]
    for name, content, media_type, credential_format in uploads:
        response = await _upload(client, name, content, media_type)
        assert response.status_code == 200, (name, response.text)
        report = response.json()
        assert report["ok"] is True and report["format"] == credential_format, (name, report)
        assert report["status"] == "active"


async def test_a_tampered_upload_fails_at_the_proof(
    client: Client, engine: AsyncEngine, settings: Settings
) -> None:
    row = await _issued(engine, settings)
    document = json.loads(json.dumps(row.document))
    document["name"] = "Something else"
    response = await _upload(client, "c.json", json.dumps(document).encode(), "application/json")
    report = response.json()
    assert report["ok"] is False
    assert {step["name"]: step["ok"] for step in report["steps"]}["proof"] is False


async def test_multipart_without_a_file_names_the_field(client: Client) -> None:
    missing = await client.post("/verify", data={"credential": "{}"}, files={"other": b"x"})
    assert missing.status_code == 422, missing.text
    assert [problem["field"] for problem in missing.json()["errors"]] == ["file"]
    plain_png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16
    unreadable = await _upload(client, "x.png", plain_png, "image/png")
    assert unreadable.status_code == 422
    assert [problem["field"] for problem in unreadable.json()["errors"]] == ["file"]
