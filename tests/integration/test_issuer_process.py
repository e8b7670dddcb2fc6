"""The app's issuer child: it issues what the app owes, off the app's loop, and lives and dies
with the app.

The rounds in this process are made to fail: a credential that appears anyway was issued by
the child, a fresh interpreter that never saw the patch.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import signal
import time
from dataclasses import replace
from pathlib import Path

import pytest
from litestar.testing import AsyncTestClient
from prometheus_client import REGISTRY
from sqlalchemy.ext.asyncio import AsyncEngine

from service.app import create_app
from service.credentials import issuer_process, worker
from service.credentials.issuer_process import issue_in_child
from service.settings import Settings
from tests.support.credential_fixtures import all_credentials, make_programme, pass_attempt

ISSUED_WITHIN_SECONDS = 90.0
"""A spawned child imports the service and starts its own signing child first."""


@pytest.fixture(autouse=True)
def no_rounds_here(monkeypatch: pytest.MonkeyPatch) -> None:
    async def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("a round ran in the app's own process")

    monkeypatch.setattr(worker, "drain", refuse)


def _live_parents() -> dict[int, int]:
    """Every live (not zombie) process's parent, from /proc."""
    parents: dict[int, int] = {}
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(
                line.split(":", 1) for line in status.read_text().splitlines() if ":" in line
            )
        except OSError:
            continue
        if fields.get("State", "").strip().startswith("Z"):
            continue
        parents[int(fields["Pid"])] = int(fields["PPid"])
    return parents


def _descendants(pid: int) -> set[int]:
    """Every live process under ``pid`` (children, grandchildren)."""
    parents = _live_parents()
    found: set[int] = set()
    frontier = {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier}
        found |= frontier
    return found


def _issuer_children() -> list[multiprocessing.process.BaseProcess]:
    return [p for p in multiprocessing.active_children() if p.name == "accredo-issuer"]


async def _until(condition: object, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if await condition():  # type: ignore[operator]
            return
        await asyncio.sleep(0.2)
    raise AssertionError(f"not within {seconds} s: {what}")


async def test_the_apps_issuer_child_issues_what_is_owed_and_reports_its_rounds(
    settings: Settings, db_engine: AsyncEngine
) -> None:
    programme = await make_programme(db_engine)
    await pass_attempt(db_engine, programme)
    app = create_app(replace(settings, credential_worker=True))
    async with AsyncTestClient(app=app) as client:
        assert (await client.get("/health")).status_code == 200
        (child,) = _issuer_children()
        assert child.pid != os.getpid()

        async def issued() -> bool:
            return len(await all_credentials(db_engine)) == 1

        await _until(issued, ISSUED_WITHIN_SECONDS, "the child issued the owed credential")

        async def reported() -> bool:
            value = REGISTRY.get_sample_value(
                "accredo_background_last_success_timestamp_seconds",
                {"loop": "accredo.credentials.worker"},
            )
            return value is not None and value > time.time() - 60

        await _until(reported, 10, "the app reported the child's successful round")


async def test_an_app_that_stops_stops_its_issuer_and_the_issuers_signing_child(
    settings: Settings, db_engine: AsyncEngine
) -> None:
    programme = await make_programme(db_engine)
    await pass_attempt(db_engine, programme)
    app = create_app(replace(settings, credential_worker=True))
    async with AsyncTestClient(app=app):
        (child,) = _issuer_children()

        async def signing() -> bool:
            return len(await all_credentials(db_engine)) == 1 and bool(_descendants(child.pid or 0))

        await _until(signing, ISSUED_WITHIN_SECONDS, "the issuer issued with a signing child")
        under_it = _descendants(child.pid or 0)
    assert child.exitcode == 0, "SIGTERM lets the child unwind and exit cleanly"
    assert not _descendants(child.pid or 0)
    assert not _issuer_children()
    assert under_it and not under_it & set(_live_parents())


async def test_an_issuer_that_dies_is_replaced_and_the_replacement_issues(
    settings: Settings, db_engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(issuer_process, "RESTART_PAUSE_SECONDS", 0.1)
    programme = await make_programme(db_engine)
    app = create_app(replace(settings, credential_worker=True))
    async with AsyncTestClient(app=app):
        (first,) = _issuer_children()
        os.kill(first.pid or 0, signal.SIGKILL)

        async def replaced() -> bool:
            return [child.pid for child in _issuer_children()] not in ([], [first.pid])

        await _until(replaced, 30, "a new issuer child started")
        await pass_attempt(db_engine, programme)

        async def issued() -> bool:
            return len(await all_credentials(db_engine)) == 1

        await _until(issued, ISSUED_WITHIN_SECONDS, "the new child issued what was owed")


def test_an_issuer_whose_app_is_gone_stops_by_itself(settings: Settings) -> None:
    context = multiprocessing.get_context("spawn")
    gone = -1  # no process has this pid, so the child's parent is never the app it names
    last_success = context.Value("d", 0.0)
    child = context.Process(target=issue_in_child, args=(settings, gone, last_success), daemon=True)
    child.start()
    child.join(timeout=60)
    assert child.exitcode == 0
