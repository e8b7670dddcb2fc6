"""Webhooks end to end: changes made through the API arrive at a real receiver, signed.

The receiver listens on 127.0.0.1 and verifies every request with the ``standardwebhooks``
library. Time is the app's `SettableClock`; the test drives a `Dispatcher` (the worker the
app runs) so each round is deterministic, with the retry schedule injected.
"""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator, Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import anyio
import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy.ext.asyncio import AsyncEngine

from service.app import create_app
from service.auth.roles import Role
from service.clock import SettableClock
from service.credentials.outbox import issue_due_credentials
from service.db.session import transaction
from service.settings import Settings
from service.webhooks.clients import new_client
from service.webhooks.emit import coverage_changed
from service.webhooks.events import AccountBlock, CertificationBlock, CoverageLine, LearnerBlock
from service.webhooks.expiry import announce_expiries
from service.webhooks.retry import RetryPolicy
from service.webhooks.worker import Dispatcher
from tests.support.exam_setup import answer_all, build_exam
from tests.support.webhook_receiver import Receiver, start_receiver, stop_receiver

Client = AsyncTestClient[Litestar]
Headers = Callable[..., dict[str, str]]
START = datetime(2027, 1, 4, 9, 0, tzinfo=UTC)
QUICK = RetryPolicy(
    first_delay=timedelta(seconds=10),
    jitter=0.0,
    disable_min_failures=3,
    disable_after=timedelta(minutes=1),
)


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


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    found = start_receiver()
    yield found
    stop_receiver(found)


@pytest.fixture
async def dispatcher(
    db_engine: AsyncEngine, hook_settings: Settings, clock: SettableClock
) -> AsyncIterator[Dispatcher]:
    async with new_client() as http:
        worker = Dispatcher(db_engine, hook_settings, clock, http, policy=QUICK)
        yield worker
        await worker.stop()


async def register(
    client: Client, admin: dict[str, str], receiver: Receiver, **extra: Any
) -> dict[str, Any]:
    response = await client.post(
        "/admin/webhooks/endpoints", json={"url": receiver.url, **extra}, headers=admin
    )
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    assert body["secret"].startswith("whsec_")
    receiver.secret = body["secret"]
    return body["endpoint"]  # type: ignore[no-any-return]


async def pass_exam(
    client: Client, exam_id: str, learner: dict[str, str], *, correct: bool = True
) -> dict[str, Any]:
    started = await client.post(f"/exams/{exam_id}/attempts", headers=learner)
    assert started.status_code == 201, started.text
    attempt = started.json()
    await answer_all(client, attempt, learner, correct=correct)
    submitted = await client.post(f"/attempts/{attempt['id']}/submit", headers=learner)
    assert submitted.status_code == 200, submitted.text
    return dict(submitted.json())


