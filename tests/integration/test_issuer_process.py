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
from collections.abc import Awaitable, Callable
from dataclasses import replace
from multiprocessing.queues import Queue
from pathlib import Path

import pytest
from litestar.testing import AsyncTestClient
from prometheus_client import REGISTRY
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from service.app import create_app
from service.auth.roles import Role
from service.credentials import issuer_process, worker
from service.credentials.issuer_process import IssuerProcess
from service.db.models import CredentialOutboxRow
from service.db.session import transaction
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


async def _until(condition: Callable[[], Awaitable[bool]], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if await condition():
            return
        await asyncio.sleep(0.2)
    raise AssertionError(f"not within {seconds} s: {what}")


def _last_round_at() -> float:
    """When the app last reported a successful round of its issuer (0: never)."""
    value = REGISTRY.get_sample_value(
        "accredo_background_last_success_timestamp_seconds",
        {"loop": "accredo.credentials.worker"},
    )
    return value or 0.0


async def _the_signing_issuer() -> int:
    """The pid of the app's one issuer child, once it has started its signing child."""
    (child,) = _issuer_children()
    pid = child.pid or 0
    await _until(lambda: _signing_under(pid), ISSUED_WITHIN_SECONDS, "a signing child")
    return pid


async def _signing_under(pid: int) -> bool:
    """The issuer ``pid`` has started its signing child (it does with its first work)."""
    return bool(_descendants(pid))


async def test_the_apps_issuer_child_issues_what_is_owed_and_reports_its_rounds(
    settings: Settings, db_engine: AsyncEngine
) -> None:
    programme = await make_programme(db_engine)
    await pass_attempt(db_engine, programme)
    began = time.time()
    app = create_app(replace(settings, credential_worker=True))
    async with AsyncTestClient(app=app) as client:
        assert (await client.get("/health")).status_code == 200
        (child,) = _issuer_children()
        assert child.pid != os.getpid()

        async def issued() -> bool:
            return len(await all_credentials(db_engine)) == 1

        await _until(issued, ISSUED_WITHIN_SECONDS, "the child issued the owed credential")

        async def reported() -> bool:
            return _last_round_at() >= began

        await _until(reported, 10, "the app reported the child's successful round")


async def test_an_idle_issuer_reports_its_rounds_and_starts_no_signing_process(
    settings: Settings,
) -> None:
    began = time.time()
    app = create_app(replace(settings, credential_worker=True))
    async with AsyncTestClient(app=app):
        (child,) = _issuer_children()

        async def two_rounds() -> bool:
            return _last_round_at() >= began + 1

        await _until(two_rounds, ISSUED_WITHIN_SECONDS, "the idle issuer's rounds reported")
        assert not _descendants(child.pid or 0)


async def test_an_app_that_stops_stops_its_issuer_and_the_issuers_signing_child(
    settings: Settings, db_engine: AsyncEngine
) -> None:
    await pass_attempt(db_engine, await make_programme(db_engine))
    app = create_app(replace(settings, credential_worker=True))
    async with AsyncTestClient(app=app):
        (child,) = _issuer_children()
        under_it = _descendants(await _the_signing_issuer())
    assert child.exitcode == 0, "SIGTERM lets the child unwind and exit cleanly"
    assert not _issuer_children()
    assert not under_it & set(_live_parents())


async def test_an_admins_retry_signs_in_the_app_process_without_starting_a_signing_process(
    settings: Settings, db_engine: AsyncEngine, auth_header: Callable[..., dict[str, str]]
) -> None:
    """A signing process started by the app would have to be stopped before the app process
    could exit; a retry's one credential is signed in a thread instead."""
    attempt_id = await pass_attempt(db_engine, await make_programme(db_engine))
    async with transaction(db_engine) as session:
        owed = await session.scalar(
            select(CredentialOutboxRow.id).where(CredentialOutboxRow.attempt_id == attempt_id)
        )
    before = set(multiprocessing.active_children())
    app = create_app(replace(settings, credential_worker=False))
    async with AsyncTestClient(app=app) as client:
        retried = await client.post(
            f"/admin/issuance-failures/{owed}/retry", headers=auth_header(Role.ADMIN)
        )
        assert retried.status_code == 200, retried.text
        assert retried.json()["issued"] is True
        assert set(multiprocessing.active_children()) <= before
    assert len(await all_credentials(db_engine)) == 1


async def test_an_issuer_that_dies_is_replaced_its_signing_child_ended_and_the_new_one_issues(
    settings: Settings, db_engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(issuer_process, "RESTART_PAUSE_SECONDS", 0.1)
    programme = await make_programme(db_engine)
    await pass_attempt(db_engine, programme, learner_id="learner-before")
    app = create_app(replace(settings, credential_worker=True))
    async with AsyncTestClient(app=app):
        first = await _the_signing_issuer()
        left_behind = _descendants(first)
        os.kill(first, signal.SIGKILL)

        async def replaced() -> bool:
            return [child.pid for child in _issuer_children()] not in ([], [first])

        await _until(replaced, 30, "a new issuer child started")
        assert not left_behind & set(_live_parents()), "the dead issuer's signing child lives"
        await pass_attempt(db_engine, programme, learner_id="learner-after")

        async def issued() -> bool:
            return len(await all_credentials(db_engine)) == 2

        await _until(issued, ISSUED_WITHIN_SECONDS, "the new child issued what was owed")


def _start_an_issuer_and_wait(settings: Settings, pids: Queue[int]) -> None:
    """An app process in miniature: starts an issuer, then waits to be killed."""
    issuer = IssuerProcess(settings)
    issuer.start()
    assert issuer.process is not None
    pids.put(issuer.process.pid or 0)
    time.sleep(600)


async def test_an_issuer_whose_app_process_was_killed_stops_with_its_signing_child(
    settings: Settings, db_engine: AsyncEngine
) -> None:
    await pass_attempt(db_engine, await make_programme(db_engine))
    context = multiprocessing.get_context("spawn")
    pids: Queue[int] = context.Queue()
    app_process = context.Process(target=_start_an_issuer_and_wait, args=(settings, pids))
    app_process.start()
    try:
        issuer = await asyncio.to_thread(pids.get, True, 60)
        await _until(lambda: _signing_under(issuer), ISSUED_WITHIN_SECONDS, "a signing child")
        group = {issuer} | _descendants(issuer)
        os.kill(app_process.pid or 0, signal.SIGKILL)

        async def gone() -> bool:
            return not group & set(_live_parents())

        await _until(gone, 30, "the orphaned issuer and its signing child ended")
    finally:
        app_process.kill()
        app_process.join()
