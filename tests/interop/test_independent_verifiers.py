"""Credentials issued by the running server, checked by verifiers nobody here wrote.

One real server (``accredo serve`` under granian) per database for the whole module. Learners
pass an exam through the HTTP API and the server's own worker issues their credentials; an admin
revokes, suspends, reinstates and rotates keys the way an operator would (API and CLI). Then
Digital Bazaar's ``@digitalbazaar/vc`` (eddsa-rdfc-2022 + bitstring status list), the DCC's
``@digitalcredentials/verifier-core`` and ``jose`` (the VC-JWT) verify what the server serves.
Their document loaders fetch keys, the issuer profile and status lists from the server over HTTP
(`tests/interop/verifiers.mjs`); each report lists what was fetched, and a test checks it, so a
verifier that never looked at the served documents cannot pass.

Three credentials are made with the service's own issuance code before the server starts,
because no API can make them: one valid 30 days and signed 31 days ago (expired), and two that
point at the suspension list, as every credential issued before revocation became the published
purpose did ("legacy"). Set ``ACCREDO_INTEROP_REPORT_DIR`` to keep each verifier's reports.
"""

from __future__ import annotations

import base64
import io
import json
import os
import sys
import time
import xml.etree.ElementTree as ET
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import anyio
import httpx
import jwt
import pytest
from PIL import Image
from sqlalchemy import select

from service.auth.roles import Role
from service.auth.tokens import create_token, utc_now
from service.credentials import status_lists
from service.credentials.cli import verify_target
from service.db.models import CredentialRow
from service.db.session import transaction
from service.settings import Settings
from tests.support.credential_fixtures import engine_for, issue, make_programme, pass_attempt
from tests.support.databases import PostgresDatabases, SqliteDatabases
from tests.support.exam_setup import answer_all, build_exam
from tests.support.independent_verifiers import install_verifiers, run_verifiers
from tests.support.server import RunningServer, free_port, start_server

SECRET = "interop-secret-key-with-enough-length-0123456789"
HOLDER_DID = "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"
OB3_NAMESPACE = "https://purl.imsglobal.org/ob/v3p0"
THIRD_PARTY = ("digitalbazaar", "dcc", "jose")
API_LEARNERS = ("fresh", "revoked", "suspended", "didkey", "prerotation")


@dataclass
class Issued:
    public_id: str
    document: dict[str, Any]
    jwt: str