async def test_every_event_type_arrives_signed_once_and_in_order(
    client: Client,
    auth_header: Headers,
    clock: SettableClock,
    db_engine: AsyncEngine,
    hook_settings: Settings,
    dispatcher: Dispatcher,
    receiver: Receiver,
) -> None:
    admin = auth_header(Role.ADMIN, subject="admin-1")
    learner = auth_header(Role.LEARNER, subject="lea-1", name="Lea Park", email="lea@example.com")
    endpoint = await register(client, admin, receiver)
    setup = await build_exam(client, auth_header)

    await pass_exam(client, setup.exam_id, learner)
    assert (await issue_due_credentials(db_engine, hook_settings, clock.now())).issued == 1
    mine = (await client.get("/me/credentials", headers=learner)).json()["items"]
    credential_id = mine[0]["id"]
    admin_url = f"/admin/credentials/{credential_id}"
    reason = {"reason": "exam conduct under review"}
    assert (await client.post(f"{admin_url}/suspend", json=reason, headers=admin)).is_success
    assert (await client.post(f"{admin_url}/reinstate", headers=admin)).is_success

    valid_until = datetime.fromisoformat(mine[0]["validUntil"])
    clock.set(valid_until - timedelta(days=85))
    assert await announce_expiries(db_engine, hook_settings, clock.now()) == 1
    assert await announce_expiries(db_engine, hook_settings, clock.now()) == 0, "once only"

    await pass_exam(client, setup.exam_id, learner)  # inside the renewal window
    assert (await issue_due_credentials(db_engine, hook_settings, clock.now())).issued == 1
    renewed_until = datetime.fromisoformat(
        (await client.get("/me/credentials", headers=learner)).json()["items"][0]["validUntil"]
    )
    assert renewed_until > valid_until
    clock.set(renewed_until + timedelta(seconds=1))
    assert await announce_expiries(db_engine, hook_settings, clock.now()) == 1
    revoke = {"reason": "certificate obtained by impersonation"}
    assert (await client.post(f"{admin_url}/revoke", json=revoke, headers=admin)).is_success

    account = AccountBlock(external_id="0015g00000ACME", name="Acme Corp")
    async with transaction(db_engine) as session:
        await coverage_changed(
            session,
            account,
            [
                CoverageLine(
                    certification=CertificationBlock(
                        id=setup.certification_id, name="Lumen", tier="practitioner"
                    ),
                    current=0,
                    expiring=0,
                    expired=0,
                    revoked=1,
                )
            ],
            clock.now(),
            change="credential.revoked",
            learner=LearnerBlock(id="lea-1", name="Lea Park", email="lea@example.com"),
        )

    await dispatcher.drain()
    await dispatcher.drain()
    assert receiver.unverified == []
    ids = receiver.ids()
    types = [body["type"] for body in receiver.bodies()]
    assert len(ids) == len(set(ids)) == 10, " ".join(sorted(types))
    types = [body["type"] for body in receiver.bodies()]
    credential_types = [t for t in types if t.startswith("credential.")]
    assert credential_types == [
        "credential.issued",
        "credential.suspended",
        "credential.reinstated",
        "credential.expiring",
        "credential.renewed",
        "credential.expired",
        "credential.revoked",
    ], "events of one credential arrive in the order of its changes"
    assert types.count("attempt.submitted") == 2
    assert types.count("account.coverage_changed") == 1

    by_type = {body["type"]: body for body in receiver.bodies()}
    issued = by_type["credential.issued"]["data"]
    assert issued["learner"] == {"id": "lea-1", "name": "Lea Park", "email": "lea@example.com"}
    assert issued["account"] is None
    assert issued["certification"]["tier"] == "practitioner"
    assert issued["certification"]["name"] == "Lumen Certified Practitioner"
    assert issued["credential"]["url"] == f"https://accredo.test/credentials/{credential_id}"
    assert issued["credential"]["status"] == "active"
    assert issued["credential"]["validUntil"] is not None
    assert by_type["credential.suspended"]["data"]["credential"]["reason"] == reason["reason"]
    assert by_type["credential.revoked"]["data"]["credential"]["status"] == "revoked"
    assert by_type["credential.expired"]["data"]["credential"]["status"] == "expired"
    expiring = by_type["credential.expiring"]["data"]
    assert expiring["reminder"] == {"daysBefore": 90, "daysLeft": 85}
    submitted = by_type["attempt.submitted"]["data"]
    assert submitted["attempt"]["passed"] is True and submitted["attempt"]["status"] == "scored"
    coverage = by_type["account.coverage_changed"]["data"]
    assert coverage["account"] == {
        "externalId": "0015g00000ACME",
        "name": "Acme Corp",
        "jobRole": None,
    }
    assert coverage["coverage"][0]["revoked"] == 1
    for body in receiver.bodies():
        assert body["data"]["eventId"] in ids

    deliveries = await client.get(
        "/admin/webhooks/deliveries",
        params={"endpointId": endpoint["id"], "state": "delivered"},
        headers=admin,
    )
    assert deliveries.status_code == 200, deliveries.text
    page = deliveries.json()
    assert page["total"] == 10
    none_failed = await client.get(
        "/admin/webhooks/deliveries", params={"state": "failed"}, headers=admin
    )
    assert none_failed.json()["total"] == 0
    of_one_event = await client.get(
        "/admin/webhooks/deliveries", params={"eventId": ids[0]}, headers=admin
    )
    assert [d["eventId"] for d in of_one_event.json()["items"]] == [ids[0]]
    first = page["items"][0]
    assert first["attempts"] == 1 and first["tries"][0]["statusCode"] == 200
    assert first["tries"][0]["latencyMs"] >= 0 and first["tries"][0]["responseExcerpt"]

    again = await client.post(
        f"/admin/webhooks/endpoints/{endpoint['id']}/events/{ids[0]}/redeliver", headers=admin
    )
    assert again.status_code == 202 and again.json() == {"armed": 1}
    await dispatcher.drain()
    assert receiver.ids()[-1] == ids[0], "a redelivery keeps the event id"

    replay = await client.post(
        f"/admin/webhooks/endpoints/{endpoint['id']}/replay",
        json={"from": START.isoformat(), "to": (START + timedelta(days=1)).isoformat()},
        headers=admin,
    )
    assert replay.status_code == 202, replay.text
    assert replay.json()["armed"] == 4  # submitted, issued, suspended, reinstated at START
    await dispatcher.drain()
    assert len(receiver.ids()) == 11 + 4
    assert set(receiver.ids()[11:]) <= set(ids)


