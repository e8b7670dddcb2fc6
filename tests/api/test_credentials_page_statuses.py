"""The public page, PDF and share image tell the truth for every status, on both databases."""

from __future__ import annotations

import dataclasses
import io
import json
import re
from collections.abc import AsyncIterator, Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import jwt
import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from PIL import Image
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from credentials import IssuerProfile
from credentials.presentation import long_date
from service.app import create_app
from service.auth.roles import Role
from service.credentials import document as document_module
from service.db.models import CredentialRow
from service.db.session import transaction
from service.keys.documents import issuer_profile
from service.settings import Settings
from tests.support.credential_fixtures import (
    engine_for,
    issue,
    issue_until,
    make_programme,
    pass_attempt,
)
from tests.support.public_page import chip, download_links, element_text, pdf_text

Client = AsyncTestClient[Litestar]
Headers = Callable[..., dict[str, str]]
BASE = "https://accredo.test"
ISSUER = "Accredo Certification"
REVOKED_RED = (0xB9, 0x1C, 0x1C)


@pytest.fixture
async def engine(settings: Settings) -> AsyncIterator[AsyncEngine]:
    engine = engine_for(settings)
    yield engine
    await engine.dispose()


async def _credential(engine: AsyncEngine) -> CredentialRow:
    async with transaction(engine) as session:
        return (await session.scalars(select(CredentialRow))).one()


async def _issued(
    engine: AsyncEngine, settings: Settings, *, days_ago: int = 0, validity_days: int = 365
) -> CredentialRow:
    await pass_attempt(engine, await make_programme(engine, validity_days=validity_days))
    moment = datetime.now(UTC) - timedelta(days=days_ago)
    rows = await issue_until(
        engine, settings, select(CredentialRow), lambda rows: len(rows) == 1, now=moment
    )
    return rows[0]


def _achievement(row: CredentialRow) -> str:
    return str(row.document["credentialSubject"]["achievement"]["name"])


def _today() -> str:
    return long_date(datetime.now(UTC).date())


def _band_colour(png: bytes) -> tuple[int, ...]:
    with Image.open(io.BytesIO(png)) as image:
        pixel = image.convert("RGB").getpixel((image.width - 8, 8))
    assert isinstance(pixel, tuple)
    return pixel


def _no_inline_code(page: str) -> None:
    """What a strict CSP (script-src 'self', style-src 'self') would block."""
    assert "<style" not in page
    assert 'style="' not in page
    assert re.search(r"<script(?![^>]*\bsrc=)", page) is None
    assert re.search(r"\son[a-z]+=", page) is None


async def test_active_page_shows_the_credential_and_one_plain_verdict(
    client: Client, engine: AsyncEngine, settings: Settings
) -> None:
    row = await _issued(engine, settings)
    assert row.valid_until is not None
    page = (await client.get(f"/credentials/{row.public_id}")).text
    assert chip(page) == ("status-valid", "Valid")
    assert element_text(page, "verdict") == (
        f"Verified: issued by {ISSUER} to Ada Lovelace, "
        f"valid until {long_date(row.valid_until.date())}."
    )
    badge = re.search(r'id="badge-image" src="([^"]+)"', page)
    assert badge is not None
    image = await client.get(badge.group(1).removeprefix(BASE))
    assert image.status_code == 200 and image.content.startswith(b"\x89PNG")
    assert element_text(page, "achievement") == _achievement(row)
    assert element_text(page, "tier") == "Practitioner tier"
    assert element_text(page, "criteria") == "Pass the proctored exam with at least 70%."
    assert ISSUER in element_text(page, "issuer")
    assert element_text(page, "issued") == long_date(row.valid_from.date())
    assert element_text(page, "expires") == long_date(row.valid_until.date())
    folded = re.search(r'<details class="card" id="verification"( open)?>', page)
    assert folded is not None and folded.group(1) is None
    assert "all 7 checks passed" in page
    assert "It has not been altered</strong>: yes." in page
    assert 'id="linkedin-add"' in page
    assert "noindex" not in page
    _no_inline_code(page)
    css = await client.get("/static/public.css")
    assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")


