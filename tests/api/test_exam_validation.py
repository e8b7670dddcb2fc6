"""One 422 lists every problem of an exam or certification request, by its wire path."""

from __future__ import annotations

from collections.abc import Callable

from litestar import Litestar
from litestar.testing import AsyncTestClient

from tests.support.exam_setup import build_exam, exam_spec

Client = AsyncTestClient[Litestar]
Headers = Callable[..., dict[str, str]]


def _fields(response_json: dict[str, object]) -> set[str]:
    errors = response_json["errors"]
    assert isinstance(errors, list)
    return {str(error["field"]) for error in errors}


async def test_rule_problems_of_body_blueprint_and_policy_arrive_together(
    client: Client, auth_header: Headers
) -> None:
    setup = await build_exam(client, auth_header)
    spec = exam_spec(
        setup.certification_id,
        setup.bank_id,
        name="   ",
        recallCap=0.5,
        blueprint={
            "domainCounts": {"data.modeling": 4},
            "kindCounts": {"scenario": 1, "recall": 3},
        },
        retakePolicy={"waitsAfterFailureDays": [1], "maxAttempts": 3},
    )
    response = await client.post("/exams", json=spec, headers=setup.admin)
    assert response.status_code == 422, response.text
    fields = _fields(response.json())
    assert {"name", "recallCap", "retakePolicy.maxAttempts"} <= fields
    assert any(field.startswith("blueprint.kindCounts") for field in fields), fields
    assert not any("_" in field for field in fields), fields


async def test_schema_and_rule_problems_share_one_list(
    client: Client, auth_header: Headers
) -> None:
    setup = await build_exam(client, auth_header)
    spec = exam_spec(
        setup.certification_id,
        setup.bank_id,
        name="Mixed",
        cutScore=140,
        colour="blue",
        recallCap=0.9,
        blueprint={"domainCounts": {"data.modeling": 4}, "kindCounts": {"recal": 1}},
        retakePolicy={"maxAttempts": 3},
    )
    for method, url in (("post", "/exams"), ("put", f"/exams/{setup.exam_id}")):
        response = await getattr(client, method)(url, json=spec, headers=setup.admin)
        assert response.status_code == 422, response.text
        fields = _fields(response.json())
        assert {
            "cutScore",
            "colour",
            "recallCap",
            "blueprint.kindCounts",
            "retakePolicy.maxAttempts",
        } <= fields, fields
        messages = {e["field"]: e["message"] for e in response.json()["errors"]}
        assert messages["colour"] == "unknown field"
        assert "ACCREDO_MAX_RECALL_SHARE" in messages["recallCap"]


async def test_certification_writes_list_every_problem(
    client: Client, auth_header: Headers
) -> None:
    setup = await build_exam(client, auth_header)
    body = {
        "name": " ",
        "tier": "expert",
        "description": "",
        "criteria": "",
        "validityDays": 30,
        "renewalWindowDays": 60,
        "passBand": {"low": 0.8, "high": 0.6},
        "colour": "blue",
    }
    created = await client.post("/certifications", json=body, headers=setup.admin)
    assert created.status_code == 422, created.text
    assert {"name", "renewalWindowDays", "passBand", "colour"} <= _fields(created.json())
    update = {k: v for k, v in body.items() if k not in ("tier", "colour")}
    changed = await client.put(
        f"/certifications/{setup.certification_id}", json=update, headers=setup.admin
    )
    assert changed.status_code == 422, changed.text
    assert {"name", "renewalWindowDays", "passBand"} <= _fields(changed.json())
    percent_band = await client.put(
        f"/certifications/{setup.certification_id}",
        json={**update, "name": "ok", "renewalWindowDays": 10, "passBand": {"low": 70, "high": 80}},
        headers=setup.admin,
    )
    assert percent_band.status_code == 422
    assert {"passBand.low", "passBand.high"} <= _fields(percent_band.json())