@dataclass
class Served:
    kind: str
    base: str
    issued: dict[str, Issued]
    png: bytes
    svg: bytes
    before: dict[str, Any]
    """Verifier reports with fresh, revoked and suspended credentials (before reinstating)."""
    after: dict[str, Any]
    """Verifier reports after the suspended credential was reinstated."""
    ours: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Our own ``POST /verify`` and ``accredo verify URL`` per case."""
    rotated_key_urls: tuple[str, str] = ("", "")


def _token(subject: str, role: Role, name: str | None = None) -> dict[str, str]:
    token = create_token(
        secret_key=SECRET,
        subject=subject,
        roles=[role],
        now=utc_now(),
        ttl=timedelta(hours=2),
        name=name,
    )
    return {"Authorization": f"Bearer {token}"}


def _auth_header(*roles: Role, subject: str = "user-1", **_: object) -> dict[str, str]:
    return _token(subject, roles[0])


async def _pass_exam(client: httpx.AsyncClient, exam_id: str, learner: str) -> str:
    headers = _token(learner, Role.LEARNER, name=f"Learner {learner}")
    started = await client.post(f"/exams/{exam_id}/attempts", headers=headers)
    assert started.status_code == 201, started.text
    await answer_all(client, started.json(), headers, correct=True)
    submitted = await client.post(f"/attempts/{started.json()['id']}/submit", headers=headers)
    assert submitted.json()["result"]["passed"] is True, submitted.text
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        mine = (await client.get("/me/credentials", headers=headers)).json()["items"]
        if mine:
            return str(mine[0]["id"])
        await anyio.sleep(0.3)
    raise AssertionError(f"the server's worker did not issue {learner}'s credential")


async def _fetch(client: httpx.AsyncClient, public_id: str) -> Issued:
    document = await client.get(
        f"/credentials/{public_id}", headers={"Accept": "application/ld+json"}
    )
    token = await client.get(f"/credentials/{public_id}.jwt")
    assert document.status_code == 200 and token.status_code == 200
    return Issued(public_id, document.json(), token.text.strip())


async def _admin(client: httpx.AsyncClient, public_id: str, action: str) -> None:
    body = {"reason": f"interop {action}"} if action != "reinstate" else None
    response = await client.post(
        f"/admin/credentials/{public_id}/{action}", json=body, headers=_token("admin", Role.ADMIN)
    )
    expected = {"revoke": "revoked", "suspend": "suspended", "reinstate": "active"}[action]
    assert response.is_success and response.json()["status"] == expected, response.text


async def _cli(env: dict[str, str], *args: str) -> tuple[int, str]:
    completed = await anyio.run_process(
        [sys.executable, "-m", "service", *args], check=False, env={**os.environ, **env}
    )
    return completed.returncode, completed.stdout.decode() + completed.stderr.decode()


async def _seed_before_start(settings: Settings) -> dict[str, str]:
    """Credentials no API can make: expired, and legacy ones pointing at the suspension list."""
    engine = engine_for(settings)
    try:
        legacy = await make_programme(engine, name="Legacy Practitioner")
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(status_lists, "CREDENTIAL_PURPOSE", "suspension")
            await pass_attempt(engine, legacy, learner_id="legacy-1", number=1)
            await pass_attempt(engine, legacy, learner_id="legacy-2", number=1)
            await issue(engine, settings)
        short = await make_programme(engine, name="Short-lived Practitioner", validity_days=30)
        await pass_attempt(engine, short, learner_id="expired-1")
        await issue(engine, settings, datetime.now(UTC) - timedelta(days=31))
        async with transaction(engine) as session:
            query = select(CredentialRow.learner_id, CredentialRow.public_id)
            rows = (await session.execute(query)).all()
    finally:
        await engine.dispose()
    by_learner = {learner: public_id for learner, public_id in rows}
    return {
        "legacy-revoked": by_learner["legacy-1"],
        "legacy-suspended": by_learner["legacy-2"],
        "expired": by_learner["expired-1"],
    }


def _one_character_changed(document: dict[str, Any]) -> dict[str, Any]:
    tampered: dict[str, Any] = json.loads(json.dumps(document))
    name = tampered["credentialSubject"]["achievement"]["name"]
    tampered["credentialSubject"]["achievement"]["name"] = name[:-1] + (
        "X" if name[-1] != "X" else "Y"
    )
    return tampered


def _jwt_with_one_character_changed(token: str) -> str:
    header, payload, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    changed = _one_character_changed(claims)
    encoded = base64.urlsafe_b64encode(json.dumps(changed).encode()).decode().rstrip("=")
    return ".".join([header, encoded, signature])


def credential_from_png(data: bytes) -> dict[str, Any]:
    """Read the baked credential with Pillow (not our baking code): the iTXt chunk."""
    with Image.open(io.BytesIO(data)) as image:
        text = image.text["openbadgecredential"]  # type: ignore[attr-defined]
    value: dict[str, Any] = json.loads(text)
    return value


def credential_from_svg(data: bytes) -> dict[str, Any]:
    """Read the baked credential with ElementTree (not our baking code)."""
    root = ET.fromstring(data)
    element = root.find(f"{{{OB3_NAMESPACE}}}credential")
    assert element is not None and element.text is not None
    value: dict[str, Any] = json.loads(element.text)
    return value


def _cases(
    issued: dict[str, Issued], png: bytes, svg: bytes, names: tuple[str, ...]
) -> list[dict[str, Any]]:
    cases: list[dict[str, Any]] = [
        {"name": name, "ldp": issued[name].document, "jwt": issued[name].jwt} for name in names
    ]
    if "fresh" in names:
        fresh = issued["fresh"]
        cases += [
            {
                "name": "tampered",
                "ldp": _one_character_changed(fresh.document),
                "jwt": _jwt_with_one_character_changed(fresh.jwt),
            },
            {"name": "baked-png", "ldp": credential_from_png(png), "jwt": None},
            {"name": "baked-svg", "ldp": credential_from_svg(svg), "jwt": None},
        ]
    return cases


CLI_SUBPROCESS_CASES = ("revoked", "legacy-suspended")
"""Cases checked by running ``accredo verify URL`` for real (wording and exit code); the others
call the same function in-process, to keep the module fast."""


async def _ours(
    client: httpx.AsyncClient, env: dict[str, str], base: str, name: str, issued: Issued
) -> dict[str, Any]:
    posted = (await client.post("/verify", content=json.dumps(issued.document))).json()
    url = f"{base}/credentials/{issued.public_id}"
    if name in CLI_SUBPROCESS_CASES:
        code, output = await _cli(env, "verify", url)
        return {"api": posted, "cli_code": code, "cli": output}
    report = await anyio.to_thread.run_sync(lambda: verify_target(url, datetime.now(UTC)))
    failing = [
        f"FAIL {step['name']}: {step['detail']}" for step in report["steps"] if not step["ok"]
    ]
    return {"api": posted, "cli_code": 0 if report["ok"] else 1, "cli": "\n".join(failing)}


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
async def served(
    request: pytest.FixtureRequest,
    sqlite_databases: SqliteDatabases,
    postgres_databases: PostgresDatabases,
    tmp_path_factory: pytest.TempPathFactory,
) -> AsyncIterator[Served]:
    node = install_verifiers()
    kind = str(request.param)
    databases = sqlite_databases if kind == "sqlite" else postgres_databases
    database_url = await databases.fresh()
    workdir = tmp_path_factory.mktemp(f"interop-{kind}")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        "ACCREDO_DATABASE_URL": database_url,
        "ACCREDO_PUBLIC_BASE_URL": base,
        "ACCREDO_SECRET_KEY": SECRET,
        "ACCREDO_DATA_DIR": str(workdir),
    }
    settings = Settings(
        database_url=database_url, public_base_url=base, secret_key=SECRET, data_dir=workdir
    )
    seeded = await _seed_before_start(settings)
    server: RunningServer = start_server(env, workdir, port=port)
    try:
        async with httpx.AsyncClient(base_url=base, timeout=30) as client:
            yield await _exercise(client, node, env, base, kind, seeded)
    finally:
        server.stop()


async def _exercise(
    client: httpx.AsyncClient,
    node: str,
    env: dict[str, str],
    base: str,
    kind: str,
    seeded: dict[str, str],
) -> Served:
    exam = await build_exam(client, _auth_header)
    ids = dict(seeded)
    did = await client.put(
        "/me/did", json={"did": HOLDER_DID}, headers=_token("didkey", Role.LEARNER)
    )
    assert did.status_code == 200, did.text
    for learner in API_LEARNERS:
        ids[learner] = await _pass_exam(client, exam.exam_id, learner)

    before_rotation = await _fetch(client, ids["prerotation"])
    code, output = await _cli(env, "keys", "rotate")
    assert code == 0, output
    ids["postrotation"] = await _pass_exam(client, exam.exam_id, "postrotation")

    for name in ("revoked", "legacy-revoked"):
        await _admin(client, ids[name], "revoke")
    for name in ("suspended", "legacy-suspended"):
        await _admin(client, ids[name], "suspend")

    issued = {name: await _fetch(client, public_id) for name, public_id in ids.items()}
    assert issued["prerotation"] == before_rotation
    fresh = ids["fresh"]
    png = (await client.get(f"/credentials/{fresh}/badge.png")).content
    svg = (await client.get(f"/credentials/{fresh}/badge.svg")).content
    names = tuple(issued)
    before = await anyio.to_thread.run_sync(
        lambda: run_verifiers(node, base, _cases(issued, png, svg, names))
    )
    ours = {name: await _ours(client, env, base, name, issued[name]) for name in names}

    await _admin(client, ids["suspended"], "reinstate")
    reinstated = {"reinstated": issued["suspended"]}
    after = await anyio.to_thread.run_sync(
        lambda: run_verifiers(node, base, _cases(reinstated, png, svg, ("reinstated",)))
    )
    ours["reinstated"] = await _ours(client, env, base, "reinstated", issued["suspended"])
    _keep_report(kind, before | after)
    new_method = issued["postrotation"].document["proof"][0]["verificationMethod"]
    old_method = issued["prerotation"].document["proof"][0]["verificationMethod"]
    return Served(kind, base, issued, png, svg, before, after, ours, (old_method, new_method))


def _keep_report(kind: str, reports: dict[str, Any]) -> None:
    """With ``ACCREDO_INTEROP_REPORT_DIR`` set, write what each verifier said (for the README)."""
    directory = os.environ.get("ACCREDO_INTEROP_REPORT_DIR")
    if directory:
        path = Path(directory) / f"interop-{kind}.json"
        path.write_text(json.dumps(reports, indent=2, sort_keys=True), encoding="utf-8")


def _verdicts(report: dict[str, Any]) -> dict[str, bool]:
    return {verifier: outcome["verified"] for verifier, outcome in report.items()}


def _status_bits(report: dict[str, Any]) -> dict[str, dict[str, bool]]:
    return {verifier: outcome.get("statuses") for verifier, outcome in report.items()}


def test_fresh_credentials_are_accepted_by_every_verifier(served: Served) -> None:
    report = served.before["fresh"]
    assert _verdicts(report) == dict.fromkeys(THIRD_PARTY, True), report
    assert _status_bits(report) == {key: {"revocation": False} for key in THIRD_PARTY}
    assert report["dcc"]["signature"] is True and report["dcc"]["expired"] is False
    assert report["dcc"]["schemaValid"] is True, report["dcc"]
    assert served.ours["fresh"]["api"]["status"] == "active"
    assert served.ours["fresh"]["cli_code"] == 0, served.ours["fresh"]["cli"]


def test_one_changed_character_is_rejected_by_every_verifier(served: Served) -> None:
    report = served.before["tampered"]
    assert _verdicts(report) == dict.fromkeys(THIRD_PARTY, False), report
    assert "signature" in report["digitalbazaar"]["error"].lower()
    assert report["dcc"]["fatal"] == ["invalid_signature"], report["dcc"]
    assert report["jose"]["code"] == "ERR_JWS_SIGNATURE_VERIFICATION_FAILED", report["jose"]


def test_revoked_is_reported_revoked_by_every_verifier(served: Served) -> None:
    report = served.before["revoked"]
    assert _verdicts(report) == dict.fromkeys(THIRD_PARTY, False), report
    assert _status_bits(report) == {key: {"revocation": True} for key in THIRD_PARTY}, report
    ours = served.ours["revoked"]
    assert ours["api"]["status"] == "revoked"
    assert ours["cli_code"] == 1 and "the credential is revoked" in ours["cli"], ours["cli"]


def test_suspension_is_ours_to_show_and_reinstating_restores_everything(served: Served) -> None:
    """Third parties read the revocation list only: suspension is invisible to them (README)."""
    suspended = served.before["suspended"]
    assert _verdicts(suspended) == dict.fromkeys(THIRD_PARTY, True), suspended
    assert _status_bits(suspended) == {key: {"revocation": False} for key in THIRD_PARTY}
    ours = served.ours["suspended"]
    assert ours["api"]["ok"] is False and ours["api"]["status"] == "suspended"
    assert ours["cli_code"] == 1 and "the credential is suspended" in ours["cli"], ours["cli"]

    reinstated = served.after["reinstated"]
    assert _verdicts(reinstated) == dict.fromkeys(THIRD_PARTY, True), reinstated
    assert served.ours["reinstated"]["api"]["status"] == "active"
    assert served.ours["reinstated"]["cli_code"] == 0, served.ours["reinstated"]["cli"]


def test_legacy_credentials_pointing_at_the_suspension_list(served: Served) -> None:
    """Issued before the switch: revoked and suspended both show as not valid to everyone, and
    we still tell which is which."""
    for name, state in (("legacy-revoked", "revoked"), ("legacy-suspended", "suspended")):
        document = served.issued[name].document
        assert document["credentialStatus"]["statusPurpose"] == "suspension"
        report = served.before[name]
        assert _verdicts(report) == dict.fromkeys(THIRD_PARTY, False), report
        assert _status_bits(report) == {key: {"suspension": True} for key in THIRD_PARTY}, report
        ours = served.ours[name]
        assert ours["api"]["status"] == state
        assert f"the credential is {state}" in ours["cli"], ours["cli"]
        assert ours["cli_code"] == 1


def test_expired_is_rejected_by_every_verifier(served: Served) -> None:
    report = served.before["expired"]
    assert _verdicts(report) == dict.fromkeys(THIRD_PARTY, False), report
    assert "validUntil" in report["digitalbazaar"]["error"], report["digitalbazaar"]
    assert report["dcc"]["expired"] is True and report["dcc"]["signature"] is True
    assert report["jose"]["code"] == "ERR_JWT_EXPIRED", report["jose"]
    assert served.ours["expired"]["api"]["status"] == "expired"


def test_baked_png_and_svg_carry_the_served_credential(served: Served) -> None:
    assert credential_from_png(served.png) == served.issued["fresh"].document
    assert credential_from_svg(served.svg) == served.issued["fresh"].document
    for name in ("baked-png", "baked-svg"):
        report = served.before[name]
        assert _verdicts(report) == {"digitalbazaar": True, "dcc": True}, report


def test_a_did_key_holder_is_verified(served: Served) -> None:
    assert served.issued["didkey"].document["credentialSubject"]["id"] == HOLDER_DID
    report = served.before["didkey"]
    assert _verdicts(report) == dict.fromkeys(THIRD_PARTY, True), report


def test_what_a_rotated_key_signed_still_verifies(served: Served) -> None:
    old_method, new_method = served.rotated_key_urls
    assert old_method != new_method
    old_kid = _b64_json(served.issued["prerotation"].jwt.split(".")[0])
    new_kid = _b64_json(served.issued["postrotation"].jwt.split(".")[0])
    assert old_kid["kid"] != new_kid["kid"]
    report = served.before["prerotation"]
    assert _verdicts(report) == dict.fromkeys(THIRD_PARTY, True), report
    assert old_method in report["digitalbazaar"]["fetched"]
    assert old_kid["kid"] in report["jose"]["fetched"]
    after = served.before["postrotation"]
    assert _verdicts(after) == dict.fromkeys(THIRD_PARTY, True), after
    assert new_method in after["dcc"]["fetched"] and new_kid["kid"] in after["jose"]["fetched"]


def test_verifiers_read_keys_issuer_and_status_lists_from_the_server(served: Served) -> None:
    """The proof that nothing was made up: every verifier dereferenced the served documents."""
    document = served.issued["fresh"].document
    method = document["proof"][0]["verificationMethod"]
    issuer = document["issuer"]["id"]
    status_list = document["credentialStatus"]["statusListCredential"]
    report = served.before["fresh"]
    for verifier in ("digitalbazaar", "dcc"):
        fetched = set(report[verifier]["fetched"])
        assert {method, issuer, status_list} <= fetched, (verifier, fetched)
    kid = _b64_json(served.issued["fresh"].jwt.split(".")[0])["kid"]
    assert {kid, status_list} <= set(report["jose"]["fetched"])
    assert all(url.startswith(served.base) for r in report.values() for url in r["fetched"])


def _b64_json(segment: str) -> dict[str, Any]:
    padded = segment + "=" * (-len(segment) % 4)
    value: dict[str, Any] = json.loads(base64.urlsafe_b64decode(padded))
    return value


def test_vc_jwt_follows_the_1edtech_validator_rules(served: Served) -> None:
    """OB 3.0 "JSON Web Token Proof" as the 1EdTech validator applies it, on the served JWT."""
    issued = served.issued["fresh"]
    header_segment, payload_segment, _ = issued.jwt.split(".")
    header, payload = _b64_json(header_segment), _b64_json(payload_segment)
    assert set(header) == {"alg", "kid", "typ"} and header["alg"] == "ES256"
    assert header["typ"] == "JWT"
    # the validator GETs the kid URL with no Accept header and reads a JWK at the top level
    served_key = httpx.get(header["kid"], timeout=10)
    assert served_key.status_code == 200
    jwk = served_key.json()
    assert jwk["kty"] == "EC" and jwk["crv"] == "P-256" and {"x", "y"} <= set(jwk)
    assert "d" not in jwk
    credential = {k: v for k, v in payload.items() if k not in {"iss", "sub", "jti", "nbf", "exp"}}
    assert credential == {k: v for k, v in issued.document.items() if k != "proof"} | {
        "iat": payload["iat"]
    }
    assert payload["iss"] == issued.document["issuer"]["id"]
    assert payload["sub"] == issued.document["credentialSubject"]["id"]
    assert payload["jti"] == issued.document["id"]
    assert payload["nbf"] == int(datetime.fromisoformat(issued.document["validFrom"]).timestamp())
    assert payload["exp"] == int(datetime.fromisoformat(issued.document["validUntil"]).timestamp())
    verified = jwt.decode(issued.jwt, jwt.PyJWK(jwk).key, algorithms=["ES256"])
    assert verified == payload
