"""Every hostile input that once answered 500: now a 4xx problem naming the field, nothing stored.

Each test runs on SQLite and PostgreSQL; the limits come from the schema, so both engines
refuse the same inputs with the same problems.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from datetime import timedelta
from typing import Any
from urllib.parse import unquote

import jwt
from litestar import Litestar
from litestar.testing import AsyncTestClient

from service.auth.roles import Role
from service.auth.tokens import ALGORITHM, AUDIENCE, ISSUER, token_signing_key, utc_now
from service.wire import MAX_JSON_DEPTH
from tests.conftest import TEST_SECRET
from tests.support.exam_setup import ExamFixture, build_exam, exam_spec

Client = AsyncTestClient[Litestar]
Headers = Callable[..., dict[str, str]]
BEYOND_64_BITS = 2**64 + 1
BEYOND_32_BITS = 2**31


def _problem_fields(response: Any) -> set[str]:
    assert response.headers["content-type"].startswith("application/problem+json"), response.text
    return {error.get("field") for error in response.json().get("errors", [])}


def _assert_refused(response: Any, *fields: str, status: int = 422) -> None:
    assert response.status_code == status, response.text
    assert set(fields) <= _problem_fields(response), response.text


async def _state(client: Client, admin: dict[str, str]) -> tuple[Any, ...]:
    """Everything a refused request might have written, as the API shows it."""
    return (
        (await client.get("/banks", headers=admin)).json()["items"],
        (await client.get("/certifications", headers=admin)).json()["items"],
        (await client.get("/exams", headers=admin)).json()["items"],
        (await client.get("/admin/credentials", headers=admin)).json()["items"],
    )


def _deep_json(depth: int) -> bytes:
    return b"[" * depth + b"]" * depth


def _certification(**overrides: Any) -> dict[str, Any]:
    return {
        "name": "Hostile",
        "tier": "expert",
        "description": "d",
        "criteria": "c",
        **overrides,
    }


async def test_deeply_nested_json_is_refused_on_every_json_route(
    client: Client, auth_header: Headers
) -> None:
    setup = await build_exam(client, auth_header)
    admin = setup.admin
    before = await _state(client, admin)
    deep = _deep_json(100_000)
    json_type = {"Content-Type": "application/json"}
    for method, path in (
        ("POST", "/banks"),
        ("POST", "/certifications"),
        ("POST", "/exams"),
        ("PUT", f"/exams/{setup.exam_id}"),
        ("PUT", f"/banks/{setup.bank_id}/items/Q-00001"),
        ("POST", "/admin/credentials/revocations"),
    ):
        response = await client.request(method, path, content=deep, headers={**admin, **json_type})
        _assert_refused(response, "body", status=400)
    deep_object = b'{"a":' * 100_000 + b"1" + b"}" * 100_000
    _assert_refused(await client.post("/verify", content=deep_object), "body", status=400)
    deep_jwt = b".".join(base64.urlsafe_b64encode(part).rstrip(b"=") for part in (b"{}", deep))
    _assert_refused(await client.post("/verify", content=deep_jwt + b".c2ln"), "body", status=400)
    upload = await client.post("/verify", files={"file": ("deep.json", deep_object)})
    _assert_refused(upload, "file", status=400)
    just_deep_enough = b"[" * (MAX_JSON_DEPTH - 1) + b"]" * (MAX_JSON_DEPTH - 1)
    shallow = await client.post("/banks", content=just_deep_enough, headers={**admin, **json_type})
    assert shallow.status_code == 422  # read, then refused for its shape, not its depth
    assert await _state(client, admin) == before


async def test_integers_past_64_and_32_bits_are_refused(
    client: Client, auth_header: Headers
) -> None:
    setup = await build_exam(client, auth_header)
    admin = setup.admin
    before = await _state(client, admin)
    for huge in (BEYOND_64_BITS, BEYOND_32_BITS):
        for path in (
            f"/banks/{setup.bank_id}/items?offset={huge}",
            f"/exams/{setup.exam_id}/attempts?offset={huge}",
            f"/admin/credentials?offset={huge}",
        ):
            response = await client.get(path, headers=admin)
            assert response.status_code == 400, (path, response.text)
            assert "offset" in response.text
        status_list = await client.get(f"/status-lists/revocation/{huge}")
        assert 400 <= status_list.status_code < 500, status_list.text
        certification = await client.post(
            "/certifications",
            json=_certification(validityDays=huge, renewalWindowDays=huge),
            headers=admin,
        )
        _assert_refused(certification, "validityDays", "renewalWindowDays")
        exam = await client.post(
            "/exams",
            json=exam_spec(
                setup.certification_id,
                setup.bank_id,
                name="Huge",
                timeLimitMinutes=huge,
                retakePolicy={"waitsAfterFailureDays": [1, huge]},
            ),
            headers=admin,
        )
        _assert_refused(exam, "timeLimitMinutes", "retakePolicy.waitsAfterFailureDays[1]")
    assert await _state(client, admin) == before


async def test_settings_that_would_fail_at_use_are_refused_up_front(
    client: Client, auth_header: Headers
) -> None:
    setup = await build_exam(client, auth_header)
    admin = setup.admin
    before = await _state(client, admin)
    exam_before = (await client.get(f"/exams/{setup.exam_id}", headers=admin)).json()
    certification = await client.post(
        "/certifications", json=_certification(validityDays=3_000_000), headers=admin
    )
    _assert_refused(certification, "validityDays")
    for overrides, field in (
        ({"timeLimitMinutes": 1e11}, "timeLimitMinutes"),
        ({"retakePolicy": {"waitsAfterFailureDays": [3_000_000]}}, "retakePolicy"),
        (
            {"retakePolicy": {"maxAttempts": 3, "windowDays": 1e300}},
            "retakePolicy.windowDays",
        ),
    ):
        spec = exam_spec(setup.certification_id, setup.bank_id, **overrides)
        response = await client.put(f"/exams/{setup.exam_id}", json=spec, headers=admin)
        assert response.status_code == 422, response.text
        assert any(f.startswith(field) for f in _problem_fields(response) if f), response.text
    assert (await client.get(f"/exams/{setup.exam_id}", headers=admin)).json() == exam_before
    assert await _state(client, admin) == before
    learner = auth_header(Role.LEARNER, subject="after-refusals")
    started = await client.post(f"/exams/{setup.exam_id}/attempts", headers=learner)
    assert started.status_code == 201, started.text


async def test_every_body_problem_is_listed_at_once(client: Client, auth_header: Headers) -> None:
    setup = await build_exam(client, auth_header)
    spec = exam_spec(
        setup.certification_id,
        setup.bank_id,
        name="x" * 201,
        timeLimitMinutes=0,
        cutScore=101,
        recallCap=-1,
        retakePolicy={"waitsAfterFailureDays": [-1], "maxAttempts": 0, "windowDays": 0},
        colour="blue",
    )
    response = await client.post("/exams", json=spec, headers=setup.admin)
    _assert_refused(
        response,
        "name",
        "timeLimitMinutes",
        "cutScore",
        "recallCap",
        "retakePolicy.waitsAfterFailureDays[0]",
        "retakePolicy.maxAttempts",
        "retakePolicy.windowDays",
        "colour",
    )


async def test_names_and_learner_ids_longer_than_their_columns_are_refused(
    client: Client, auth_header: Headers
) -> None:
    setup = await build_exam(client, auth_header)
    admin = setup.admin
    before = await _state(client, admin)
    long = "n" * 201
    _assert_refused(await client.post("/banks", json={"name": long}, headers=admin), "name")
    _assert_refused(
        await client.post("/certifications", json=_certification(name=long), headers=admin),
        "name",
    )
    spec = exam_spec(setup.certification_id, setup.bank_id, name=long)
    _assert_refused(await client.post("/exams", json=spec, headers=admin), "name")
    override = await client.post(
        f"/exams/{setup.exam_id}/retake-overrides",
        json={"learnerId": long, "reason": "appeal"},
        headers=admin,
    )
    _assert_refused(override, "learnerId")
    accommodation = await client.put(
        f"/learners/{long}/accommodation", json={"timeMultiplier": 1.5}, headers=admin
    )
    assert accommodation.status_code == 400, accommodation.text
    assert "learner_id" in accommodation.text
    exactly = "n" * 200
    created = await client.post("/banks", json={"name": exactly}, headers=admin)
    assert created.status_code == 201, created.text
    assert (await client.get("/banks", headers=admin)).json()["items"][-1]["name"] == exactly
    assert len((await _state(client, admin))[0]) == len(before[0]) + 1


def _raw_token(**claims: Any) -> dict[str, str]:
    """A correctly signed token with any claims: ``create_token`` refuses unusable ones."""
    now = utc_now()
    payload = {
        "roles": ["learner"],
        "iat": int(now.timestamp()),
        "exp": int((now + timedelta(hours=1)).timestamp()),
        "aud": AUDIENCE,
        "iss": ISSUER,
        **claims,
    }
    token = jwt.encode(payload, token_signing_key(TEST_SECRET), algorithm=ALGORITHM)
    return {"Authorization": f"Bearer {token}"}


async def test_token_claims_that_cannot_be_stored_are_refused(
    client: Client, auth_header: Headers
) -> None:
    setup: ExamFixture = await build_exam(client, auth_header)
    for claims, claim in (
        ({"sub": "s" * 201}, "sub"),
        ({"sub": "ok", "name": "n" * 201}, "name"),
        ({"sub": "ok", "email": "e" * 321}, "email"),
        ({"sub": "nul\x00sub"}, "sub"),
        ({"sub": "ok", "name": "lone \ud800 surrogate"}, "name"),
    ):
        response = await client.post(
            f"/exams/{setup.exam_id}/attempts", headers=_raw_token(**claims)
        )
        assert response.status_code == 401, response.text
        assert f"`{claim}`" in response.json()["detail"]
    attempts = await client.get(f"/exams/{setup.exam_id}/attempts", headers=setup.admin)
    assert attempts.json()["total"] == 0
    fine = await client.post(
        f"/exams/{setup.exam_id}/attempts", headers=_raw_token(sub="s" * 200, name="n" * 200)
    )
    assert fine.status_code == 201, fine.text


async def test_nul_characters_are_refused_in_bodies_paths_and_queries(
    client: Client, auth_header: Headers
) -> None:
    setup = await build_exam(client, auth_header)
    admin = setup.admin
    before = await _state(client, admin)
    _assert_refused(
        await client.post("/banks", json={"name": "a\x00b", "description": "x\x00"}, headers=admin),
        "name",
        "description",
    )
    _assert_refused(
        await client.post(
            "/certifications", json=_certification(criteria="pass\x00"), headers=admin
        ),
        "criteria",
    )
    revoke = await client.post(
        "/admin/credentials/revocations",
        json={"ids": ["a\x00"], "reason": "r"},
        headers=admin,
    )
    _assert_refused(revoke, "ids[0]")
    for path, field in (
        ("/credentials/%00", "credential_id"),
        ("/credentials/%00/badge.png", "credential_id"),
        ("/me/credentials/%00", "credential_id"),
        (f"/banks/{setup.bank_id}/items/%00", "external_id"),
        ("/learners/%00/attempts", "learner_id"),
        (f"/banks/{setup.bank_id}/items?q=%00", "q"),
        (f"/exams/{setup.exam_id}/attempts?learner=a%00", "learner"),
    ):
        headers = auth_header(Role.LEARNER) if path.startswith("/me/") else admin
        response = await client.get(path, headers=headers)
        _assert_refused(response, field)
        assert "U+0000" in response.text, unquote(path)
    assert await _state(client, admin) == before


async def test_bank_export_of_a_non_latin1_name_uses_rfc_6266(
    client: Client, auth_header: Headers
) -> None:
    admin = auth_header(Role.AUTHOR)
    name = 'Système 日本 "quoted"'
    bank = (await client.post("/banks", json={"name": name}, headers=admin)).json()
    response = await client.get(f"/banks/{bank['id']}/export?format=json", headers=admin)
    assert response.status_code == 200, response.text
    disposition = response.headers["content-disposition"]
    assert disposition.startswith('attachment; filename="Systeme ')
    assert "filename*=UTF-8''Syst%C3%A8me%20%E6%97%A5%E6%9C%AC%20%22quoted%22.json" in disposition
    disposition.encode("latin-1")


async def test_a_json_bank_with_a_lone_surrogate_is_refused(
    client: Client, auth_header: Headers
) -> None:
    admin = auth_header(Role.AUTHOR)
    bank = (await client.post("/banks", json={"name": "Surrogates"}, headers=admin)).json()
    document = (
        '{"items": [{"id": "Q-\\udfff", "kind": "recall", "domain": "d", "format": "single", '
        '"tiers": ["expert"], '
        '"stem": "broken \\ud800 text", "options": [{"id": "A", "text": "a"}, '
        '{"id": "B", "text": "b"}], "key": "A"}]}'
    )
    response = await client.post(
        f"/banks/{bank['id']}/imports",
        content=document.encode(),
        headers={**admin, "Content-Type": "application/json"},
    )
    assert response.status_code == 422, response.text
    problems = response.json()["errors"]
    assert any("U+D800" in p["message"] and p.get("field") == "stem" for p in problems), problems
    assert any("U+DFFF" in p["message"] and p.get("item") == "Q-\ufffd" for p in problems), problems
    items = await client.get(f"/banks/{bank['id']}/items", headers=admin)
    assert items.json()["total"] == 0


async def test_names_that_clash_once_trimmed_are_a_conflict(
    client: Client, auth_header: Headers
) -> None:
    setup = await build_exam(client, auth_header)
    admin = setup.admin
    other = await client.post(
        "/exams",
        json=exam_spec(setup.certification_id, setup.bank_id, name="Second"),
        headers=admin,
    )
    assert other.status_code == 201, other.text
    before = await _state(client, admin)
    padded = await client.post(
        "/certifications",
        json=_certification(name="\x85Lumen Certified Practitioner "),
        headers=admin,
    )
    assert padded.status_code == 409, padded.text
    renamed = await client.put(
        f"/exams/{other.json()['id']}",
        json=exam_spec(setup.certification_id, setup.bank_id, name=" Lumen Practitioner"),
        headers=admin,
    )
    assert renamed.status_code == 409, renamed.text
    same = await client.put(
        f"/exams/{setup.exam_id}",
        json=exam_spec(setup.certification_id, setup.bank_id, name="Lumen Practitioner"),
        headers=admin,
    )
    assert same.status_code == 200, same.text
    assert await _state(client, admin) == before
