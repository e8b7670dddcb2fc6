"""Schemathesis over the served OpenAPI: no generated request may cause a server error.

The real server (granian, as deployed) runs on each database; the fuzzer calls every documented
operation as an admin, as a learner and without a token, with valid and invalid requests and
with path parameters pointing at real rows. Any 5xx fails the test, listing every one.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from service.auth.roles import Role
from tests.conftest import TEST_SECRET
from tests.support.exam_setup import answer_all, build_exam
from tests.support.fuzz import fuzz
from tests.support.server import start_server

pytestmark = pytest.mark.slow
LEARNER = "fuzz-learner"


async def _seed(
    client: httpx.AsyncClient, auth_header: Callable[..., dict[str, str]]
) -> dict[str, str]:
    """Real rows for path parameters: a bank, a certification, an exam, an attempt, a credential."""
    setup = await build_exam(client, auth_header)
    learner = auth_header(Role.LEARNER, subject=LEARNER, name="Fuzz Learner")
    attempt = (await client.post(f"/exams/{setup.exam_id}/attempts", headers=learner)).json()
    await answer_all(client, attempt, learner, correct=True)
    submitted = await client.post(f"/attempts/{attempt['id']}/submit", headers=learner)
    assert submitted.json()["result"]["passed"], submitted.text
    credential_id = None
    deadline = time.monotonic() + 30
    while credential_id is None and time.monotonic() < deadline:
        mine = (await client.get("/me/credentials", headers=learner)).json()["items"]
        credential_id = mine[0]["id"] if mine else None
        await asyncio.sleep(0.2)
    assert credential_id is not None, "the worker did not issue the credential in time"
    keys = (await client.get("/.well-known/jwks.json")).json()["keys"]
    return {
        "bank_id": setup.bank_id,
        "certification_id": setup.certification_id,
        "exam_id": setup.exam_id,
        "attempt_id": attempt["id"],
        "credential_id": credential_id,
        "external_id": "Q-00001",
        "learner_id": LEARNER,
        "key_id": keys[0]["kid"],
        "purpose": "revocation",
    }


async def test_no_server_error_for_any_role(
    database_url: str, tmp_path: Path, auth_header: Callable[..., dict[str, str]]
) -> None:
    env = {
        "ACCREDO_DATABASE_URL": database_url,
        "ACCREDO_SECRET_KEY": TEST_SECRET,
        "ACCREDO_DATA_DIR": str(tmp_path),
    }
    server = start_server(env, tmp_path)
    try:
        async with httpx.AsyncClient(base_url=server.base_url, timeout=30) as client:
            known = await _seed(client, auth_header)
        roles = {
            "admin": auth_header(Role.ADMIN, subject="fuzz-admin"),
            "learner": auth_header(Role.LEARNER, subject=LEARNER, name="Fuzz Learner"),
            "anonymous": {},
        }
        reports = []
        for role, headers in roles.items():
            started = time.monotonic()
            report = await asyncio.to_thread(fuzz, server.base_url, role, headers, known)
            reports.append(report)
            print(  # the figures for the issue note (pytest -s shows them)
                f"fuzz {role}: {report.calls} calls in {time.monotonic() - started:.1f}s, "
                f"statuses {dict(sorted(report.statuses.items()))}"
            )
    finally:
        server.stop()
    errors = [error for report in reports for error in report.server_errors]
    assert not errors, f"{len(errors)} server errors:\n" + "\n".join(errors[:40])
    assert all(report.calls > 100 for report in reports)
