"""Exams draw only items of their tiers: assembly, feasibility and the 422 that names the tier."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from litestar import Litestar
from litestar.testing import AsyncTestClient

from service.auth.roles import Role
from tests.support.bank_files import as_yaml
from tests.support.exam_setup import exam_spec
from tests.support.tiered_bank import delivered_numbers, tier_of, tiered_document

Client = AsyncTestClient[Litestar]
Headers = Callable[..., dict[str, str]]


async def _tiered_bank(client: Client, admin: dict[str, str], count: int = 120) -> str:
    bank = await client.post("/banks", json={"name": "Tiered bank"}, headers=admin)
    bank_id = str(bank.json()["id"])
    imported = await client.post(
        f"/banks/{bank_id}/imports",
        content=as_yaml(tiered_document(count)),
        headers={**admin, "Content-Type": "application/yaml"},
    )
    assert imported.status_code == 201, imported.text
    return bank_id


async def _certification(client: Client, admin: dict[str, str], tier: str) -> str:
    created = await client.post(
        "/certifications",
        json={
            "name": f"Lumen {tier}",
            "tier": tier,
            "description": "d",
            "criteria": "c",
            "validityDays": 730,
        },
        headers=admin,
    )
    assert created.status_code == 201, created.text
    return str(created.json()["id"])


async def _forms(client: Client, auth_header: Headers, exam_id: str, count: int) -> list[Any]:
    forms = []
    for index in range(count):
        learner = auth_header(Role.LEARNER, subject=f"tier-learner-{index}")
        started = await client.post(f"/exams/{exam_id}/attempts", headers=learner)
        assert started.status_code == 201, started.text
        forms.append(started.json())
    return forms


async def test_every_form_of_a_tiered_exam_holds_only_its_tier(
    client: Client, auth_header: Headers
) -> None:
    admin = auth_header(Role.ADMIN, subject="admin-1")
    bank_id = await _tiered_bank(client, admin)
    foundation = await _certification(client, admin, "foundation")
    by_default = await client.post(
        "/exams", json=exam_spec(foundation, bank_id, name="Foundation exam"), headers=admin
    )
    assert by_default.status_code == 201, by_default.text
    assert by_default.json()["tiers"] == ["foundation"]
    named = await client.post(
        "/exams",
        json=exam_spec(foundation, bank_id, name="Foundation, expert items", tiers=["expert"]),
        headers=admin,
    )
    assert named.status_code == 201, named.text
    assert named.json()["tiers"] == ["expert"]
    for exam, tier in ((by_default.json(), "foundation"), (named.json(), "expert")):
        forms = await _forms(client, auth_header, exam["id"], 25)
        delivered = [tier_of(number) for form in forms for number in delivered_numbers(form)]
        assert len(delivered) == 25 * 6
        assert set(delivered) == {tier}
        # Each learner has an attempt in progress; the next exam gets fresh learners.
        auth_header = _renamed(auth_header, tier)


def _renamed(auth_header: Headers, prefix: str) -> Headers:
    def header(*roles: Role, **kwargs: Any) -> dict[str, str]:
        if "subject" in kwargs:
            kwargs["subject"] = f"{prefix}-{kwargs['subject']}"
        return auth_header(*roles, **kwargs)

    return header


async def test_feasibility_counts_only_the_tier_and_names_it(
    client: Client, auth_header: Headers
) -> None:
    admin = auth_header(Role.ADMIN, subject="admin-1")
    bank_id = await _tiered_bank(client, admin)
    expert = await _certification(client, admin, "expert")
    # 30 active items per domain in the bank, 10 of them expert.
    spec = exam_spec(
        expert, bank_id, name="Too many", blueprint={"domainCounts": {"data.modeling": 12}}
    )
    refused = await client.post("/exams", json=spec, headers=admin)
    assert refused.status_code == 422, refused.text
    body = refused.json()
    assert "expert" in body["detail"]
    assert all("expert" in error["message"] for error in body["errors"])
    shortfall = body["shortfalls"][0]
    assert (shortfall["required"], shortfall["available"], shortfall["tiers"]) == (
        12,
        10,
        ["expert"],
    )
    wider = exam_spec(
        expert,
        bank_id,
        name="Two tiers",
        blueprint={"domainCounts": {"data.modeling": 12}},
        tiers=["practitioner", "expert"],
    )
    accepted = await client.post("/exams", json=wider, headers=admin)
    assert accepted.status_code == 201, accepted.text
    form = (await _forms(client, auth_header, accepted.json()["id"], 1))[0]
    assert {tier_of(n) for n in delivered_numbers(form)} <= {"practitioner", "expert"}
    unknown = exam_spec(expert, bank_id, name="Bad tier", tiers=["master"])
    bad = await client.post("/exams", json=unknown, headers=admin)
    assert bad.status_code == 422
    assert any(error["field"].startswith("tiers") for error in bad.json()["errors"])


async def test_a_revision_that_changes_tiers_reaches_the_next_start_at_once(
    client: Client, auth_header: Headers
) -> None:
    """Starts keep decoded revisions in memory; a revised item is a new revision, so the
    next start must see its new tiers, never the ones an earlier start decoded."""
    admin = auth_header(Role.ADMIN, subject="admin-1")
    bank_id = await _tiered_bank(client, admin)
    foundation = await _certification(client, admin, "foundation")
    exam = await client.post(
        "/exams", json=exam_spec(foundation, bank_id, name="Foundation exam"), headers=admin
    )
    assert exam.status_code == 201, exam.text
    before = await _forms(client, auth_header, exam.json()["id"], 3)
    assert {tier_of(n) for form in before for n in delivered_numbers(form)} == {"foundation"}

    swapped = tiered_document(120)
    for item in swapped["items"]:
        item["tiers"] = [
            {"foundation": "expert", "expert": "foundation"}.get(t, t) for t in item["tiers"]
        ]
    revised = await client.post(
        f"/banks/{bank_id}/imports",
        content=as_yaml(swapped),
        headers={**admin, "Content-Type": "application/yaml"},
    )
    assert revised.status_code == 201, revised.text

    after = await _forms(client, _renamed(auth_header, "after"), exam.json()["id"], 10)
    delivered = {tier_of(n) for form in after for n in delivered_numbers(form)}
    assert delivered == {"expert"}, "items first written as expert now carry foundation"
