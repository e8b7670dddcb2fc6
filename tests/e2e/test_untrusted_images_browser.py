"""Headless Chromium against the real server: the page policy breaks nothing on the public
pages, and a hostile SVG that reached the database anyway cannot run script from our origin.

The hostile badge is written straight into the database, as a badge stored before uploads
were cleaned would be, so this tests the serving headers on their own. The same file opened
from disk does run its script: that is the control showing the test could fail.
"""

from __future__ import annotations

import asyncio
import shutil
import subprocess
import time
from datetime import timedelta
from pathlib import Path
from uuid import UUID

import httpx
import pytest

from service.auth.roles import Role
from service.auth.tokens import create_token, utc_now
from service.db import migrate
from service.db.models import CertificationRow
from service.db.session import transaction
from service.settings import Settings
from tests.support.credential_fixtures import engine_for, make_programme, pass_attempt
from tests.support.server import RunningServer, free_port, start_server

SECRET = "e2e-secret-key-with-enough-length-0123456789"
MARKER = 'data-pwned="yes"'
HOSTILE_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" '
    "onload=\"document.documentElement.setAttribute('data-' + 'pwned', 'y' + 'es')\">"
    "<script>document.documentElement.setAttribute('data-' + 'pwned', 'y' + 'es')</script>"
    '<circle cx="32" cy="32" r="30" fill="teal"/></svg>'
)


def _chromium() -> str:
    path = shutil.which("chromium")
    if path is None:
        pytest.fail("chromium is required: apt-get install chromium (Debian)", pytrace=False)
    return path


def _open(url: str, profile: Path) -> tuple[str, str]:
    """The DOM after scripts ran, and the browser log (console messages included)."""
    browser = subprocess.run(
        [
            _chromium(),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            f"--user-data-dir={profile}",
            "--enable-logging=stderr",
            "--v=0",
            "--virtual-time-budget=3000",
            "--dump-dom",
            url,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert browser.returncode == 0, browser.stderr[-2000:]
    return browser.stdout, browser.stderr


async def _seed(settings: Settings) -> UUID:
    engine = engine_for(settings)
    try:
        programme = await make_programme(engine)
        await pass_attempt(engine, programme)
        async with transaction(engine) as session:
            row = await session.get(CertificationRow, programme.certification_id)
            assert row is not None
            row.badge_image = HOSTILE_SVG.encode()
            row.badge_media_type = "image/svg+xml"
        return programme.certification_id
    finally:
        await engine.dispose()


def _issued_id(base: str) -> str:
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


@pytest.fixture
def server(tmp_path: Path) -> tuple[RunningServer, Settings]:
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


def test_pages_keep_working_and_hostile_svgs_stay_inert(
    server: tuple[RunningServer, Settings], tmp_path: Path
) -> None:
    running, settings = server
    try:
        certification_id = asyncio.run(_seed(settings))
        base = running.base_url
        public_id = _issued_id(base)

        page, log = _open(f"{base}/credentials/{public_id}", tmp_path / "page")
        assert 'class="status status-valid"' in page
        assert "Content Security Policy" not in log, log[-3000:]

        on_disk = tmp_path / "hostile.svg"
        on_disk.write_text(HOSTILE_SVG, encoding="utf-8")
        control, _ = _open(on_disk.as_uri(), tmp_path / "control")
        assert MARKER in control, "control: the hostile SVG should run its script from disk"

        for path in (
            f"/certifications/{certification_id}/badge",
            f"/credentials/{public_id}/badge.svg",
        ):
            served, log = _open(base + path, tmp_path / path.replace("/", "_"))
            assert "<circle" in served, served[:500]
            assert MARKER not in served, path
    finally:
        running.stop()
