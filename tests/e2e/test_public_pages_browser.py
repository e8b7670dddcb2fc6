"""Each status's public page, and the verify-a-file page, in headless Chromium against the real
server (``accredo serve``): what a person actually sees, with our stylesheet and script
loaded from our origin. Fails, never skips, when Chromium is missing.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from service.auth.roles import Role
from service.auth.tokens import create_token, utc_now
from service.db.models import CredentialRow
from service.db.session import transaction
from service.settings import Settings
from tests.support.chromium import Browser, Page, chromium
from tests.support.credential_fixtures import engine_for, issue, make_programme, pass_attempt
from tests.support.server import free_port, start_server

SECRET = "e2e-secret-key-with-enough-length-0123456789"
ISSUER = "Accredo Certification"
GREEN, RED, AMBER, GREY = (
    "rgb(21, 128, 61)",
    "rgb(185, 28, 28)",
    "rgb(180, 83, 9)",
    "rgb(75, 85, 99)",
)
READ_PAGE = """(() => {
  const chip = document.getElementById('status');
  const details = document.getElementById('verification');
  const badge = document.getElementById('badge-image');
  const current = document.getElementById('current-version');
  return {
    chip: chip.textContent,
    chipColour: getComputedStyle(chip).backgroundColor,
    verdict: document.getElementById('verdict').innerText,
    reportOpen: details ? details.open : null,
    stepsVisible: details ? details.querySelector('ol').checkVisibility() : null,
    linkedin: document.getElementById('linkedin-add') !== null,
    badgeLoaded: badge ? badge.complete && badge.naturalWidth > 0 : null,
    title: document.title,
    text: document.body.innerText,
    current: current ? current.href : null,
    downloads: [...document.querySelectorAll('#downloads li a')].map((a) => a.href),
  };
})()"""


@dataclass(frozen=True)
class Seeded:
    base: str
    ids: dict[str, str]


async def _seed(settings: Settings) -> dict[str, str]:
    """One credential per state; past issuance dates make the expired and superseded ones."""
    engine = engine_for(settings)
    now = datetime.now(UTC)
    try:
        expiring = await make_programme(engine, name="Expired Programme", validity_days=30)
        await pass_attempt(engine, expiring, learner_id="expired", learner_name="Ed Expired")
        await issue(engine, settings, now - timedelta(days=31))
        renewed = await make_programme(engine, name="Renewed Programme", validity_days=365)
        await pass_attempt(engine, renewed, learner_id="renewed", learner_name="Rae Renewed")
        await issue(engine, settings, now - timedelta(days=300))
        await pass_attempt(
            engine, renewed, learner_id="renewed", learner_name="Rae Renewed", number=2
        )
        for learner in ("active", "revoked", "suspended"):
            programme = await make_programme(engine, name=f"{learner.title()} Programme")
            await pass_attempt(
                engine, programme, learner_id=learner, learner_name=f"Grace {learner.title()}"
            )
        await issue(engine, settings, now)
        async with transaction(engine) as session:
            rows = (await session.scalars(select(CredentialRow))).all()
        return {row.learner_id: row.public_id for row in rows}
    finally:
        await engine.dispose()


@pytest.fixture
def seeded(tmp_path: Path, database_url: str) -> Iterator[Seeded]:
    """A migrated database of each kind (SQLite and PostgreSQL), seeded, then served."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    url = database_url
    settings = Settings(database_url=url, public_base_url=base, secret_key=SECRET)
    ids = asyncio.run(_seed(settings))
    env = {
        "ACCREDO_DATABASE_URL": url,
        "ACCREDO_PUBLIC_BASE_URL": base,
        "ACCREDO_SECRET_KEY": SECRET,
        "ACCREDO_DATA_DIR": str(tmp_path),
    }
    server = start_server(env, tmp_path, port=port)
    try:
        admin = create_token(
            secret_key=SECRET,
            subject="admin",
            roles=[Role.ADMIN],
            now=utc_now(),
            ttl=timedelta(hours=1),
        )
        headers = {"Authorization": f"Bearer {admin}"}
        for state, reason in (("revoked", "Exam misconduct"), ("suspended", "Under review")):
            action = "revoke" if state == "revoked" else "suspend"
            done = httpx.post(
                f"{base}/admin/credentials/{ids[state]}/{action}",
                json={"reason": reason},
                headers=headers,
                timeout=10,
            )
            assert done.status_code < 300, done.text
        yield Seeded(base, ids)
    finally:
        server.stop()


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[Browser]:
    with chromium(tmp_path / "chromium") as running:
        yield running


def _read(page: Page, url: str) -> dict[str, Any]:
    page.navigate(url)
    result: dict[str, Any] = page.evaluate(READ_PAGE)
    return result


