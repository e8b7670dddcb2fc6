"""Build a bank, a certification and an exam through the API, ready for learners."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx

from service.auth.roles import Role
from tests.support.bank_files import as_yaml, make_document

Client = httpx.AsyncClient
"""Any client of the app: the in-process test client or one talking to a running server."""


@dataclass
class ExamFixture:
    bank_id: str
    certification_id: str
    exam_id: str
    admin: dict[str, str]


def exam_spec(
    certification_id: str, bank_id: str, name: str = "Lumen Practitioner", **overrides: Any
) -> dict[str, Any]:
    spec: dict[str, Any] = {
        "certificationId": certification_id,
        "bankId": bank_id,
        "name": name,
        "blueprint": {"domainCounts": {"reporting.filters": 3, "data.modeling": 3}},
        "recallCap": 0.2,
        "timeLimitMinutes": 30,
        "cutScore": 0.7,
        "review": "items",
        "retakePolicy": {"waitsAfterFailureDays": [1, 14], "maxAttempts": 5, "windowDays": 365},
    }
    spec.update(overrides)
    return spec


async def build_exam(
    client: Client,
    auth_header: Callable[..., dict[str, str]],
    *,
    items: int = 40,
    certification: dict[str, Any] | None = None,
    bank_name: str = "Lumen bank",
    **exam_overrides: Any,
) -> ExamFixture:
    admin = auth_header(Role.ADMIN, subject="admin-1")
    bank = await client.post("/banks", json={"name": bank_name}, headers=admin)
    assert bank.status_code == 201, bank.text
    bank_id = bank.json()["id"]
    imported = await client.post(
        f"/banks/{bank_id}/imports",
        content=as_yaml(make_document(items)),
        headers={**admin, "Content-Type": "application/yaml"},
    )
    assert imported.status_code == 201, imported.text
    cert = await client.post(
        "/certifications",
        json={
            "name": "Lumen Certified Practitioner",
            "tier": "practitioner",
            "description": "Builds and maintains Lumen reporting.",
            "criteria": "Pass the practitioner exam.",
            "validityDays": 730,
            "renewalWindowDays": 90,
            **(certification or {}),
        },
        headers=admin,
    )
    assert cert.status_code == 201, cert.text
    exam = await client.post(
        "/exams", json=exam_spec(cert.json()["id"], bank_id, **exam_overrides), headers=admin
    )
    assert exam.status_code == 201, exam.text
    return ExamFixture(bank_id, cert.json()["id"], exam.json()["id"], admin)


async def start_attempt(client: Client, exam_id: str, headers: dict[str, str]) -> dict[str, Any]:
    """Start an attempt as the learner of ``headers``; anything but a 201 fails the test."""
    response = await client.post(f"/exams/{exam_id}/attempts", headers=headers)
    assert response.status_code == 201, response.text
    return dict(response.json())


async def answer_all(
    client: Client, attempt: dict[str, Any], headers: dict[str, str], *, correct: bool
) -> None:
    """Answer every item: the generated bank's keys are B (single) and A+C (multiple)."""
    for item in attempt["items"]:
        if correct:
            chosen = ["B"] if item["format"] == "single" else ["A", "C"]
        else:
            chosen = ["D"] if item["format"] == "single" else ["B", "D"]
        response = await client.put(
            f"/attempts/{attempt['id']}/answers/{item['position']}",
            json={"chosen": chosen},
            headers=headers,
        )
        assert response.status_code == 200, response.text
