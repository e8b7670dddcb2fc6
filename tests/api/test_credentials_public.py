"""Public credential routes and the admin status changes, seen through HTTP, on both databases."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import anyio
import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from credentials.status import read_status_list_credential
from service.auth.roles import Role
from service.db.models import CredentialRow
from service.db.session import transaction
from service.settings import Settings
from tests.support.credential_fixtures import engine_for, issue, make_programme, pass_attempt

Client = AsyncTestClient[Litestar]
Headers = Callable[..., dict[str, str]]
JSON = {"Accept": "application/ld+json"}


@pytest.fixture
async def engine(settings: Settings) -> AsyncIterator[AsyncEngine]:
    engine = engine_for(settings)
    yield engine
    await engine.dispose()


async def issued(engine: AsyncEngine, settings: Settings, **attempt: Any) -> CredentialRow:
    programme = await make_programme(engine)
    await pass_attempt(engine, programme, **attempt)
    await issue(engine, settings)
    async with transaction(engine) as session:
        rows = (await session.scalars(select(CredentialRow))).all()
    return rows[-1]


async def verify(client: Client, body: bytes | str) -> dict[str, Any]:
    response = await client.post("/verify", content=body)
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


async def test_page_json_jwt_and_verify(
    client: Client, engine: AsyncEngine, settings: Settings
) -> None:
    row = await issued(engine, settings)
    url = f"/credentials/{row.public_id}"
    as_json = await client.get(url, headers=JSON)
    assert as_json.headers["content-type"].startswith("application/ld+json")
    assert as_json.json() == row.document
    assert (await client.get(url + "?format=json")).json() == row.document
    page = await client.get(url)
    assert page.headers["content-type"].startswith("text/html")
    html = page.text
    for expected in (
        "Ada Lovelace",
        "Cloud Security Practitioner",
        "Practitioner",
        "Valid",
        "status-valid",
        'property="og:image" content="https://accredo.test/credentials/',
        "/share.png",
        "twitter:card",
        "https://www.linkedin.com/profile/add?startTask=CERTIFICATION_NAME",
        "certificate.pdf?size=letter",
        "<svg",
    ):
        assert expected in html, expected
    assert "ada@example.com" not in html
    report = await verify(client, json.dumps(row.document))
    assert report["ok"] is True and report["status"] == "active"
    jwt_text = (await client.get(url + ".jwt")).text
    assert (await verify(client, jwt_text))["format"] == "jwt"
    assert (await verify(client, jwt_text))["ok"] is True


async def test_markup_in_names_is_text(
    client: Client, engine: AsyncEngine, settings: Settings
) -> None:
    row = await issued(engine, settings, learner_name="<script>alert(1)</script>")
    html = (await client.get(f"/credentials/{row.public_id}")).text
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


async def test_tampering_fails(client: Client, engine: AsyncEngine, settings: Settings) -> None:
    row = await issued(engine, settings)
    document = json.loads(json.dumps(row.document))
    document["validUntil"] = "2099-01-01T00:00:00Z"
    report = await verify(client, json.dumps(document))
    assert report["ok"] is False
    assert {s["name"]: s["ok"] for s in report["steps"]}["proof"] is False


async def test_baked_badges_verify(client: Client, engine: AsyncEngine, settings: Settings) -> None:
    row = await issued(engine, settings)
    for suffix in ("badge.png", "badge.svg"):
        response = await client.get(f"/credentials/{row.public_id}/{suffix}")
        assert response.status_code == 200
        etag = response.headers["etag"]
        again = await client.get(
            f"/credentials/{row.public_id}/{suffix}", headers={"If-None-Match": etag}
        )
        assert again.status_code == 304
        assert (await verify(client, response.content))["ok"] is True


async def test_pdf_and_share_image(
    client: Client, engine: AsyncEngine, settings: Settings, tmp_path: Any
) -> None:
    row = await issued(engine, settings)
    for size in ("a4", "letter"):
        response = await client.get(f"/credentials/{row.public_id}/certificate.pdf?size={size}")
        assert response.headers["content-type"] == "application/pdf"
        pdf = tmp_path / f"{size}.pdf"
        pdf.write_bytes(response.content)
        completed = await anyio.run_process(["pdftotext", "-layout", str(pdf), "-"], check=True)
        text = completed.stdout.decode("utf-8")
        assert "Ada Lovelace" in text and "Cloud Security Practitioner" in text
        assert row.public_id in text
    share = await client.get(f"/credentials/{row.public_id}/share.png")
    assert share.content[:8] == b"\x89PNG\r\n\x1a\n"
    assert int.from_bytes(share.content[16:20], "big") == 1200
    assert int.from_bytes(share.content[20:24], "big") == 627


PURPOSES = ("revocation", "suspension")


async def test_revoke_suspend_reinstate_change_what_verifiers_see(
    client: Client, engine: AsyncEngine, settings: Settings, auth_header: Headers
) -> None:
    row = await issued(engine, settings)
    admin = auth_header(Role.ADMIN, subject="admin-1")
    base = f"/admin/credentials/{row.public_id}"
    document = json.dumps(row.document)
    missing_reason = await client.post(f"{base}/suspend", json={"reason": " "}, headers=admin)
    assert missing_reason.status_code == 422
    suspended = await client.post(f"{base}/suspend", json={"reason": "audit"}, headers=admin)
    assert suspended.json()["status"] == "suspended"
    report = await verify(client, document)
    assert report["ok"] is False and report["status"] == "suspended"
    assert "Suspended" in (await client.get(f"/credentials/{row.public_id}")).text
    status_url = row.document["credentialStatus"]["statusListCredential"]
    assert status_url == "https://accredo.test/status-lists/revocation/1"
    index = int(row.document["credentialStatus"]["statusListIndex"])

    async def bits() -> dict[str, bool]:
        lists = {p: (await client.get(f"/status-lists/{p}/1")).json() for p in PURPOSES}
        return {p: read_status_list_credential(d).bitstring.get(index) for p, d in lists.items()}

    assert await bits() == {"revocation": False, "suspension": True}
    assert "suspended the credential" in json.dumps(report["steps"])
    reinstated = await client.post(f"{base}/reinstate", headers=admin)
    assert reinstated.json()["status"] == "active"
    assert (await verify(client, document))["ok"] is True
    assert await bits() == {"revocation": False, "suspension": False}
    revoked = await client.post(f"{base}/revoke", json={"reason": "cheating"}, headers=admin)
    assert revoked.json()["statusReason"] == "cheating"
    report = await verify(client, document)
    assert report["ok"] is False and report["status"] == "revoked"
    assert "status-revoked" in (await client.get(f"/credentials/{row.public_id}")).text
    assert (await client.post(f"{base}/reinstate", headers=admin)).status_code == 409
    assert await bits() == {"revocation": True, "suspension": True}


async def test_bulk_revoke_is_all_or_nothing(
    client: Client, engine: AsyncEngine, settings: Settings, auth_header: Headers
) -> None:
    row = await issued(engine, settings)
    admin = auth_header(Role.ADMIN)
    body = {"ids": [row.public_id, "nope-1", "nope-2"], "reason": "breach"}
    refused = await client.post("/admin/credentials/revocations", json=body, headers=admin)
    assert refused.status_code == 404
    assert [e["item"] for e in refused.json()["errors"]] == ["nope-1", "nope-2"]
    assert (await verify(client, json.dumps(row.document)))["ok"] is True
    body["ids"] = [row.public_id]
    done = await client.post("/admin/credentials/revocations", json=body, headers=admin)
    assert done.json() == {"revoked": [row.public_id], "alreadyRevoked": []}


async def test_expired_reads_expired_everywhere(
    client: Client, engine: AsyncEngine, settings: Settings, auth_header: Headers
) -> None:
    programme = await make_programme(engine, validity_days=30)
    await pass_attempt(engine, programme)
    await issue(engine, settings, datetime.now(UTC) - timedelta(days=31))
    async with transaction(engine) as session:
        row = (await session.scalars(select(CredentialRow))).one()
    report = await verify(client, json.dumps(row.document))
    assert report["ok"] is False and report["status"] == "expired"
    assert "status-expired" in (await client.get(f"/credentials/{row.public_id}")).text
    learner = auth_header(Role.LEARNER, subject="learner-1")
    (mine,) = (await client.get("/me/credentials", headers=learner)).json()["items"]
    assert mine["status"] == "expired"
    admin = auth_header(Role.ADMIN)
    listed = await client.get("/admin/credentials?status=expired", headers=admin)
    assert [c["id"] for c in listed.json()["items"]] == [row.public_id]
    assert listed.json()["total"] == 1


async def test_renewal_supersedes_the_old_version(
    client: Client, engine: AsyncEngine, settings: Settings, auth_header: Headers
) -> None:
    programme = await make_programme(engine, validity_days=365)
    await pass_attempt(engine, programme, number=1)
    await issue(engine, settings, datetime.now(UTC) - timedelta(days=300))
    admin = auth_header(Role.ADMIN)
    soon = await client.get("/admin/credentials?expiringWithinDays=90", headers=admin)
    assert soon.json()["total"] == 1 and len(soon.json()["items"]) == 1
    public_id = soon.json()["items"][0]["id"]
    old_document = (await client.get(f"/credentials/{public_id}", headers=JSON)).json()
    await pass_attempt(engine, programme, number=2)
    await issue(engine, settings)
    current = (await client.get(f"/credentials/{public_id}", headers=JSON)).json()
    assert current["id"] == old_document["id"]
    assert current["awardedDate"] == old_document["awardedDate"]
    assert current["validFrom"] != old_document["validFrom"]
    old_report = await verify(client, json.dumps(old_document))
    assert old_report["ok"] is False and old_report["status"] == "superseded"
    assert (await verify(client, json.dumps(current)))["ok"] is True
    old_page = await client.get(f"/credentials/{public_id}?version=1")
    assert "status-superseded" in old_page.text


async def test_learners_see_only_their_own(
    client: Client, engine: AsyncEngine, settings: Settings, auth_header: Headers
) -> None:
    row = await issued(engine, settings)
    mine = await client.get(
        "/me/credentials", headers=auth_header(Role.LEARNER, subject="learner-1")
    )
    assert [c["id"] for c in mine.json()["items"]] == [row.public_id]
    past_the_end = await client.get(
        "/me/credentials?offset=1", headers=auth_header(Role.LEARNER, subject="learner-1")
    )
    assert (past_the_end.json()["items"], past_the_end.json()["total"]) == ([], 1)
    other = auth_header(Role.LEARNER, subject="someone-else")
    assert (await client.get("/me/credentials", headers=other)).json() == {
        "items": [],
        "total": 0,
        "limit": 100,
        "offset": 0,
    }
    assert (await client.get(f"/me/credentials/{row.public_id}", headers=other)).status_code == 404


async def test_issuer_keys_and_jwks(
    client: Client, engine: AsyncEngine, settings: Settings
) -> None:
    row = await issued(engine, settings)
    issuer = (await client.get("/issuer", headers=JSON)).json()
    assert issuer["id"] == "https://accredo.test/issuer"
    assert "Profile" in issuer["type"]
    method = row.document["proof"][0]["verificationMethod"]
    assert method in issuer["assertionMethod"] and "#" not in method
    key = (await client.get(method.removeprefix("https://accredo.test"))).json()
    assert key["type"] == "Multikey" and key["controller"] == issuer["id"]
    jwks = (await client.get("/.well-known/jwks.json")).json()
    assert [k["crv"] for k in jwks["keys"]] == ["P-256"]
    assert jwks["keys"][0]["kid"].startswith("https://accredo.test/keys/")
    html = await client.get("/issuer", headers={"Accept": "text/html"})
    assert html.headers["content-type"].startswith("text/html")
    unknown = await client.get("/credentials/not-a-real-id")
    assert unknown.status_code == 404
    stale = await client.get(f"/credentials/{row.public_id}?version=9")
    assert stale.status_code == 404


async def test_unknown_credential_does_not_verify(
    client: Client, engine: AsyncEngine, settings: Settings
) -> None:
    row = await issued(engine, settings)
    async with transaction(engine) as session:
        await session.execute(update(CredentialRow).values(public_id="moved"))
    report = await verify(client, json.dumps(row.document))
    assert report["ok"] is False
