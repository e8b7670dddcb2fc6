"""Admin routes of webhooks and reminders: validation names every problem, secrets rotate,
only admins get in, and the list of who is due matches the credentials."""

from __future__ import annotations

import dataclasses
import io
import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from uuid import uuid4

import pytest
from click.testing import CliRunner
from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy.ext.asyncio import AsyncEngine

from service.app import create_app
from service.auth.roles import Role
from service.clock import SettableClock
from service.credentials.outbox import issue_due_credentials
from service.db.session import transaction
from service.settings import Settings
from service.webhooks.cli import reminders as reminders_command
from service.webhooks.cli import write_csv
from service.webhooks.clients import new_client
from service.webhooks.reminders import due_reminders
from service.webhooks.worker import Dispatcher
from tests.support.exam_setup import answer_all, build_exam
from tests.support.webhook_receiver import start_receiver, stop_receiver

Client = AsyncTestClient[Litestar]
Headers = Callable[..., dict[str, str]]
URL = "/admin/webhooks/endpoints"
START = datetime(2027, 5, 3, 8, 0, tzinfo=UTC)


@pytest.fixture
def clock() -> SettableClock:
    return SettableClock(START)


@pytest.fixture
def hook_settings(settings: Settings) -> Settings:
    # The tests issue and deliver themselves: no background worker of the app's races them.
    return dataclasses.replace(
        settings, webhooks_allow_loopback=True, webhooks_worker=False, credential_worker=False
    )


@pytest.fixture
def app(hook_settings: Settings, clock: SettableClock) -> Litestar:
    return create_app(hook_settings, clock=clock)


async def test_bad_endpoints_are_refused_with_every_problem_named(
    client: Client, auth_header: Headers, settings: Settings
) -> None:
    admin = auth_header(Role.ADMIN)
    both = await client.post(
        URL, json={"url": "http://10.0.0.5/hook", "secret": "not-a-secret"}, headers=admin
    )
    assert both.status_code == 422, both.text
    fields = {p["field"] for p in both.json()["errors"]}
    assert fields == {"url", "secret"}
    unknown = await client.post(
        URL,
        json={"url": "https://hooks.example.com/x", "eventTypes": ["credential.eaten"]},
        headers=admin,
    )
    assert unknown.status_code == 422, unknown.text
    assert unknown.json()["errors"][0]["field"] == "eventTypes[0]"
    empty = await client.post(
        URL, json={"url": "https://hooks.example.com/x", "eventTypes": []}, headers=admin
    )
    assert empty.status_code == 422
    missing = await client.patch(f"{URL}/{uuid4()}", json={"active": True}, headers=admin)
    assert missing.status_code == 404
    for outsider in (auth_header(Role.LEARNER), auth_header(Role.AUTHOR), {}):
        assert (await client.get(URL, headers=outsider)).status_code in (401, 403)
        assert (await client.get("/admin/reminders", headers=outsider)).status_code in (401, 403)


async def test_production_settings_refuse_loopback(
    settings: Settings, auth_header: Headers
) -> None:
    async with AsyncTestClient(app=create_app(settings)) as strict:
        refused = await strict.post(
            URL, json={"url": "http://127.0.0.1:9/x"}, headers=auth_header(Role.ADMIN)
        )
    assert refused.status_code == 422
    assert refused.json()["errors"] == [{"message": "must be an https:// URL", "field": "url"}]


