"""A second PostgreSQL connection that reads what the statistics read's own transaction reads,
so the responses of a large exam are read on two connections at once.

Reading a 10,000 x 100 exam's responses is database work (grouping and concatenating a
million rows) that one connection does on one core while the other mostly waits; with two
connections, two PostgreSQL backends compute two batches at once. Both read the same rows:
the transaction exports its snapshot (``pg_export_snapshot``) and the helper's REPEATABLE
READ transaction imports it (``SET TRANSACTION SNAPSHOT``) before its first query, so it sees
exactly what the transaction sees, also when attempts finish meanwhile.

SQLite gets no helper. Two connections in one process do not run side by side there: the
SQLite this service links (as Debian builds it: no lookaside allocator, memory statistics
on) takes one process-wide mutex around every allocation, and the read allocates per value,
so two threads each reading half the batches took longer (1.05 s) than one reading all of
them (0.84 s), where two processes took 0.49 s. SQLite also cannot share a snapshot between
connections.

The helper is taken only when the pool has a connection to spare at once: a request waiting
for a second connection while holding its first could otherwise wait for another doing the
same. Without one, the read runs on the transaction's connection alone (same result).
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

from sqlalchemy import QueuePool, text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

SNAPSHOT_ID = re.compile(r"[0-9A-F]+(-[0-9A-F]+)+")
"""What ``pg_export_snapshot`` returns (e.g. ``00000003-0000001B-1``); it is spelled into
``SET TRANSACTION SNAPSHOT``, which takes no parameters."""


SNAPSHOT_ISOLATION = ("repeatable read", "serializable")
"""Isolation levels whose transaction reads one snapshot throughout, the one it exports."""


def _spare_connection(connection: AsyncConnection) -> bool:
    pool = connection.engine.sync_engine.pool
    if not isinstance(pool, QueuePool):  # a static or per-thread pool has no second one
        return False
    return pool.checkedin() > 0 or pool.checkedout() < pool.size()


@asynccontextmanager
async def second_reader(
    session: AsyncSession, prepare: Callable[[AsyncConnection], Awaitable[None]]
) -> AsyncIterator[AsyncConnection | None]:
    """On PostgreSQL, a connection in a read-only transaction with the snapshot of
    ``session``'s, prepared by ``prepare``; None on SQLite, and when the pool has none to
    spare. Rolled back and handed back to the pool when the block ends."""
    connection = await session.connection()
    if connection.dialect.name != "postgresql" or not _spare_connection(connection):
        yield None
        return
    isolation = (await session.execute(text("SHOW transaction_isolation"))).scalar_one()
    if isolation not in SNAPSHOT_ISOLATION:
        # Under READ COMMITTED an exported snapshot is only the exporting statement's: the
        # transaction's own later batches would read newer rows than the helper's.
        yield None
        return
    snapshot = str((await session.execute(text("SELECT pg_export_snapshot()"))).scalar_one())
    if not SNAPSHOT_ID.fullmatch(snapshot):
        raise ValueError(f"unexpected snapshot id from the database: {snapshot!r}")
    # Asked again with no await before the checkout: another request may have taken the
    # spare one while the snapshot was exported, and waiting for a connection while holding
    # one could wait for the pool's whole timeout.
    if not _spare_connection(connection):
        yield None
        return
    async with connection.engine.connect() as helper:
        await helper.execution_options(isolation_level="REPEATABLE READ", postgresql_readonly=True)
        await helper.execute(text(f"SET TRANSACTION SNAPSHOT '{snapshot}'"))
        await prepare(helper)
        try:
            yield helper
        finally:
            await helper.rollback()
