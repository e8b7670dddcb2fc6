"""A real server on an SQLite file with its own worker, and the first credential it issues.

For browser and CLI tests that need the served pages of one issued credential: the fixture
data is written to the database, the server's background worker issues the credential, and
`issued_credential_id` waits for it as an admin would see it.
"""

from __future__ import annotations

import asyncio
import time
from datetime import timedelta
from pathlib import Path

import httpx

from service.auth.roles import Role
from service.auth.tokens import create_token, utc_now
from service.db import migrate
from service.settings import Settings
from tests.support.server import RunningServer, free_port, start_server

SECRET = "e2e-secret-key-with-enough-length-0123456789"


def sqlite_server(tmp_path: Path) -> tuple[RunningServer, Settings]:
    """A migrated SQLite database under ``tmp_path`` and ``accredo serve`` on it."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    url = f"sqlite+aiosqlite:///{(tmp_path / 'accredo.db').as_posix()}"
    settings = Settings(database_url=url, public_base_url=base, secret_key=SECRET)
    asyncio.run(migrate.upgrade(url))
    env = {
        "ACCREDO_DATABASE_URL": url,
        "ACCREDO_PUBLIC_BASE_URL": base,
        "ACCREDO_SECRET_KEY": SECRET,
        "ACCREDO_DATA_DIR": str(tmp_path),
    }
    return start_server(env, tmp_path, port=port), settings


def issued_credential_id(base: str, timeout: float = 20.0) -> str:
    """Wait for the server's own worker to issue a credential; find it as an admin."""
    token = create_token(
        secret_key=SECRET,
        subject="admin",
        roles=[Role.ADMIN],
        now=utc_now(),
        ttl=timedelta(hours=1),
    )
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        listed = httpx.get(
            f"{base}/admin/credentials", headers={"Authorization": f"Bearer {token}"}, timeout=5
        ).json()["items"]
        if listed:
            return str(listed[0]["id"])
        time.sleep(0.3)
    raise AssertionError("the server's worker did not issue the credential")