def test_each_status_page_in_chromium(seeded: Seeded, browser: Browser) -> None:
    page = browser.new_page()
    base, ids = seeded.base, seeded.ids

    active = _read(page, f"{base}/credentials/{ids['active']}")
    assert (active["chip"], active["chipColour"]) == ("Valid", GREEN)
    assert active["verdict"].startswith(
        f"Verified: issued by {ISSUER} to Grace Active, valid until"
    )
    assert active["title"].startswith("\u2068Grace Active\u2069 – \u2068Active Programme")
    assert active["badgeLoaded"] is True and active["linkedin"] is True
    assert active["reportOpen"] is False and active["stepsVisible"] is False
    assert "Criteria" in active["text"] and "Practitioner tier" in active["text"]
    page.click("#verification summary")
    assert page.evaluate("document.getElementById('verification').open") is True
    assert page.evaluate("document.querySelector('#verification ol').checkVisibility()") is True
    opened = page.evaluate("document.querySelector('#verification ol').innerText")
    assert "It has not been altered: yes." in opened

    revoked = _read(page, f"{base}/credentials/{ids['revoked']}")
    assert (revoked["chip"], revoked["chipColour"]) == ("Revoked", RED)
    assert revoked["verdict"].startswith(f"Revoked: {ISSUER} revoked this credential on")
    assert "Reason given by the issuer: Exam misconduct" in revoked["text"]

    suspended = _read(page, f"{base}/credentials/{ids['suspended']}")
    assert (suspended["chip"], suspended["chipColour"]) == ("Suspended", AMBER)
    assert "Under review" in suspended["text"] and "reinstate" in suspended["text"]

    expired = _read(page, f"{base}/credentials/{ids['expired']}")
    assert (expired["chip"], expired["chipColour"]) == ("Expired", GREY)
    assert "was valid until" in expired["verdict"]

    current_url = f"{base}/credentials/{ids['renewed']}"
    superseded = _read(page, f"{current_url}?version=1")
    assert (superseded["chip"], superseded["chipColour"]) == ("Superseded by a renewal", GREY)
    assert superseded["current"] == current_url
    assert len(superseded["downloads"]) == 7
    assert all("version=1" in link for link in superseded["downloads"])

    for name, seen in (
        ("revoked", revoked),
        ("suspended", suspended),
        ("expired", expired),
        ("superseded", superseded),
    ):
        assert seen["linkedin"] is False, name
        assert "holds" not in seen["text"] and "LinkedIn" not in seen["text"], name
        assert seen["badgeLoaded"] is True and seen["reportOpen"] is False, name

    page.click("#current-version")
    page.wait_for_load()
    now = page.evaluate(READ_PAGE)
    assert now["chip"] == "Valid" and now["linkedin"] is True


def _baked_png(seeded: Seeded, state: str, directory: Path) -> Path:
    url = f"{seeded.base}/credentials/{seeded.ids[state]}/badge.png"
    path = directory / f"{state}.png"
    path.write_bytes(httpx.get(url, timeout=10).content)
    return path


def test_verify_a_file_page_without_script(
    seeded: Seeded, browser: Browser, tmp_path: Path
) -> None:
    page = browser.new_page(scripts=False)
    page.navigate(f"{seeded.base}/verify")
    assert page.evaluate("document.getElementById('dropzone-hint').textContent") == (
        "Choose a file"
    )
    page.set_file("#file", _baked_png(seeded, "active", tmp_path))
    browser.drop_events()
    page.click("#verify-button")
    page.wait_for_load()
    result = page.evaluate(READ_PAGE)
    assert (result["chip"], result["chipColour"]) == ("Valid", GREEN)
    assert result["verdict"].startswith(f"Verified: issued by {ISSUER} to Grace Active")
    assert result["reportOpen"] is False
    assert "What the credential says" in result["text"]


def test_verify_a_file_page_with_drag_and_drop(
    seeded: Seeded, browser: Browser, tmp_path: Path
) -> None:
    page = browser.new_page()
    page.navigate(f"{seeded.base}/verify")
    hint = page.evaluate("document.getElementById('dropzone-hint').textContent")
    assert hint == "Drop a file here, or choose one"
    browser.drop_events()
    page.evaluate(
        f"""fetch('/credentials/{seeded.ids["revoked"]}/badge.png')
          .then((response) => response.blob())
          .then((blob) => {{
            const files = new DataTransfer();
            files.items.add(new File([blob], 'badge.png', {{type: 'image/png'}}));
            const zone = document.getElementById('dropzone');
            zone.dispatchEvent(new DragEvent('drop',
              {{dataTransfer: files, bubbles: true, cancelable: true}}));
            return true;
          }})"""
    )
    page.wait_for_load()
    dropped = page.evaluate(READ_PAGE)
    assert (dropped["chip"], dropped["chipColour"]) == ("Revoked", RED)
    assert "Exam misconduct" in dropped["text"] and "holds" not in dropped["text"]
    page.navigate(f"{seeded.base}/verify")
    browser.drop_events()
    page.set_file("#file", _baked_png(seeded, "expired", tmp_path))
    page.wait_for_load()
    chosen = page.evaluate(READ_PAGE)
    assert chosen["chip"] == "Expired"
