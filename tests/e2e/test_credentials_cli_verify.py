"""``accredo verify FILE`` on files written from a served credential, against the real server.

The CLI trusts nothing local: it fetches the issuer's keys and the status list named in the
file over HTTP, so the server runs for real (granian, ``accredo serve``) on each database.
A valid credential exits 0; a tampered or suspended one exits 1 naming the failing step; one
that cannot be fetched or read exits 2 with a one-line reason.
"""

from __future__ import annotations

import json
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import anyio
import httpx
import pytest
from sqlalchemy import select

from credentials.baking import bake_png, extract_png
from service.auth.roles import Role
from service.auth.tokens import create_token, utc_now
from service.db.models import CredentialRow
from service.settings import Settings
from tests.support.credential_fixtures import engine_for, issue_until, make_programme, pass_attempt
from tests.support.server import free_port, start_server

SECRET = "cli-e2e-secret-key-with-enough-length-0123456789"


@dataclass(frozen=True)
class Served:
    base: str
    public_id: str


@pytest.fixture
async def served(database_url: str, tmp_path: Path) -> AsyncIterator[Served]:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        "ACCREDO_DATABASE_URL": database_url,
        "ACCREDO_PUBLIC_BASE_URL": base,
        "ACCREDO_SECRET_KEY": SECRET,
        "ACCREDO_DATA_DIR": str(tmp_path),
    }
    server = start_server(env, tmp_path, port=port)
    settings = Settings(
        database_url=database_url, public_base_url=base, secret_key=SECRET, data_dir=tmp_path
    )
    engine = engine_for(settings)
    try:
        await pass_attempt(engine, await make_programme(engine))
        # The server's own issuer may sign it first; either way one credential results.
        query = select(CredentialRow.public_id)
        [public_id] = await issue_until(engine, settings, query, lambda ids: len(ids) == 1)
        yield Served(base, public_id)
    finally:
        await engine.dispose()
        server.stop()


async def _verify(target: Path | str) -> tuple[int, str]:
    completed = await anyio.run_process(
        [sys.executable, "-m", "service", "verify", str(target)], check=False
    )
    return completed.returncode, completed.stdout.decode() + completed.stderr.decode()


def _failing_steps(output: str) -> set[str]:
    return {line.split()[1].rstrip(":") for line in output.splitlines() if line.startswith("FAIL")}


async def test_verify_files_valid_tampered_and_suspended(served: Served, tmp_path: Path) -> None:
    async with httpx.AsyncClient(base_url=served.base, timeout=30) as client:
        url = f"/credentials/{served.public_id}"
        document = (await client.get(f"{url}?format=json")).json()
        badge = (await client.get(f"{url}/badge.png")).content
        assert extract_png(badge) is not None
        credential_file, badge_file = tmp_path / "credential.json", tmp_path / "badge.png"
        credential_file.write_text(json.dumps(document), encoding="utf-8")
        badge_file.write_bytes(badge)
        for path in (credential_file, badge_file):
            code, output = await _verify(path)
            assert code == 0, output
            assert "NOT VALID" not in output and output.rstrip().endswith("VALID"), output
            assert _failing_steps(output) == set()

        tampered = json.loads(json.dumps(document))
        tampered["credentialSubject"]["achievement"]["name"] = "Grandmaster of Everything"
        tampered_file, tampered_badge = tmp_path / "tampered.json", tmp_path / "tampered.png"
        tampered_file.write_text(json.dumps(tampered), encoding="utf-8")
        tampered_badge.write_bytes(bake_png(badge, json.dumps(tampered)))
        for path in (tampered_file, tampered_badge):
            code, output = await _verify(path)
            assert code == 1, output
            assert "NOT VALID" in output and "proof" in _failing_steps(output), output

        admin = create_token(
            secret_key=SECRET,
            subject="admin",
            roles=[Role.ADMIN],
            now=utc_now(),
            ttl=timedelta(hours=1),
        )
        suspended = await client.post(
            f"/admin/credentials/{served.public_id}/suspend",
            json={"reason": "under review"},
            headers={"Authorization": f"Bearer {admin}"},
        )
        assert suspended.json()["status"] == "suspended", suspended.text
    for path in (credential_file, badge_file):
        code, output = await _verify(path)
        assert code == 1, output
        assert _failing_steps(output) == {"status"}, output


@pytest.mark.parametrize(
    ("target", "reason"),
    [
        ("http://accredo-no-such-host.invalid/credentials/x", "cannot reach"),
        ("http://127.0.0.1:{closed_port}/credentials/x", "cannot reach"),
        ("/nonexistent/credential.json", "cannot read"),
    ],
)
async def test_verify_says_why_it_cannot_check_without_a_traceback(
    target: str, reason: str
) -> None:
    """A host that does not resolve, a server that is down, a missing file: exit 2, one line.

    The closed port is chosen when the test runs, not when it is collected, so that parallel
    workers collect the same test ids.
    """
    target = target.format(closed_port=free_port())
    code, output = await _verify(target)
    assert code == 2, output
    assert reason in output and target in output
    assert "Traceback" not in output
