"""The server-wide maximum recall share: refused above it, honoured by every form."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from litestar import Litestar
from litestar.testing import AsyncTestClient

from service.app import create_app
from service.auth.roles import Role
from service.settings import Settings, SettingsError, load_settings
from tests.support.bank_files import as_yaml, make_document
from tests.support.exam_setup import exam_spec
from tests.support.tiered_bank import delivered_numbers, kind_of

Client = AsyncTestClient[Litestar]
Headers = Callable[..., dict[str, str]]

BLUEPRINTS: list[dict[str, Any]] = [
    {"domainCounts": {"reporting.filters": 5, "data.modeling": 5}},
    {"domainCounts": {"security.access": 7, "sharing.collaboration": 8}},
    {"domainCounts": {"data.modeling": 4}, "kindRanges": {"recall": {"min": 0}}},
    {
        "domainCounts": {"reporting.filters": 6, "security.access": 4},
        "kindRanges": {"scenario": {"min": 2}, "recall": {"min": 1}},
    },
]


async def _bank(client: Client, admin: dict[str, str]) -> tuple[str, str]:
    """A bank where recall items are plentiful: every third item, in every domain."""
    bank = await client.post("/banks", json={"name": "Recall heavy"}, headers=admin)
    bank_id = bank.json()["id"]
    document = make_document(160)
    for number, item in enumerate(document["items"], start=1):
        if number % 3 == 0:
            item["kind"] = "recall"
    imported = await client.post(
        f"/banks/{bank_id}/imports",
        content=as_yaml(document),
        headers={**admin, "Content-Type": "application/yaml"},
    )
    assert imported.status_code == 201, imported.text
    cert = await client.post(
        "/certifications",
        json={"name": "Recall", "tier": "practitioner", "description": "", "criteria": ""},
        headers=admin,
    )
    return bank_id, cert.json()["id"]


def _recall_count(form: dict[str, Any], document_kinds: dict[int, str]) -> int:
    return sum(1 for number in delivered_numbers(form) if document_kinds[number] == "recall")


async def test_an_exam_above_the_maximum_is_refused_naming_the_limit(
    client: Client, auth_header: Headers
) -> None:
    admin = auth_header(Role.ADMIN, subject="admin-1")
    bank_id, cert_id = await _bank(client, admin)
    for cap in (0.5, 1.0, 0.21):
        spec = exam_spec(cert_id, bank_id, name=f"cap {cap}", recallCap=cap)
        refused = await client.post("/exams", json=spec, headers=admin)
        assert refused.status_code == 422, refused.text
        errors = refused.json()["errors"]
        assert [e["field"] for e in errors] == ["recallCap"]
        assert "0.2" in errors[0]["message"] and "ACCREDO_MAX_RECALL_SHARE" in errors[0]["message"]
    defaulted = exam_spec(cert_id, bank_id, name="no cap given")
    del defaulted["recallCap"]
    created = await client.post("/exams", json=defaulted, headers=admin)
    assert created.status_code == 201, created.text
    assert created.json()["recallCap"] == 0.2
    exam = created.json()
    changed = await client.put(
        f"/exams/{exam['id']}", json={**defaulted, "recallCap": 0.4}, headers=admin
    )
    assert changed.status_code == 422
    assert changed.json()["errors"][0]["field"] == "recallCap"


async def test_every_form_of_every_exam_honours_the_maximum(
    client: Client, auth_header: Headers
) -> None:
    admin = auth_header(Role.ADMIN, subject="admin-1")
    bank_id, cert_id = await _bank(client, admin)
    kinds = {number: kind_of(number) if number % 3 else "recall" for number in range(1, 161)}
    exams = []
    for index, blueprint in enumerate(BLUEPRINTS):
        for cap in (0.0, 0.1, 0.2):
            spec = exam_spec(
                cert_id, bank_id, name=f"exam {index} {cap}", blueprint=blueprint, recallCap=cap
            )
            created = await client.post("/exams", json=spec, headers=admin)
            if created.status_code == 422:
                # A blueprint asking for more recall than the cap allows is refused, not built.
                assert any("recall" in e["message"] for e in created.json()["errors"])
                continue
            assert created.status_code == 201, created.text
            exams.append(created.json())
    assert len(exams) >= 9
    forms = 0
    for exam in exams:
        for learner in range(6):
            headers = auth_header(Role.LEARNER, subject=f"{exam['id']}-{learner}")
            started = await client.post(f"/exams/{exam['id']}/attempts", headers=headers)
            assert started.status_code == 201, started.text
            form = started.json()
            limit = math.floor(exam["recallCap"] * exam["itemCount"] + 1e-9)
            assert _recall_count(form, kinds) <= min(limit, math.floor(0.2 * exam["itemCount"]))
            forms += 1
    assert forms >= 54


async def test_a_lowered_maximum_binds_exams_stored_before(
    client: Client, auth_header: Headers, settings: Settings
) -> None:
    admin = auth_header(Role.ADMIN, subject="admin-1")
    bank_id, cert_id = await _bank(client, admin)
    spec = exam_spec(
        cert_id, bank_id, name="stored at 0.2", blueprint={"domainCounts": {"data.modeling": 10}}
    )
    created = await client.post("/exams", json=spec, headers=admin)
    assert created.status_code == 201, created.text
    exam_id = created.json()["id"]
    kinds = {number: kind_of(number) if number % 3 else "recall" for number in range(1, 161)}
    stricter = create_app(replace(settings, max_recall_share=0.1))
    async with AsyncTestClient(app=stricter) as strict_client:
        for learner in range(10):
            headers = auth_header(Role.LEARNER, subject=f"strict-{learner}")
            started = await strict_client.post(f"/exams/{exam_id}/attempts", headers=headers)
            assert started.status_code == 201, started.text
            assert _recall_count(started.json(), kinds) <= 1
        refused = await strict_client.post("/exams", json={**spec, "name": "x"}, headers=admin)
        assert refused.status_code == 422
        assert "0.1" in refused.json()["errors"][0]["message"]
    exact = {"domainCounts": {"data.modeling": 10}, "kindCounts": {"scenario": 8, "recall": 2}}
    fixed = await client.post(
        "/exams", json={**spec, "name": "two recall", "blueprint": exact}, headers=admin
    )
    assert fixed.status_code == 201, fixed.text
    async with AsyncTestClient(app=create_app(replace(settings, max_recall_share=0.1))) as strict:
        headers = auth_header(Role.LEARNER, subject="strict-exact")
        blocked = await strict.post(f"/exams/{fixed.json()['id']}/attempts", headers=headers)
    assert blocked.status_code == 409, blocked.text
    assert blocked.json()["type"].endswith("exam-above-recall-maximum")
    assert blocked.json()["maxRecallShare"] == 0.1


def test_the_maximum_is_read_from_the_environment(tmp_path: Any) -> None:
    base = {"ACCREDO_DATA_DIR": str(tmp_path), "ACCREDO_SECRET_KEY": "k" * 40}
    assert load_settings(base).max_recall_share == 0.2
    assert load_settings({**base, "ACCREDO_MAX_RECALL_SHARE": "0.15"}).max_recall_share == 0.15
    for bad in ("1.5", "-0.1", "a fifth"):
        try:
            load_settings({**base, "ACCREDO_MAX_RECALL_SHARE": bad})
        except SettingsError as error:
            assert "ACCREDO_MAX_RECALL_SHARE" in str(error)
        else:
            raise AssertionError(f"{bad!r} was accepted")
