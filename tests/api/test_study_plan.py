"""The re-study path after a scored attempt: weak domains, objectives missed most, reading and
the retake date, under every review setting, without revealing which items were wrong."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from service.app import create_app
from service.auth.roles import Role
from service.clock import SettableClock
from service.db.models import AttemptRow, ItemRevisionRow
from service.settings import Settings
from tests.support.bank_files import as_yaml, make_document
from tests.support.exam_setup import answer_all, build_exam

Client = AsyncTestClient[Litestar]
Headers = Callable[..., dict[str, str]]
FILTERS_GUIDE = "https://docs.example.org/filters"
DATES_GUIDE = "https://docs.example.org/filters/dates"
MODELING_COURSE = "https://academy.example.org/modeling"
GUIDE: list[dict[str, Any]] = [
    {
        "domain": "reporting.filters",
        "title": "Report filters",
        "description": "Filters at the right scope.",
        "objectives": [
            {
                "id": "1.1",
                "title": "Relative dates",
                "resources": [{"title": "Relative dates", "url": DATES_GUIDE}],
            },
            {"id": "1.2", "title": "Filter scope"},
        ],
        "resources": [{"title": "Filters guide", "url": FILTERS_GUIDE}],
    },
    {
        "domain": "data.modeling",
        "title": "Data modeling",
        "objectives": [{"id": "3.1", "title": "Relationships"}, {"id": "3.2", "title": "Measures"}],
        "resources": [{"title": "Modeling course", "url": MODELING_COURSE}],
    },
]


@pytest.fixture
def clock() -> SettableClock:
    return SettableClock(datetime(2026, 11, 26, 9, 0, tzinfo=UTC))


@pytest.fixture
def app(settings: Settings, clock: SettableClock) -> Litestar:
    return create_app(settings, clock=clock)


def objective_of(item: dict[str, Any]) -> str | None:
    number = int(item["id"].split("-")[1])
    if item["domain"] == "reporting.filters":
        return "1.1" if number % 8 == 1 else "1.2"
    if item["domain"] == "data.modeling":
        return "3.1"
    return None


def guided_bank(items: int = 40) -> bytes:
    document = make_document(items)
    for item in document["items"]:
        if objective_of(item) is not None:
            item["objective"] = objective_of(item)
    return as_yaml({"domains": GUIDE, **document})


async def describe_bank(client: Client, bank_id: str, admin: dict[str, str]) -> dict[str, Any]:
    imported = await client.post(
        f"/banks/{bank_id}/imports",
        content=guided_bank(),
        headers={**admin, "Content-Type": "application/yaml"},
    )
    assert imported.status_code == 201, imported.text
    return dict(imported.json())


async def sit(
    client: Client, exam_id: str, learner: dict[str, str], *, correct: bool
) -> dict[str, Any]:
    started = await client.post(f"/exams/{exam_id}/attempts", headers=learner)
    assert started.status_code == 201, started.text
    attempt = started.json()
    await answer_all(client, attempt, learner, correct=correct)
    submitted = await client.post(f"/attempts/{attempt['id']}/submit", headers=learner)
    assert submitted.status_code == 200, submitted.text
    return dict(submitted.json())


async def secrets_of(engine: AsyncEngine, attempt_id: str) -> list[str]:
    """Every string that would tie the plan to an item: item ids, revision ids, positions."""
    async with engine.connect() as connection:
        row = (
            await connection.execute(
                select(AttemptRow.form).where(AttemptRow.id == UUID(attempt_id))
            )
        ).one()
        revisions = [entry["revisionId"] for entry in row.form]
        contents = (
            await connection.execute(
                select(ItemRevisionRow.content).where(
                    ItemRevisionRow.id.in_([UUID(r) for r in revisions])
                )
            )
        ).all()
    return [
        *revisions,
        *(entry["itemId"] for entry in row.form),
        *(content.content["stem"] for content in contents),
    ]


def assert_reveals_no_item(plan: dict[str, Any], secrets: list[str]) -> None:
    text = json.dumps(plan)
    for secret in secrets:
        assert secret not in text
    assert "Q-0" not in text
    for word in ("position", "correct", "chosen", "keys", "revisionId", "itemId", "rationale"):
        assert f'"{word}"' not in text


@pytest.mark.parametrize("review", ["score", "domains", "items"])
async def test_a_failed_attempt_gets_objectives_resources_and_the_retake_date(
    client: Client,
    auth_header: Headers,
    db_engine: AsyncEngine,
    clock: SettableClock,
    review: str,
) -> None:
    setup = await build_exam(client, auth_header, review=review)
    report = await describe_bank(client, setup.bank_id, setup.admin)
    assert report["domainsDescribed"] == 2 and report["revised"] == 0
    assert report["stateChanged"] > 0
    learner = auth_header(Role.LEARNER, subject="l-1")
    body = await sit(client, setup.exam_id, learner, correct=False)
    result = body["result"]
    assert result["passed"] is False
    plan = result["studyPlan"]
    assert plan is not None
    assert {d["domain"]: d["percent"] for d in plan["domains"]} == {
        "reporting.filters": 0.0,
        "data.modeling": 0.0,
    }
    filters = next(d for d in plan["domains"] if d["domain"] == "reporting.filters")
    assert filters["title"] == "Report filters"
    assert [r["url"] for r in filters["resources"]] == [FILTERS_GUIDE]
    assert {o["id"] for o in filters["objectives"]} <= {"1.1", "1.2"}
    assert all(o["targeted"] and o["title"] for o in filters["objectives"])
    for objective in filters["objectives"]:
        if objective["id"] == "1.1":
            assert [r["url"] for r in objective["resources"]] == [DATES_GUIDE]
    modeling = next(d for d in plan["domains"] if d["domain"] == "data.modeling")
    assert [o["id"] for o in modeling["objectives"]] == ["3.1"]
    assert [r["url"] for r in modeling["resources"]] == [MODELING_COURSE]
    counted = [(o["lostPoints"], o["asked"]) for d in plan["domains"] for o in d["objectives"]]
    if review == "items":
        assert all(lost is not None and asked for lost, asked in counted)
        assert sum(asked for _, asked in counted) == 6
    else:
        assert all(lost is None and asked is None for lost, asked in counted)
        assert result["items"] is None
    assert plan["retake"]["allowedNow"] is False
    assert plan["retake"]["reason"] == "failure_wait"
    assert datetime.fromisoformat(plan["retake"]["earliest"]) == clock.now() + timedelta(days=1)

    own = await client.get(f"/me/attempts/{body['id']}/study-plan", headers=learner)
    assert own.status_code == 200, own.text
    assert own.json() == plan
    admin_view = await client.get(
        f"/learners/l-1/attempts/{body['id']}/study-plan", headers=setup.admin
    )
    assert admin_view.status_code == 200 and admin_view.json() == plan
    secrets = await secrets_of(db_engine, body["id"])
    assert_reveals_no_item(plan, secrets)
    if review != "items":
        again = await client.get(f"/attempts/{body['id']}", headers=learner)
        visible = {key: value for key, value in again.json()["result"].items() if value is not None}
        assert set(visible) <= {
            "rawScore",
            "maxScore",
            "percent",
            "score",
            "cutScore",
            "passed",
            "studyPlan",
            "byDomain",
            "byKind",
        }
        assert_reveals_no_item(again.json(), secrets)


async def test_a_pass_lists_no_weak_domain_and_the_retake_waits_for_renewal(
    client: Client, auth_header: Headers, clock: SettableClock
) -> None:
    setup = await build_exam(client, auth_header, review="score")
    await describe_bank(client, setup.bank_id, setup.admin)
    learner = auth_header(Role.LEARNER, subject="l-1")
    body = await sit(client, setup.exam_id, learner, correct=True)
    plan = body["result"]["studyPlan"]
    assert plan["passed"] is True and plan["domains"] == []
    assert plan["retake"]["reason"] == "passed_before_renewal"
    assert datetime.fromisoformat(plan["retake"]["earliest"]) == clock.now() + timedelta(
        days=730 - 90
    )


async def test_items_without_objectives_list_the_domains_objectives_untargeted(
    client: Client, auth_header: Headers
) -> None:
    setup = await build_exam(client, auth_header, review="domains")
    guide_only = as_yaml({"domains": GUIDE})
    imported = await client.post(
        f"/banks/{setup.bank_id}/imports",
        content=guide_only,
        headers={**setup.admin, "Content-Type": "application/yaml"},
    )
    assert imported.status_code == 201, imported.text
    assert imported.json()["domainsDescribed"] == 2 and imported.json()["created"] == 0
    learner = auth_header(Role.LEARNER, subject="l-1")
    body = await sit(client, setup.exam_id, learner, correct=False)
    modeling = next(
        d for d in body["result"]["studyPlan"]["domains"] if d["domain"] == "data.modeling"
    )
    assert [(o["id"], o["targeted"]) for o in modeling["objectives"]] == [
        ("3.1", False),
        ("3.2", False),
    ]


async def test_who_may_read_a_plan_and_when(client: Client, auth_header: Headers) -> None:
    setup = await build_exam(client, auth_header)
    learner = auth_header(Role.LEARNER, subject="l-1")
    started = (await client.post(f"/exams/{setup.exam_id}/attempts", headers=learner)).json()
    early = await client.get(f"/me/attempts/{started['id']}/study-plan", headers=learner)
    assert early.status_code == 409
    assert early.json()["type"] == "urn:accredo:problem:study-plan-not-ready"
    await client.post(f"/attempts/{started['id']}/submit", headers=learner)
    other = auth_header(Role.LEARNER, subject="l-2")
    url = f"/me/attempts/{started['id']}/study-plan"
    assert (await client.get(url, headers=other)).status_code == 404
    assert (await client.get(url, headers=learner)).status_code == 200
    admin_url = f"/learners/l-1/attempts/{started['id']}/study-plan"
    assert (await client.get(admin_url, headers=learner)).status_code == 403
    wrong_learner = f"/learners/l-2/attempts/{started['id']}/study-plan"
    assert (await client.get(wrong_learner, headers=setup.admin)).status_code == 404


async def test_guides_export_and_reimport_unchanged_and_bad_guides_name_every_problem(
    client: Client, auth_header: Headers
) -> None:
    setup = await build_exam(client, auth_header)
    await describe_bank(client, setup.bank_id, setup.admin)
    formats = (("yaml", "application/yaml"), ("json", "application/json"), ("csv", "text/csv"))
    for fmt, media_type in formats:
        exported = await client.get(
            f"/banks/{setup.bank_id}/export?format={fmt}", headers=setup.admin
        )
        assert exported.status_code == 200
        assert (DATES_GUIDE.encode() in exported.content) is (fmt != "csv")
        again = await client.post(
            f"/banks/{setup.bank_id}/imports",
            content=exported.content,
            headers={**setup.admin, "Content-Type": media_type},
        )
        report = again.json()
        assert (report["created"], report["revised"], report["stateChanged"]) == (0, 0, 0)
        assert report.get("domainsDescribed", 0) == 0
    csv = await client.get(f"/banks/{setup.bank_id}/export?format=csv", headers=setup.admin)
    assert b"objective" in csv.content.splitlines()[0]
    items = await client.get(
        f"/banks/{setup.bank_id}/items?domain=data.modeling", headers=setup.admin
    )
    assert {item["objective"] for item in items.json()["items"]} == {"3.1"}
    bad = {
        "domains": [
            {
                "domain": "reporting.filters",
                "objectives": [{"id": "1.1"}],
                "resources": [{"title": "x", "url": "javascript:alert(1)"}],
            }
        ]
    }
    refused = await client.post(
        f"/banks/{setup.bank_id}/imports",
        content=as_yaml(bad),
        headers={**setup.admin, "Content-Type": "application/yaml"},
    )
    assert refused.status_code == 422
    fields = {problem["field"] for problem in refused.json()["errors"]}
    assert fields == {"domains[1].objectives[1].title", "domains[1].resources[1].url"}
