"""Certifications can be edited (later credentials say the new text, issued ones keep theirs);
exams can be retired (no new starts, history kept, gone from learners' list)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import datetime
from typing import Any
from uuid import uuid4

import anyio
import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from service.auth.roles import Role
from service.db.models import CredentialRow, CredentialVersionRow
from service.db.session import transaction
from service.settings import Settings
from tests.support.credential_fixtures import engine_for, issue
from tests.support.exam_setup import answer_all, build_exam

Client = AsyncTestClient[Litestar]
Headers = Callable[..., dict[str, str]]


@pytest.fixture
async def engine(settings: Settings) -> AsyncIterator[AsyncEngine]:
    engine = engine_for(settings)
    yield engine
    await engine.dispose()


async def _pass(client: Client, exam_id: str, learner: dict[str, str]) -> None:
    attempt = (await client.post(f"/exams/{exam_id}/attempts", headers=learner)).json()
    await answer_all(client, attempt, learner, correct=True)
    submitted = await client.post(f"/attempts/{attempt['id']}/submit", headers=learner)
    assert submitted.json()["result"]["passed"] is True


async def _document(engine: AsyncEngine, settings: Settings, learner_id: str) -> Any:
    with anyio.fail_after(20):
        while True:
            await issue(engine, settings)
            async with transaction(engine) as session:
                found = await session.scalar(
                    select(CredentialVersionRow.document)
                    .join(CredentialRow, CredentialRow.id == CredentialVersionRow.credential_id)
                    .where(CredentialRow.learner_id == learner_id)
                )
            if found is not None:
                return found
            await anyio.sleep(0.1)


async def test_an_edit_applies_to_credentials_issued_afterwards(
    client: Client, auth_header: Headers, engine: AsyncEngine, settings: Settings
) -> None:
    setup = await build_exam(client, auth_header)
    await _pass(client, setup.exam_id, auth_header(Role.LEARNER, subject="early"))
    before = await _document(engine, settings, "early")
    change = {
        "name": "Lumen Certified Analyst",
        "description": "Builds governed Lumen reporting.",
        "criteria": "Pass the analyst exam.",
        "validityDays": 365,
        "renewalWindowDays": 30,
        "passBand": {"low": 0.5, "high": 0.65},
    }
    url = f"/certifications/{setup.certification_id}"
    assert (
        await client.put(url, json=change, headers=auth_header(Role.LEARNER))
    ).status_code == 403
    changed = await client.put(url, json=change, headers=setup.admin)
    assert changed.status_code == 200, changed.text
    body = changed.json()
    assert (body["name"], body["tier"], body["validityDays"], body["renewalWindowDays"]) == (
        "Lumen Certified Analyst",
        "practitioner",
        365,
        30,
    )
    assert body["passBand"] == {"low": 0.5, "high": 0.65}
    assert (await client.get(url, headers=setup.admin)).json() == body
    await _pass(client, setup.exam_id, auth_header(Role.LEARNER, subject="late"))
    after = await _document(engine, settings, "late")
    assert before["credentialSubject"]["achievement"]["name"] == "Lumen Certified Practitioner"
    assert after["credentialSubject"]["achievement"]["name"] == "Lumen Certified Analyst"
    assert after["credentialSubject"]["achievement"]["description"] == change["description"]
    again = await _document(engine, settings, "early")
    assert again == before
    taken = await client.post(
        "/certifications",
        json={"name": "Other", "tier": "expert", "description": "", "criteria": ""},
        headers=setup.admin,
    )
    assert taken.status_code == 201
    clash = await client.put(url, json={**change, "name": "Other"}, headers=setup.admin)
    assert clash.status_code == 409
    tier_change = await client.put(url, json={**change, "tier": "expert"}, headers=setup.admin)
    assert tier_change.status_code == 422
    assert tier_change.json()["errors"][0]["field"] == "tier"
    missing = await client.put(
        "/certifications/00000000-0000-0000-0000-000000000000", json=change, headers=setup.admin
    )
    assert missing.status_code == 404


async def test_a_retired_exam_takes_no_new_starts_and_keeps_its_history(
    client: Client, auth_header: Headers
) -> None:
    setup = await build_exam(client, auth_header)
    sitting = auth_header(Role.LEARNER, subject="sitting")
    attempt = (await client.post(f"/exams/{setup.exam_id}/attempts", headers=sitting)).json()
    retired = await client.post(f"/exams/{setup.exam_id}/retire", headers=setup.admin)
    assert retired.status_code == 200, retired.text
    assert retired.json()["retiredAt"] is not None
    again = await client.post(f"/exams/{setup.exam_id}/retire", headers=setup.admin)
    assert again.json()["retiredAt"] == retired.json()["retiredAt"]

    newcomer = auth_header(Role.LEARNER, subject="newcomer")
    refused = await client.post(f"/exams/{setup.exam_id}/attempts", headers=newcomer)
    assert refused.status_code == 409, refused.text
    assert refused.json()["type"].endswith("exam-retired")
    retired_at = datetime.fromisoformat(retired.json()["retiredAt"])
    assert datetime.fromisoformat(refused.json()["retiredAt"]) == retired_at

    # The attempt already in progress finishes and is scored; history stays readable.
    await answer_all(client, attempt, sitting, correct=True)
    submitted = await client.post(f"/attempts/{attempt['id']}/submit", headers=sitting)
    assert submitted.status_code == 200 and submitted.json()["result"]["passed"] is True
    history = await client.get(f"/exams/{setup.exam_id}/attempts", headers=setup.admin)
    assert history.json()["total"] == 1
    stats = await client.get(f"/exams/{setup.exam_id}/statistics", headers=setup.admin)
    assert stats.status_code == 200, stats.text

    listed = (await client.get("/exams", headers=newcomer)).json()
    assert listed["items"] == [] and listed["total"] == 0
    assert (await client.get("/exams?status=retired", headers=newcomer)).status_code == 403
    admin_default = (await client.get("/exams", headers=setup.admin)).json()
    assert admin_default["total"] == 0
    for status in ("retired", "all"):
        page = (await client.get(f"/exams?status={status}", headers=setup.admin)).json()
        assert [(e["id"], e["retired"]) for e in page["items"]] == [(setup.exam_id, True)]
    active = (await client.get("/exams?status=active", headers=setup.admin)).json()
    assert active["items"] == []
    one = (await client.get(f"/exams/{setup.exam_id}", headers=setup.admin)).json()
    assert one["retiredAt"] == retired.json()["retiredAt"]


async def test_a_reopened_exam_takes_starts_again_and_only_admins_reopen(
    client: Client, auth_header: Headers
) -> None:
    setup = await build_exam(client, auth_header)
    learner = auth_header(Role.LEARNER, subject="returning")
    await client.post(f"/exams/{setup.exam_id}/retire", headers=setup.admin)
    refused = await client.post(f"/exams/{setup.exam_id}/attempts", headers=learner)
    assert refused.status_code == 409

    for role in (Role.LEARNER, Role.AUTHOR):
        denied = await client.post(f"/exams/{setup.exam_id}/reopen", headers=auth_header(role))
        assert denied.status_code == 403, denied.text
    reopened = await client.post(f"/exams/{setup.exam_id}/reopen", headers=setup.admin)
    assert reopened.status_code == 200, reopened.text
    assert reopened.json()["retiredAt"] is None
    again = await client.post(f"/exams/{setup.exam_id}/reopen", headers=setup.admin)
    assert again.status_code == 200 and again.json()["retiredAt"] is None

    listed = (await client.get("/exams", headers=learner)).json()
    assert [exam["id"] for exam in listed["items"]] == [setup.exam_id]
    started = await client.post(f"/exams/{setup.exam_id}/attempts", headers=learner)
    assert started.status_code == 201, started.text
    missing = await client.post(f"/exams/{uuid4()}/reopen", headers=setup.admin)
    assert missing.status_code == 404