async def test_revoked_page_pdf_and_share_image_say_so(
    client: Client,
    engine: AsyncEngine,
    settings: Settings,
    auth_header: Headers,
    tmp_path: Path,
) -> None:
    row = await _issued(engine, settings)
    url = f"/credentials/{row.public_id}"
    active_share = await client.get(f"{url}/share.png")
    assert _band_colour(active_share.content) != REVOKED_RED
    assert "REVOKED" not in await pdf_text(
        (await client.get(f"{url}/certificate.pdf")).content, tmp_path
    )
    admin = auth_header(Role.ADMIN)
    revoked = await client.post(
        f"/admin{url}/revoke", json={"reason": "Exam misconduct"}, headers=admin
    )
    assert revoked.status_code in (200, 201), revoked.text
    page = (await client.get(url)).text
    assert chip(page) == ("status-revoked", "Revoked")
    assert element_text(page, "verdict") == (
        f"Revoked: {ISSUER} revoked this credential on {_today()}. It is not valid."
    )
    assert element_text(page, "status-reason") == "Reason given by the issuer: Exam misconduct"
    assert "contact" in element_text(page, "advice")
    assert element_text(page, "status-date") == _today()
    assert "holds" not in page and "LinkedIn" not in page
    assert '<meta name="robots" content="noindex">' in page
    assert "checks failed" in page
    _no_inline_code(page)
    text = await pdf_text(
        (await client.get(f"{url}/certificate.pdf?size=letter")).content, tmp_path
    )
    assert f"REVOKED on {_today()} · not valid" in text
    assert "Ada Lovelace" in text
    share = await client.get(f"{url}/share.png")
    assert share.headers["cache-control"] == "public, no-cache"
    assert share.headers["etag"] != active_share.headers["etag"]
    assert _band_colour(share.content) == REVOKED_RED


async def test_suspension_stamps_and_reinstatement_clears_the_renders(
    client: Client,
    engine: AsyncEngine,
    settings: Settings,
    auth_header: Headers,
    tmp_path: Path,
) -> None:
    row = await _issued(engine, settings)
    url = f"/credentials/{row.public_id}"
    admin = auth_header(Role.ADMIN)
    before = (await client.get(f"{url}/certificate.pdf")).content
    await client.post(f"/admin{url}/suspend", json={"reason": "Under review"}, headers=admin)
    page = (await client.get(url)).text
    assert chip(page) == ("status-suspended", "Suspended")
    assert element_text(page, "verdict").startswith(f"Suspended: {ISSUER} suspended this")
    assert "reinstate" in element_text(page, "advice")
    assert "Under review" in element_text(page, "status-reason")
    assert "holds" not in page and 'id="linkedin-add"' not in page
    suspended = (await client.get(f"{url}/certificate.pdf")).content
    assert f"SUSPENDED on {_today()}" in await pdf_text(suspended, tmp_path)
    await client.post(f"/admin{url}/reinstate", headers=admin)
    assert chip((await client.get(url)).text) == ("status-valid", "Valid")
    assert (await client.get(f"{url}/certificate.pdf")).content == before


async def test_expired_page_pdf_and_share_image(
    client: Client, engine: AsyncEngine, settings: Settings, tmp_path: Path
) -> None:
    row = await _issued(engine, settings, days_ago=31, validity_days=30)
    assert row.valid_until is not None
    expired_on = long_date(row.valid_until.date())
    url = f"/credentials/{row.public_id}"
    page = (await client.get(url)).text
    assert chip(page) == ("status-expired", "Expired")
    assert element_text(page, "verdict") == (
        f"Expired: this credential, issued by {ISSUER} to Ada Lovelace, was valid until "
        f"{expired_on}. It is not valid today."
    )
    assert "holds" not in page and 'id="linkedin-add"' not in page
    assert "renewed" in element_text(page, "advice")
    assert f"It expired on {expired_on}." in page
    text = await pdf_text((await client.get(f"{url}/certificate.pdf")).content, tmp_path)
    assert f"EXPIRED on {expired_on} · not valid" in text
    share = await client.get(f"{url}/share.png")
    assert _band_colour(share.content) == (0x9F, 0x12, 0x39)


