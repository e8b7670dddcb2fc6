"""The verify-a-file page: a plain HTML form posting to POST /verify, answering the same verdict
and report as the credential page, on both databases."""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta

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
from tests.support.public_page import chip, element_text

Client = AsyncTestClient[Litestar]
Headers = Callable[..., dict[str, str]]
BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}


@pytest.fixture
async def engine(settings: Settings) -> AsyncIterator[AsyncEngine]:
    engine = engine_for(settings)
    yield engine
    await engine.dispose()


async def _rows(engine: AsyncEngine) -> list[CredentialRow]:
    async with transaction(engine) as session:
        return list((await session.scalars(select(CredentialRow))).all())


async def _upload(client: Client, name: str, content: bytes, media_type: str) -> str:
    response = await client.post(
        "/verify", files={"file": (name, content, media_type)}, headers=BROWSER
    )
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/html")
    return response.text


def _steps(page: str) -> list[tuple[str, str]]:
    return re.findall(r'<li class="(ok|fail)" data-step="(\w+)">', page)


async def test_the_form_needs_no_script_and_loads_its_script_from_our_origin(
    client: Client,
) -> None:
    page = await client.get("/verify", headers=BROWSER)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    html = page.text
    assert '<form id="verify-form" method="post" action="/verify"' in html
    assert 'enctype="multipart/form-data"' in html
    assert '<input type="file" id="file" name="file"' in html
    assert '<button class="button" type="submit"' in html
    assert '<script src="/static/verify.js" defer></script>' in html
    assert re.search(r"<script(?![^>]*\bsrc=)", html) is None
    assert 'style="' not in html and "<style" not in html
    script = await client.get("/static/verify.js")
    assert script.status_code == 200
    assert "javascript" in script.headers["content-type"]
    assert 'addEventListener("drop"' in script.text


async def test_a_baked_png_reads_the_same_verdict_as_the_credential_page(
    client: Client, engine: AsyncEngine, settings: Settings
) -> None:
    await pass_attempt(engine, await make_programme(engine))
    await issue(engine, settings)
    (row,) = await _rows(engine)
    url = f"/credentials/{row.public_id}"
    credential_page = (await client.get(url)).text
    png = (await client.get(f"{url}/badge.png")).content
    page = await _upload(client, "badge.png", png, "image/png")
    assert chip(page) == ("status-valid", "Valid")
    assert element_text(page, "verdict") == element_text(credential_page, "verdict")
    assert _steps(page) == _steps(credential_page)
    assert f'id="credential-page" href="https://accredo.test{url}"' in page
    assert "Ada Lovelace" in element_text(page, "claims")
    for name, content, media_type in (
        ("badge.svg", (await client.get(f"{url}/badge.svg")).content, "image/svg+xml"),
        ("credential.json", json.dumps(row.document).encode(), "application/json"),
        ("credential.jwt", row.vc_jwt.encode(), "application/jwt"),
    ):
        assert chip(await _upload(client, name, content, media_type))[1] == "Valid", name
    api = await client.post("/verify", files={"file": ("badge.png", png, "image/png")})
    assert api.headers["content-type"].startswith("application/json")
    assert api.json()["ok"] is True


async def test_revoked_tampered_and_superseded_files(
    client: Client, engine: AsyncEngine, settings: Settings, auth_header: Headers
) -> None:
    programme = await make_programme(engine, validity_days=365)
    await pass_attempt(engine, programme, number=1)
    await issue(engine, settings, datetime.now(UTC) - timedelta(days=300))
    (first,) = await _rows(engine)
    await pass_attempt(engine, programme, number=2)
    await issue(engine, settings)
    url = f"/credentials/{first.public_id}"
    old = await _upload(client, "old.json", json.dumps(first.document).encode(), "text/plain")
    assert chip(old) == ("status-superseded", "Superseded by a renewal")
    assert element_text(old, "verdict").startswith("Superseded: version 1 of this credential")
    assert f'id="current-version" href="https://accredo.test{url}"' in old
    tampered = json.loads(json.dumps(first.document))
    tampered["credentialSubject"]["achievement"]["name"] = "Something Grander"
    forged = await _upload(client, "forged.json", json.dumps(tampered).encode(), "text/plain")
    assert chip(forged) == ("status-failed", "Not verified")
    assert element_text(forged, "verdict").startswith(
        "Not verified: the digital signature does not match"
    )
    assert ("fail", "proof") in _steps(forged)
    assert "What the file claims (not verified)" in forged
    assert "contact" not in element_text(forged, "advice")
    admin = auth_header(Role.ADMIN)
    await client.post(f"/admin{url}/revoke", json={"reason": "Identity fraud"}, headers=admin)
    png = (await client.get(f"{url}/badge.png")).content
    revoked = await _upload(client, "badge.png", png, "image/png")
    assert chip(revoked) == ("status-revoked", "Revoked")
    assert "Identity fraud" in element_text(revoked, "status-reason")
    assert "holds" not in revoked


async def test_an_unreadable_file_is_a_problem_page_for_browsers_and_a_problem_for_apis(
    client: Client,
) -> None:
    blank_png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
    browser = await client.post(
        "/verify", files={"file": ("x.png", blank_png, "image/png")}, headers=BROWSER
    )
    assert browser.status_code == 422
    assert browser.headers["content-type"].startswith("text/html")
    assert chip(browser.text) == ("status-failed", "Not verified")
    assert "could not be checked" in browser.text
    assert '<form id="verify-form"' in browser.text
    api = await client.post("/verify", files={"file": ("x.png", blank_png, "image/png")})
    assert api.status_code == 422
    assert api.headers["content-type"].startswith("application/problem+json")
    assert api.json()["errors"][0]["field"] == "file"
    empty_form = await client.post(
        "/verify", files={"other": ("x", b"1", "text/plain")}, headers=BROWSER
    )
    assert empty_form.status_code == 422 and "named" in empty_form.text


async def test_odd_documents_read_not_verified_never_a_server_error(client: Client) -> None:
    odd = [
        {"credentialSubject": "x", "issuer": 5, "validFrom": 7, "id": ["no"]},
        {"credentialSubject": [{"identifier": "x", "achievement": []}], "issuer": {"image": 3}},
        {"@context": ["https://www.w3.org/ns/credentials/v2"], "type": "VerifiableCredential"},
        [1, 2, 3],
    ]
    for document in odd:
        content = json.dumps(document).encode()
        page = await client.post(
            "/verify", files={"file": ("odd.json", content, "application/json")}, headers=BROWSER
        )
        assert page.status_code in (200, 422), (document, page.text)
        assert chip(page.text) == ("status-failed", "Not verified"), document
    token = await client.post(
        "/verify", files={"file": ("x.jwt", b"a.b.c", "text/plain")}, headers=BROWSER
    )
    assert chip(token.text) == ("status-failed", "Not verified")
