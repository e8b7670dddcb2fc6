"""A status change made through one server process shows on another within a second (also
in the status list a previous origin is served, after ``accredo issuer move``).

Two real ``accredo serve`` processes share one database (both engines). Each answers public
reads from its own snapshot; the change goes through process A's admin API while process B
has the page and status list in memory, and B must show it within ``LIMIT`` seconds.
"""

from __future__ import annotations

import asyncio
import dataclasses
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest
from sqlalchemy import select

from credentials.keys import keys_from_controller_document, resolver_from_keys
from credentials.status import verify_status_list_credential
from service.auth.roles import Role
from service.db.models import CredentialRow
from service.db.session import transaction
from service.origins.services import move_issuer
from service.settings import Settings
from tests.conftest import TEST_SECRET
from tests.support.credential_fixtures import (
    engine_for,
    issue_until,
    make_programme,
    pass_attempt,
)
from tests.support.server import RunningServer, start_server

LIMIT = 1.0
METRICS_TOKEN = "metrics-token-for-tests"
HTML = {"Accept": "text/html"}
JSON = {"Accept": "application/ld+json"}
Headers = Callable[..., dict[str, str]]


@pytest.fixture
def servers(settings: Settings, tmp_path: Path) -> Iterator[tuple[RunningServer, RunningServer]]:
    started: list[RunningServer] = []
    try:
        for name in ("a", "b"):
            workdir = tmp_path / name
            workdir.mkdir()
            env = {
                "ACCREDO_DATABASE_URL": settings.database_url,
                "ACCREDO_SECRET_KEY": TEST_SECRET,
                "ACCREDO_DATA_DIR": str(workdir),
                "ACCREDO_PUBLIC_BASE_URL": settings.public_base_url,
                "ACCREDO_LOG_LEVEL": "WARNING",
                "ACCREDO_METRICS_TOKEN": METRICS_TOKEN,
            }
            started.append(start_server(env, workdir))
        yield started[0], started[1]
    finally:
        for server in started:
            server.stop()


async def _issued(settings: Settings, learners: int) -> list[str]:
    engine = engine_for(settings)
    try:
        programme = await make_programme(engine)
        for n in range(learners):
            await pass_attempt(engine, programme, learner_id=f"learner-{n}")
        # The servers' own issuers run too, and may be signing one of them right now.
        query = select(CredentialRow.public_id)
        found = await issue_until(engine, settings, query, lambda rows: len(rows) == learners)
        return list(found)
    finally:
        await engine.dispose()


def _shows_within(url: str, wanted: str, present: bool) -> float:
    """Seconds until the page at ``url`` does (or no longer does) contain ``wanted``."""
    started = time.monotonic()
    while True:
        page = httpx.get(url, headers=HTML)
        page.raise_for_status()
        elapsed = time.monotonic() - started
        if (wanted in page.text) == present:
            return elapsed
        assert elapsed < 5 * LIMIT, f"{url} still does not show the change after {elapsed:.1f} s"
        time.sleep(0.02)


def _from_memory(base_url: str) -> float:
    """How many public reads the server answered from its snapshot (its /metrics)."""
    text = httpx.get(
        f"{base_url}/metrics", headers={"Authorization": f"Bearer {METRICS_TOKEN}"}
    ).text
    line = next(
        x for x in text.splitlines() if x.startswith('accredo_public_reads_total{source="memory"}')
    )
    return float(line.rsplit(" ", 1)[1])


def _warm(url: str, wanted: str, present: bool) -> None:
    """Read until the server answers from memory, so the change must reach its snapshot."""
    base_url = url.split("/credentials/")[0]
    before = _from_memory(base_url)
    for _ in range(3):
        assert (wanted in httpx.get(url, headers=HTML).text) == present
    assert _from_memory(base_url) > before