async def test_endpoints_are_listed_updated_rotated_and_deleted(
    client: Client,
    auth_header: Headers,
    db_engine: AsyncEngine,
    hook_settings: Settings,
    clock: SettableClock,
) -> None:
    admin = auth_header(Role.ADMIN)
    receiver = start_receiver()
    try:
        created = await client.post(
            URL,
            json={"url": receiver.url, "secret": "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSwLCtb1Q=="},
            headers=admin,
        )
        assert created.status_code == 201, created.text
        endpoint = created.json()["endpoint"]
        assert "secret" not in endpoint and len(endpoint["eventTypes"]) == 9
        old_secret = created.json()["secret"]
        assert old_secret == "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSwLCtb1Q=="
        listed = (await client.get(URL, headers=admin)).json()
        assert listed["total"] == 1 and listed["items"][0]["id"] == endpoint["id"]
        assert "secret" not in json.dumps(listed).lower()

        changed = await client.patch(
            f"{URL}/{endpoint['id']}",
            json={"eventTypes": ["attempt.submitted"], "description": "CRM"},
            headers=admin,
        )
        assert changed.status_code == 200, changed.text
        assert changed.json()["eventTypes"] == ["attempt.submitted"]
        assert changed.json()["description"] == "CRM"

        rotated = await client.post(f"{URL}/{endpoint['id']}/secret", json={}, headers=admin)
        assert rotated.status_code == 200, rotated.text
        new_secret = rotated.json()["secret"]
        assert new_secret != old_secret and new_secret.startswith("whsec_")

        receiver.secret = old_secret
        setup = await build_exam(client, auth_header)
        learner = auth_header(Role.LEARNER, subject="rot-1")
        attempt = (await client.post(f"/exams/{setup.exam_id}/attempts", headers=learner)).json()
        await answer_all(client, attempt, learner, correct=False)
        await client.post(f"/attempts/{attempt['id']}/submit", headers=learner)
        async with new_client() as http:
            await Dispatcher(db_engine, hook_settings, clock, http).drain()
        assert receiver.ids() == [] and len(receiver.unverified) == 1, "old secret no longer"
        receiver.secret = new_secret
        clock.advance(timedelta(minutes=1))
        async with new_client() as http:
            await Dispatcher(db_engine, hook_settings, clock, http).drain()
        assert len(receiver.ids()) == 1

        gone = await client.delete(f"{URL}/{endpoint['id']}", headers=admin)
        assert gone.status_code == 204
        assert (await client.get(f"{URL}/{endpoint['id']}", headers=admin)).status_code == 404
        deliveries = (await client.get("/admin/webhooks/deliveries", headers=admin)).json()
        assert deliveries["total"] == 0
    finally:
        stop_receiver(receiver)


async def test_reminders_list_who_is_due_and_days_are_per_certification(
    client: Client,
    auth_header: Headers,
    db_engine: AsyncEngine,
    hook_settings: Settings,
    clock: SettableClock,
) -> None:
    admin = auth_header(Role.ADMIN)
    setup = await build_exam(client, auth_header, certification={"validityDays": 365})
    for number, name in enumerate(["Ann Lee", "Bo Chen"]):
        learner = auth_header(
            Role.LEARNER, subject=f"due-{number}", name=name, email=f"due{number}@example.com"
        )
        attempt = (await client.post(f"/exams/{setup.exam_id}/attempts", headers=learner)).json()
        await answer_all(client, attempt, learner, correct=True)
        await client.post(f"/attempts/{attempt['id']}/submit", headers=learner)
        await issue_due_credentials(db_engine, hook_settings, clock.now())
        clock.advance(timedelta(days=10))

    days_url = f"/admin/certifications/{setup.certification_id}/reminders"
    assert (await client.get(days_url, headers=admin)).json() == {
        "certificationId": setup.certification_id,
        "daysBefore": [90, 60, 30],
        "default": True,
    }
    too_long = await client.put(days_url, json={"daysBefore": [400, 14]}, headers=admin)
    assert too_long.status_code == 422 and too_long.json()["errors"][0]["field"] == "daysBefore"
    put = await client.put(days_url, json={"daysBefore": [7, 45, 7]}, headers=admin)
    assert put.status_code == 200 and put.json()["daysBefore"] == [45, 7]
    assert (
        await client.get(f"/admin/certifications/{uuid4()}/reminders", headers=admin)
    ).status_code == 404

    clock.set(START + timedelta(days=365 - 50))  # Ann: 50 days left, Bo: 60
    due = await client.get("/admin/reminders", params={"withinDays": 55}, headers=admin)
    assert due.status_code == 200, due.text
    page = due.json()
    assert page["total"] == 1
    (ann,) = page["items"]
    assert ann["learnerName"] == "Ann Lee" and ann["learnerEmail"] == "due0@example.com"
    assert ann["daysLeft"] == 50 and ann["tier"] == "practitioner"
    assert ann["credentialUrl"].startswith("https://accredo.test/credentials/")
    wider = (await client.get("/admin/reminders", params={"withinDays": 90}, headers=admin)).json()
    assert [r["learnerId"] for r in wider["items"]] == ["due-0", "due-1"]
    bad = await client.get("/admin/reminders", params={"withinDays": 0}, headers=admin)
    assert bad.status_code == 400

    async with transaction(db_engine) as session:
        rows, _ = await due_reminders(session, hook_settings, clock.now(), 90, limit=10, offset=0)
    out = io.StringIO()
    write_csv(rows, out)
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("learnerId,learnerName,learnerEmail,accountExternalId")
    assert lines[1].startswith("due-0,Ann Lee,due0@example.com,,")
    assert len(lines) == 3

    result = CliRunner().invoke(reminders_command, ["--within", "0"])
    assert result.exit_code == 2 and "--within" in result.output
