"""The public credential page in a real browser (headless Debian Chromium) against the real
server (``accredo serve``), and ``accredo verify URL`` against the same server.

Fails, never skips, when Chromium is missing: the page is what people see.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import httpx
import pytest

from service.auth.roles import Role
from service.auth.tokens import create_token, utc_now
from service.db import migrate
from service.settings import Settings
from tests.support.credential_fixtures import engine_for, make_programme, pass_attempt
from tests.support.server import free_port

SECRET = "e2e-secret-key-with-enough-length-0123456789"


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, Settings]]:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    url = f"sqlite+aiosqlite:///{(tmp_path / 'accredo.db').as_posix()}"
    settings = Settings(database_url=url, public_base_url=base, secret_key=SECRET)
    asyncio.run(migrate.upgrade(url))
    env = {
        **os.environ,
        "ACCREDO_DATABASE_URL": url,
        "ACCREDO_PUBLIC_BASE_URL": base,
        "ACCREDO_SECRET_KEY": SECRET,
        "ACCREDO_DATA_DIR": str(tmp_path),
    }
    command = [sys.executable, "-m", "service", "serve", "--host", "127.0.0.1", "--port", str(port)]
    with (tmp_path / "server.log").open("ab") as log:
        process = subprocess.Popen(
            command, cwd=tmp_path, env=env, stdout=log, stderr=log, start_new_session=True
        )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        yield base, settings
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=15)


async def _seed(settings: Settings) -> None:
    engine = engine_for(settings)
    try:
        programme = await make_programme(engine)
        await pass_attempt(engine, programme, learner_name="Grace <b>Hopper</b>")
    finally:
        await engine.dispose()


def _issued_id(base: str) -> str:
    """Wait for the server's own worker to issue the credential; find it as an admin."""
    token = create_token(
        secret_key=SECRET,
        subject="admin",
        roles=[Role.ADMIN],
        now=utc_now(),
        ttl=timedelta(hours=1),
    )
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        listed = httpx.get(
            f"{base}/admin/credentials", headers={"Authorization": f"Bearer {token}"}, timeout=5
        ).json()["items"]
        if listed:
            return str(listed[0]["id"])
        time.sleep(0.3)
    raise AssertionError("the server's worker did not issue the credential")


def _chromium() -> str:
    path = shutil.which("chromium")
    if path is None:
        pytest.fail("chromium is required: apt-get install chromium (Debian)", pytrace=False)
    return path


def test_public_page_in_chromium_and_cli_verify(
    server: tuple[str, Settings], tmp_path: Path
) -> None:
    base, settings = server
    asyncio.run(_seed(settings))
    public_id = _issued_id(base)
    url = f"{base}/credentials/{public_id}"
    browser = subprocess.run(
        [
            _chromium(),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            f"--user-data-dir={tmp_path / 'chromium'}",
            "--virtual-time-budget=5000",
            "--dump-dom",
            url,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    dom = browser.stdout
    assert browser.returncode == 0, browser.stderr[-2000:]
    assert 'id="status" class="status status-valid">Valid<' in dom
    assert "Grace &lt;b&gt;Hopper&lt;/b&gt;" in dom
    assert "<b>Hopper</b>" not in dom
    assert f'property="og:image" content="{url}/share.png"' in dom
    assert 'property="og:title"' in dom and "twitter:card" in dom
    assert "Add to LinkedIn profile" in dom
    verified = subprocess.run(
        [sys.executable, "-m", "service", "verify", url],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert "VALID" in verified.stdout and "status" in verified.stdout
