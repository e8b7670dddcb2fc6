"""A second database connection that reads what the statistics read's own transaction reads,
so the responses of a large exam can be read on two connections at once.

Reading a 10,000 x 100 exam's responses is database work (grouping and concatenating a
million rows) that one connection does on one core while the other mostly waits; with two
connections, two PostgreSQL backends (or two SQLite threads, which step without the GIL)
compute two batches at once.

Both connections must read the same rows:

- PostgreSQL: the transaction exports its snapshot (``pg_export_snapshot``) and the helper's
  REPEATABLE READ transaction imports it (``SET TRANSACTION SNAPSHOT``) before its first
  query, so the helper sees exactly what the transaction sees, also when attempts finish
  meanwhile.
- SQLite has no way to share a snapshot between connections. The helper only ever reads the
  responses of attempts the transaction listed as finished, and a finished attempt's
  responses never change: answers are saved only under the attempt's lock while it is in
  progress, a finished status is final, and attempts are never deleted. So any later
  snapshot holds the same rows for them.

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

from service.db.engine import READ_ONLY_OPTION

SNAPSHOT_ID = re.compile(r"[0-9A-F]+(-[0-9A-F]+)+")
"""What ``pg_export_snapshot`` returns (e.g. ``00000003-0000001B-1``); it is spelled into
``SET TRANSACTION SNAPSHOT``, which takes no parameters."""


def _spare_connection(connection: AsyncConnection) -> bool:
    pool = connection.engine.sync_engine.pool
    if not isinstance(pool, QueuePool):  # a static or per-thread pool has no second one
        return False
    return pool.checkedin() > 0 or pool.checkedout() < pool.size()


@asynccontextmanager
async def second_reader(
    session: AsyncSession, prepare: Callable[[AsyncConnection], Awaitable[None]]
) -> AsyncIterator[AsyncConnection | None]:
    """A connection in a read transaction that sees what ``session``'s transaction sees of
    finished attempts (see the module's note), prepared by ``prepare``; None when the pool
    has none to spare. Rolled back and handed back to the pool when the block ends."""
    connection = await session.connection()
    if not _spare_connection(connection):
        yield None
        return
    postgresql = connection.dialect.name == "postgresql"
    snapshot = ""
    if postgresql:
        snapshot = str((await session.execute(text("SELECT pg_export_snapshot()"))).scalar_one())
        if not SNAPSHOT_ID.fullmatch(snapshot):
            raise ValueError(f"unexpected snapshot id from the database: {snapshot!r}")
    async with connection.engine.connect() as helper:
        if postgresql:
            await helper.execution_options(
                isolation_level="REPEATABLE READ", postgresql_readonly=True
            )
            await helper.execute(text(f"SET TRANSACTION SNAPSHOT '{snapshot}'"))
        else:
            await helper.execution_options(**{READ_ONLY_OPTION: True})  # a deferred BEGIN
        await prepare(helper)
        try:
            yield helper
        finally:
            await helper.rollback()
