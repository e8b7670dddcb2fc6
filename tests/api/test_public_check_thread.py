"""The app's public change check sends its reads from a loop of its own, not the serving
loop, so their awaits never queue behind requests (`service.public.snapshot.public_refresher`).
That its checks still see other processes' writes is `test_public_freshness_processes`."""

from __future__ import annotations

import asyncio
import threading

from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine

from service.public.snapshot import snapshot_of

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
