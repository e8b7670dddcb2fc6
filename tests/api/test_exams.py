"""Certifications and exams: definitions, defaults, and blueprints the bank must satisfy."""

from __future__ import annotations

from collections.abc import Callable

from litestar import Litestar
from litestar.testing import AsyncTestClient

from service.auth.roles import Role
from tests.support.exam_setup import build_exam, exam_spec

Client = AsyncTestClient[Litestar]
Headers = Callable[..., dict[str, str]]


async def test_certification_defaults_and_badge(client: Client, auth_header: Headers) -> None:
    setup = await build_exam(client, auth_header)
    cert = (
        await client.get(f"/certifications/{setup.certification_id}", headers=setup.admin)
    ).json()
    assert cert["passBand"] == {"low": 0.6, "high": 0.7}
    assert cert["badgeUrl"] == f"https://accredo.test/certifications/{setup.certification_id}/badge"
    badge = await client.get(f"/certifications/{setup.certification_id}/badge")
    assert badge.status_code == 200 and badge.headers["content-type"].startswith("image/svg+xml")
    png = await client.get(f"/certifications/{setup.certification_id}/badge?format=png")
    assert png.content.startswith(b"\x89PNG")
    refused = await client.put(
        f"/certifications/{setup.certification_id}/badge",
        content=b"not an image",
        headers={**setup.admin, "Content-Type": "image/png"},
    )
    assert refused.status_code == 422
    uploaded = await client.put(
        f"/certifications/{setup.certification_id}/badge",
        content=png.content,
        headers={**setup.admin, "Content-Type": "image/png"},
    )
    assert uploaded.status_code == 200
    served = await client.get(f"/certifications/{setup.certification_id}/badge")
    assert served.content == png.content


async def test_infeasible_blueprint_names_what_is_short(
    client: Client, auth_header: Headers
) -> None:
    setup = await build_exam(client, auth_header)
    spec = exam_spec(
        setup.certification_id,
        setup.bank_id,
        name="Too big",
        blueprint={"domainCounts": {"reporting.filters": 3, "security.access": 30}},
    )
    response = await client.post("/exams", json=spec, headers=setup.admin)
    assert response.status_code == 422
    body = response.json()
    shortfall = next(s for s in body["shortfalls"] if "security.access" in s["domains"])
    assert shortfall["required"] == 30 and shortfall["available"] == 10 and shortfall["short"] == 20
    assert "security.access" in body["errors"][0]["message"]


async def test_recall_cap_is_enforced_against_the_bank(
    client: Client, auth_header: Headers
) -> None:
    setup = await build_exam(client, auth_header)
    spec = exam_spec(
        setup.certification_id,
        setup.bank_id,
        name="All recall",
        blueprint={"domainCounts": {"data.modeling": 5}, "kindCounts": {"recall": 5}},
    )
    response = await client.post("/exams", json=spec, headers=setup.admin)
    assert response.status_code == 422
    assert any("recall" in error["message"] for error in response.json()["errors"])


async def test_invalid_settings_list_every_problem(client: Client, auth_header: Headers) -> None:
    setup = await build_exam(client, auth_header)
    spec = exam_spec(
        setup.certification_id,
        setup.bank_id,
        name="Broken",
        cutScore=140,
        timeLimitMinutes=0,
        masteryThreshold=2,
    )
    response = await client.post("/exams", json=spec, headers=setup.admin)
    assert response.status_code == 422
    fields = {error["field"] for error in response.json()["errors"]}
    assert {"cutScore", "timeLimitMinutes", "masteryThreshold"} <= fields
    policy = exam_spec(
        setup.certification_id,
        setup.bank_id,
        name="Bad policy",
        retakePolicy={"maxAttempts": 3},
    )
    refused = await client.post("/exams", json=policy, headers=setup.admin)
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"].startswith("retakePolicy")


async def test_learners_list_exams_but_cannot_define_them(
    client: Client, auth_header: Headers
) -> None:
    setup = await build_exam(client, auth_header)
    learner = auth_header(Role.LEARNER)
    page = (await client.get("/exams", headers=learner)).json()
    assert (page["total"], page["limit"], page["offset"]) == (1, 100, 0)
    listed = page["items"]
    assert [(e["id"], e["itemCount"], e["tier"]) for e in listed] == [
        (setup.exam_id, 6, "practitioner")
    ]
    assert "blueprint" not in listed[0]
    assert (await client.get(f"/exams/{setup.exam_id}", headers=learner)).status_code == 403
    assert (await client.post("/exams", json={}, headers=learner)).status_code == 403


async def test_certifications_and_exams_list_in_pages(client: Client, auth_header: Headers) -> None:
    setup = await build_exam(client, auth_header)
    for url in ("/certifications", "/exams"):
        first = (await client.get(f"{url}?limit=1", headers=setup.admin)).json()
        assert (len(first["items"]), first["total"], first["limit"]) == (1, 1, 1)
        beyond = (await client.get(f"{url}?offset=1", headers=setup.admin)).json()
        assert (beyond["items"], beyond["total"], beyond["offset"]) == ([], 1, 1)
        assert (await client.get(f"{url}?limit=0", headers=setup.admin)).status_code == 400
