"""Headless Chromium against the real server: the page policy breaks nothing on the public
pages, and a hostile SVG that reached the database anyway cannot run script from our origin.

The hostile badge is written straight into the database, as a badge stored before uploads
were cleaned would be, so this tests the serving headers on their own. The same file opened
from disk does run its script: that is the control showing the test could fail.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from uuid import UUID

import pytest

from service.db.models import CertificationRow
from service.db.session import transaction
from service.settings import Settings
from tests.support.chromium import dump_dom
from tests.support.credential_fixtures import engine_for, make_programme, pass_attempt
from tests.support.served_credentials import issued_credential_id, sqlite_server
from tests.support.server import RunningServer

MARKER = 'data-pwned="yes"'
HOSTILE_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" '
    "onload=\"document.documentElement.setAttribute('data-' + 'pwned', 'y' + 'es')\">"
    "<script>document.documentElement.setAttribute('data-' + 'pwned', 'y' + 'es')</script>"
    '<circle cx="32" cy="32" r="30" fill="teal"/></svg>'
)


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


@pytest.fixture
def server(tmp_path: Path) -> tuple[RunningServer, Settings]:
    return sqlite_server(tmp_path)


def test_pages_keep_working_and_hostile_svgs_stay_inert(
    server: tuple[RunningServer, Settings], tmp_path: Path
) -> None:
    running, settings = server
    try:
        certification_id = asyncio.run(_seed(settings))
        base = running.base_url
        public_id = issued_credential_id(base)

        page, log = dump_dom(f"{base}/credentials/{public_id}", tmp_path / "page")
        assert 'class="status status-valid"' in page
        assert "Content Security Policy" not in log, log[-3000:]

        on_disk = tmp_path / "hostile.svg"
        on_disk.write_text(HOSTILE_SVG, encoding="utf-8")
        control, _ = dump_dom(on_disk.as_uri(), tmp_path / "control")
        assert MARKER in control, "control: the hostile SVG should run its script from disk"

        for path in (
            f"/certifications/{certification_id}/badge",
            f"/credentials/{public_id}/badge.svg",
        ):
            served, log = dump_dom(base + path, tmp_path / path.replace("/", "_"))
            assert "<circle" in served, served[:500]
            assert MARKER not in served, path
    finally:
        running.stop()
