"""SIGKILL the server mid-attempt: after a restart every saved answer and the deadline stand."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import httpx

from service.auth.roles import Role
from tests.conftest import TEST_SECRET
from tests.support.exam_setup import build_exam
from tests.support.server import start_server


async def test_saved_answers_survive_a_killed_server(
    database_url: str, tmp_path: Path, auth_header: Callable[..., dict[str, str]]
) -> None:
    env = {
        "ACCREDO_DATABASE_URL": database_url,
        "ACCREDO_SECRET_KEY": TEST_SECRET,
        "ACCREDO_DATA_DIR": str(tmp_path),
    }
    server = start_server(env, tmp_path)
    learner = auth_header(Role.LEARNER, subject="crash-1")
    try:
        async with httpx.AsyncClient(base_url=server.base_url, timeout=30) as client:
            setup = await build_exam(client, auth_header)
            attempt = (
                await client.post(f"/exams/{setup.exam_id}/attempts", headers=learner)
            ).json()
            saved = {}
            for item in attempt["items"][:4]:
                choice = [item["options"][0]["id"]]
                response = await client.put(
                    f"/attempts/{attempt['id']}/answers/{item['position']}",
                    json={"chosen": choice},
                    headers=learner,
                )
                assert response.status_code == 200
                saved[item["position"]] = choice
    finally:
        server.kill()

    restarted = start_server(env, tmp_path)
    try:
        async with httpx.AsyncClient(base_url=restarted.base_url, timeout=30) as client:
            after = (await client.get(f"/attempts/{attempt['id']}", headers=learner)).json()
    finally:
        restarted.stop()
    assert after["status"] == "in_progress"
    assert after["deadline"] == attempt["deadline"]
    assert {i["position"]: i["chosen"] for i in after["items"] if i["chosen"]} == saved
