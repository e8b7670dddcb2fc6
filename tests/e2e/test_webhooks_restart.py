"""SIGKILL the server after a change is written and before its event is sent: the restarted
server delivers it (and what the restart issues), signed, once per event id."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import anyio
import httpx

from service.auth.roles import Role
from tests.conftest import TEST_SECRET
from tests.support.exam_setup import answer_all, build_exam
from tests.support.server import start_server
from tests.support.webhook_receiver import start_receiver, stop_receiver


async def test_events_written_before_a_crash_are_delivered_after_the_restart(
    database_url: str, tmp_path: Path, auth_header: Callable[..., dict[str, str]]
) -> None:
    env = {
        "ACCREDO_DATABASE_URL": database_url,
        "ACCREDO_SECRET_KEY": TEST_SECRET,
        "ACCREDO_DATA_DIR": str(tmp_path),
        "ACCREDO_WEBHOOKS_ALLOW_LOOPBACK": "1",
        "ACCREDO_WEBHOOKS_WORKER": "0",
    }
    receiver = start_receiver()
    admin = auth_header(Role.ADMIN, subject="admin-1")
    learner = auth_header(Role.LEARNER, subject="crash-1", email="crash@example.com")
    server = start_server(env, tmp_path)
    try:
        async with httpx.AsyncClient(base_url=server.base_url, timeout=30) as client:
            created = await client.post(
                "/admin/webhooks/endpoints",
                json={
                    "url": receiver.url,
                    "eventTypes": ["attempt.submitted", "credential.issued"],
                },
                headers=admin,
            )
            assert created.status_code == 201, created.text
            receiver.secret = created.json()["secret"]
            setup = await build_exam(client, auth_header)
            attempt = (
                await client.post(f"/exams/{setup.exam_id}/attempts", headers=learner)
            ).json()
            await answer_all(client, attempt, learner, correct=True)
            submitted = await client.post(f"/attempts/{attempt['id']}/submit", headers=learner)
            assert submitted.status_code == 200
    finally:
        server.kill()
    assert receiver.ids() == []

    restarted = start_server(
        {**env, "ACCREDO_WEBHOOKS_WORKER": "1", "ACCREDO_WEBHOOKS_POLL_MS": "100"}, tmp_path
    )
    try:
        for _ in range(300):
            if len(receiver.ids()) >= 2:
                break
            await anyio.sleep(0.1)
        await anyio.sleep(0.5)  # room for a wrongful second copy to show up
    finally:
        restarted.stop()
        stop_receiver(receiver)
    types = sorted(body["type"] for body in receiver.bodies())
    assert types == ["attempt.submitted", "credential.issued"]
    assert len(set(receiver.ids())) == 2 and receiver.unverified == []
    issued = next(b for b in receiver.bodies() if b["type"] == "credential.issued")
    assert issued["data"]["learner"]["email"] == "crash@example.com"
