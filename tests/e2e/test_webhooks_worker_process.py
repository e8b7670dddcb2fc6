"""The recommended deployment: app processes only write events (ACCREDO_WEBHOOKS_WORKER=0)
and ``accredo webhooks worker``, a process of its own, delivers them, signed, once each."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import anyio
import httpx

from service.auth.roles import Role
from tests.conftest import TEST_SECRET
from tests.support.exam_setup import answer_all, build_exam
from tests.support.server import start_server, start_webhook_worker
from tests.support.webhook_receiver import start_receiver, stop_receiver


async def test_a_worker_process_delivers_what_the_app_writes_and_stops_on_sigterm(
    database_url: str, tmp_path: Path, auth_header: Callable[..., dict[str, str]]
) -> None:
    env = {
        "ACCREDO_DATABASE_URL": database_url,
        "ACCREDO_SECRET_KEY": TEST_SECRET,
        "ACCREDO_DATA_DIR": str(tmp_path),
        "ACCREDO_WEBHOOKS_ALLOW_LOOPBACK": "1",
        "ACCREDO_WEBHOOKS_WORKER": "0",
        "ACCREDO_WEBHOOKS_POLL_MS": "100",
    }
    receiver = start_receiver()
    admin = auth_header(Role.ADMIN, subject="admin-1")
    learner = auth_header(Role.LEARNER, subject="apart-1", email="apart@example.com")
    server = start_server(env, tmp_path)
    worker = start_webhook_worker(env, tmp_path)
    try:
        async with httpx.AsyncClient(base_url=server.base_url, timeout=30) as client:
            created = await client.post(
                "/admin/webhooks/endpoints",
                json={"url": receiver.url, "eventTypes": ["attempt.submitted"]},
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
        for _ in range(300):
            if receiver.ids():
                break
            await anyio.sleep(0.1)
        await anyio.sleep(0.5)  # room for a wrongful second copy to show up
        assert worker.stop() == 0, (tmp_path / "webhook-worker.log").read_text()
    finally:
        worker.stop()
        server.stop()
        stop_receiver(receiver)
    assert [body["type"] for body in receiver.bodies()] == ["attempt.submitted"]
    assert receiver.bodies()[0]["data"]["learner"]["email"] == "apart@example.com"
    assert receiver.unverified == []