@pytest.mark.slow
def test_status_changes_reach_the_other_process_within_a_second(
    servers: tuple[RunningServer, RunningServer], settings: Settings, auth_header: Headers
) -> None:
    a, b = servers
    revoked_id, suspended_id = asyncio.run(_issued(settings, learners=2))
    admin = auth_header(Role.ADMIN, subject="admin-1")
    on_b = f"{b.base_url}/credentials/{revoked_id}"
    document = httpx.get(on_b, headers={"Accept": "application/ld+json"}).json()
    status = document["credentialStatus"]
    status_url = urlsplit(
        (status[0] if isinstance(status, list) else status)["statusListCredential"]
    )
    list_on_b = f"{b.base_url}{status_url.path}"
    _warm(on_b, "Revoked on", present=False)
    list_etag = httpx.get(list_on_b).headers["etag"]

    response = httpx.post(
        f"{a.base_url}/admin/credentials/{revoked_id}/revoke",
        json={"reason": "fraud"},
        headers=admin,
    )
    assert response.status_code in (200, 201), response.text
    assert _shows_within(on_b, "Revoked on", present=True) < LIMIT
    assert httpx.get(list_on_b, headers={"If-None-Match": list_etag}).status_code == 200

    suspended_on_b = f"{b.base_url}/credentials/{suspended_id}"
    _warm(suspended_on_b, "Suspended on", present=False)
    base = f"{a.base_url}/admin/credentials/{suspended_id}"
    assert httpx.post(f"{base}/suspend", json={"reason": "audit"}, headers=admin).is_success
    assert _shows_within(suspended_on_b, "Suspended on", present=True) < LIMIT
    assert httpx.post(f"{base}/reinstate", headers=admin).is_success
    assert _shows_within(suspended_on_b, "Suspended on", present=False) < LIMIT


OLD = "https://old-issuer.test"
OLD_HOST = {"Host": "old-issuer.test"}


async def _issued_under_old_and_moved(settings: Settings) -> CredentialRow:
    """A credential issued under ``OLD``, then ``accredo issuer move`` to the servers' base
    (recorded while they run: the move reaches them through their snapshots)."""
    engine = engine_for(settings)
    try:
        await pass_attempt(engine, await make_programme(engine), learner_id="before-move")
        # The servers' issuers may sign it first (under their base); the old origin's list
        # carries its bit either way, which is what this test reads.
        under_old = dataclasses.replace(settings, public_base_url=OLD, issuer_url=OLD)
        [row] = await issue_until(
            engine, under_old, select(CredentialRow), lambda rows: len(rows) == 1
        )
        async with transaction(engine) as session:
            await move_issuer(session, OLD, settings.public_base_url, datetime.now(UTC))
        return row
    finally:
        await engine.dispose()


def _old_bit(base_url: str, path: str, index: int) -> bool:
    """The credential's bit in the list served under the old Host, checked with the keys the
    old Host's issuer profile lists."""
    issuer = httpx.get(f"{base_url}/issuer", headers=OLD_HOST | JSON).json()
    resolver = resolver_from_keys(keys_from_controller_document(issuer))
    document = httpx.get(f"{base_url}{path}", headers=OLD_HOST).json()
    checked = verify_status_list_credential(
        document, resolver, datetime.now(UTC), expected_url=f"{OLD}{path}"
    )
    return checked.bitstring.get(index)


@pytest.mark.slow
def test_a_revocation_reaches_the_old_origin_s_list_on_the_other_process_within_a_second(
    servers: tuple[RunningServer, RunningServer], settings: Settings, auth_header: Headers
) -> None:
    a, b = servers
    row = asyncio.run(_issued_under_old_and_moved(settings))
    path = urlsplit(row.document["credentialStatus"]["statusListCredential"]).path
    deadline = time.monotonic() + 5 * LIMIT
    while not httpx.get(f"{b.base_url}/issuer", headers=OLD_HOST | JSON).text.count(OLD):
        assert time.monotonic() < deadline, "the recorded move never reached process b"
        time.sleep(0.05)
    before = _from_memory(b.base_url)
    for _ in range(3):
        assert _old_bit(b.base_url, path, row.status_index) is False
    assert _from_memory(b.base_url) > before

    response = httpx.post(
        f"{a.base_url}/admin/credentials/{row.public_id}/revoke",
        json={"reason": "fraud"},
        headers=auth_header(Role.ADMIN, subject="admin-1"),
    )
    assert response.is_success, response.text
    started = time.monotonic()
    while not _old_bit(b.base_url, path, row.status_index):
        assert time.monotonic() - started < 5 * LIMIT, "the old origin's list never changed"
        time.sleep(0.02)
    assert time.monotonic() - started < LIMIT