async def test_a_superseded_version_links_the_current_one_and_serves_its_own_files(
    client: Client, engine: AsyncEngine, settings: Settings, tmp_path: Path
) -> None:
    programme = await make_programme(engine, validity_days=365)
    await pass_attempt(engine, programme, number=1)
    await issue(engine, settings, datetime.now(UTC) - timedelta(days=300))
    first = await _credential(engine)
    await pass_attempt(engine, programme, number=2)
    await issue(engine, settings)
    current = await _credential(engine)
    assert current.version == 2
    url = f"/credentials/{current.public_id}"
    page = (await client.get(f"{url}?version=1")).text
    assert chip(page) == ("status-superseded", "Superseded by a renewal")
    assert element_text(page, "verdict") == (
        f"Superseded: version 1 of this credential was replaced by a renewal on {_today()}."
    )
    assert f'id="current-version" href="{BASE}{url}"' in page
    assert f'<link rel="canonical" href="{BASE}{url}">' in page
    assert "holds" not in page and 'id="linkedin-add"' not in page
    assert element_text(page, "issued") == long_date(first.valid_from.date())
    links = download_links(page)
    assert len(links) == 7 and all("version=1" in link for link in links)
    served: dict[str, Any] = {}
    for link in links:
        response = await client.get(link.removeprefix(BASE))
        assert response.status_code == 200, link
        served[link] = response
    by_kind = {link.split("?")[0].rsplit("/", 1)[-1]: r for link, r in served.items()}
    old_document = by_kind[current.public_id].json()
    assert old_document == first.document != current.document
    token = by_kind[f"{current.public_id}.jwt"].text
    claims = jwt.decode(token, options={"verify_signature": False})
    assert claims["validFrom"] == first.document["validFrom"]
    baked = await client.post("/verify", content=by_kind["badge.png"].content)
    assert baked.json()["status"] == "superseded" and baked.json()["ok"] is False
    pdf = await pdf_text(by_kind["certificate.pdf"].content, tmp_path)
    assert f"SUPERSEDED by a renewal on {_today()}" in pdf
    assert long_date(first.valid_from.date()) in pdf
    now_page = (await client.get(url)).text
    assert chip(now_page) == ("status-valid", "Valid")
    assert not any("version=" in link for link in download_links(now_page))
    current_badge = await client.get(f"{url}/badge.png")
    assert (await client.post("/verify", content=current_badge.content)).json()["ok"] is True
    too_big = await client.get(f"{url}?version=99999999999")
    assert too_big.status_code == 400
    assert (await client.get(f"{url}/badge.png?version=7")).status_code == 404


async def test_the_chip_never_falls_back_to_valid_after_a_base_url_change(
    engine: AsyncEngine, settings: Settings
) -> None:
    row = await _issued(engine, settings, days_ago=31, validity_days=30)
    moved = create_app(replace(settings, public_base_url="https://moved.test"))
    async with AsyncTestClient(app=moved) as client:
        page = (await client.get(f"/credentials/{row.public_id}")).text
        assert chip(page) == ("status-failed", "Not verified")
        assert "Valid<" not in page and "checks failed" in page
        assert element_text(page, "verdict").startswith("Not verified: ")
        report = (await client.post("/verify", content=json.dumps(row.document))).json()
        assert report["ok"] is False


async def test_holder_names_are_isolated_in_title_and_meta_tags(
    client: Client, engine: AsyncEngine, settings: Settings
) -> None:
    spoof = "Ada \u202eexe.FDP\u2069\u202e gnp"
    await pass_attempt(engine, await make_programme(engine), learner_name=spoof)
    await issue(engine, settings)
    row = await _credential(engine)
    page = (await client.get(f"/credentials/{row.public_id}")).text
    head = page[: page.index("</head>")]
    assert "\u202e" not in head
    isolated = "\u2068Ada exe.FDP gnp\u2069"
    expected_title = f"{isolated} – \u2068{_achievement(row)}\u2069"
    assert f"<title>{expected_title}</title>" in head
    for attribute, name in (("property", "og:title"), ("name", "twitter:title")):
        assert f'<meta {attribute}="{name}" content="{expected_title}">' in head
    for attribute, name in (("name", "description"), ("property", "og:description")):
        assert f'<meta {attribute}="{name}" content="Verified: issued by' in head
        assert f"to {isolated}, valid until" in head
    assert f'<bdi id="holder">{spoof}</bdi>' in page


async def test_the_issuer_image_shows_when_the_issuer_has_one(
    client: Client, engine: AsyncEngine, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    plain = await _issued(engine, settings)
    generated = f'id="issuer-image" src="{BASE}/issuer/image.png"'
    assert generated in (await client.get(f"/credentials/{plain.public_id}")).text
    logo = f"{BASE}/issuer/logo.png"

    def with_image(given: Settings) -> IssuerProfile:
        return dataclasses.replace(issuer_profile(given), image_url=logo)

    monkeypatch.setattr(document_module, "issuer_profile", with_image)
    await pass_attempt(engine, await make_programme(engine), learner_id="learner-2")
    await issue(engine, settings)
    async with transaction(engine) as session:
        row = (
            await session.scalars(
                select(CredentialRow).where(CredentialRow.learner_id == "learner-2")
            )
        ).one()
    assert row.document["issuer"]["image"]["id"] == logo
    page = (await client.get(f"/credentials/{row.public_id}")).text
    assert f'id="issuer-image" src="{logo}" alt="{ISSUER} logo"' in page
