"""The app's public change check sends its reads from a loop of its own, not the serving
loop, so their awaits never queue behind requests (`service.public.snapshot.public_refresher`).
That its checks still see other processes' writes is `test_public_freshness_processes`."""

from __future__ import annotations

import asyncio
import dataclasses
import itertools
import threading
import time
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine

from service.app import create_app
from service.public import snapshot
from service.public.snapshot import snapshot_of
from service.settings import Settings

MARKER_READS = ("pragma_data_version", "pg_current_snapshot")


async def test_the_change_check_reads_on_its_own_thread(
    client: AsyncTestClient[Litestar], app: Litestar
) -> None:
    threads: list[str] = []

    def record(_connection: Connection, _cursor: object, statement: str, *_: object) -> None:
        if any(marker in statement for marker in MARKER_READS):
            threads.append(threading.current_thread().name)

    event.listen(Engine, "before_cursor_execute", record)
    try:
        for _ in range(200):
            if len(threads) >= 3:
                break
            await asyncio.sleep(0.05)
    finally:
        event.remove(Engine, "before_cursor_execute", record)
    assert len(threads) >= 3, "the check ran"
    assert set(threads) == {"public-change-check"}, threads
    assert snapshot_of(app).usable


SLOW_CHECK_SECONDS = 0.4


async def test_a_slow_check_is_followed_at_once(
    monkeypatch: pytest.MonkeyPatch, settings: Settings
) -> None:
    """Checks begin 0.3 s apart from start to start: one that takes 0.4 s is followed at once
    (0.4 s between starts), not 0.3 s after it ends (0.7 s), so two slow checks in a row do
    not put a second between the starts of finished checks."""
    starts: list[float] = []
    read_window = snapshot._generation

    async def slow(*args: Any) -> Any:
        starts.append(time.monotonic())
        await asyncio.sleep(SLOW_CHECK_SECONDS)
        return await read_window(*args)

    monkeypatch.setattr(snapshot, "_generation", slow)
    app = create_app(dataclasses.replace(settings, credential_worker=False))
    async with AsyncTestClient(app=app):
        for _ in range(100):
            if len(starts) >= 6:
                break
            await asyncio.sleep(0.1)
    gaps = sorted(later - earlier for earlier, later in itertools.pairwise(starts))
    assert len(gaps) >= 5, starts
    assert gaps[len(gaps) // 2] < SLOW_CHECK_SECONDS + 0.2, gaps
