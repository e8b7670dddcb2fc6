"""The public credential page in a real browser (headless Debian Chromium) against the real
server (``accredo serve``), and ``accredo verify URL`` against the same server.

Fails, never skips, when Chromium is missing: the page is what people see.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from service.settings import Settings
from tests.support.chromium import dump_dom
from tests.support.credential_fixtures import engine_for, make_programme, pass_attempt
from tests.support.served_credentials import issued_credential_id, sqlite_server


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, Settings]]:
    running, settings = sqlite_server(tmp_path)
    try:
        yield running.base_url, settings
    finally:
        running.stop()


async def _seed(settings: Settings) -> None:
    engine = engine_for(settings)
    try:
        programme = await make_programme(engine)
        await pass_attempt(engine, programme, learner_name="Grace <b>Hopper</b>")
    finally:
        await engine.dispose()


def test_public_page_in_chromium_and_cli_verify(
    server: tuple[str, Settings], tmp_path: Path
) -> None:
    base, settings = server
    asyncio.run(_seed(settings))
    public_id = issued_credential_id(base)
    url = f"{base}/credentials/{public_id}"
    dom, _ = dump_dom(url, tmp_path / "chromium", budget_ms=5000)
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