async def test_a_failing_receiver_is_retried_with_backoff(
    client: Client,
    auth_header: Headers,
    clock: SettableClock,
    dispatcher: Dispatcher,
    receiver: Receiver,
) -> None:
    admin = auth_header(Role.ADMIN, subject="admin-1")
    learner = auth_header(Role.LEARNER, subject="lea-2")
    await register(client, admin, receiver, eventTypes=["attempt.submitted"])
    setup = await build_exam(client, auth_header)
    receiver.fail_next = 2
    await pass_exam(client, setup.exam_id, learner, correct=False)

    await dispatcher.drain()
    assert receiver.failures_served == 1 and receiver.ids() == []
    await dispatcher.drain()
    assert receiver.failures_served == 1, "not tried again before the backoff has passed"
    clock.advance(timedelta(seconds=10))
    await dispatcher.drain()
    assert receiver.failures_served == 2 and receiver.ids() == []
    clock.advance(timedelta(seconds=10))
    await dispatcher.drain()
    assert receiver.ids() == [], "the second wait doubles"
    clock.advance(timedelta(seconds=10))
    await dispatcher.drain()
    assert len(receiver.ids()) == 1
    body = receiver.bodies()[0]
    assert body["type"] == "attempt.submitted" and body["data"]["attempt"]["passed"] is False

    page = (await client.get("/admin/webhooks/deliveries", headers=admin)).json()
    (delivery,) = page["items"]
    assert delivery["state"] == "delivered" and delivery["attempts"] == 3
    assert [t["statusCode"] for t in delivery["tries"]] == [200, 500, 500]


async def test_an_endpoint_that_keeps_failing_is_disabled_and_others_go_on(
    client: Client,
    auth_header: Headers,
    clock: SettableClock,
    dispatcher: Dispatcher,
    receiver: Receiver,
) -> None:
    admin = auth_header(Role.ADMIN, subject="admin-1")
    broken = start_receiver()
    try:
        broken.always_fail = True
        healthy = await register(client, admin, receiver)
        failing = await register(client, admin, broken)
        setup = await build_exam(client, auth_header)
        for number in range(3):
            learner = auth_header(Role.LEARNER, subject=f"lea-{number}")
            await pass_exam(client, setup.exam_id, learner, correct=False)
        await dispatcher.drain()
        assert len(receiver.ids()) == 3, "the healthy endpoint does not wait for the broken one"
        for _ in range(6):
            clock.advance(timedelta(minutes=1))
            await dispatcher.drain()
        view = await client.get(f"/admin/webhooks/endpoints/{failing['id']}", headers=admin)
        endpoint = view.json()
        assert endpoint["active"] is False and endpoint["disabledAt"] is not None
        assert "failed deliveries in a row" in endpoint["disabledReason"]
        assert "HTTP 503" in endpoint["disabledReason"]
        served = broken.failures_served
        clock.advance(timedelta(hours=1))
        await dispatcher.drain()
        assert broken.failures_served == served, "a disabled endpoint is not called"
        listed = (await client.get("/admin/webhooks/endpoints", headers=admin)).json()
        assert {e["id"]: e["active"] for e in listed["items"]} == {
            healthy["id"]: True,
            failing["id"]: False,
        }

        broken.always_fail = False
        enabled = await client.patch(
            f"/admin/webhooks/endpoints/{failing['id']}", json={"active": True}, headers=admin
        )
        assert enabled.status_code == 200 and enabled.json()["disabledReason"] is None
        await dispatcher.drain()
        assert len(broken.ids()) == 3, "re-enabled: what waited is delivered"
    finally:
        stop_receiver(broken)


async def test_a_new_app_delivers_what_the_previous_one_wrote(
    hook_settings: Settings,
    auth_header: Headers,
    clock: SettableClock,
    receiver: Receiver,
) -> None:
    """Events written by an app that stopped before sending them are sent by the next one,
    and by its own background worker (no test driving)."""
    admin = auth_header(Role.ADMIN, subject="admin-1")
    async with AsyncTestClient(app=create_app(hook_settings, clock=clock)) as first:
        await register(first, admin, receiver, eventTypes=["attempt.submitted"])
        setup = await build_exam(first, auth_header)
        await pass_exam(first, setup.exam_id, auth_header(Role.LEARNER, subject="l-9"))
    assert receiver.ids() == []

    delivering = dataclasses.replace(
        hook_settings, webhooks_worker=True, webhooks_poll_seconds=0.05
    )
    async with AsyncTestClient(app=create_app(delivering, clock=clock)) as second:
        for _ in range(200):
            if receiver.ids():
                break
            await anyio.sleep(0.05)
        assert (await second.get("/health")).status_code == 200
    assert len(receiver.ids()) == 1
