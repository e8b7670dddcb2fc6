"""Engine construction for the two supported databases.

SQLite is the embedded default: WAL lets readers work while one writer commits, foreign keys
must be switched on per connection, and a busy timeout turns short write contention into a
wait instead of an error. PostgreSQL needs nothing beyond a sensible pool.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

SQLITE_PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA foreign_keys=ON",
    "PRAGMA busy_timeout=30000",
    "PRAGMA synchronous=NORMAL",
)


def _apply_sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    for pragma in SQLITE_PRAGMAS:
        cursor.execute(pragma)
    cursor.close()


READ_ONLY_OPTION = "accredo_read_only"


def _begin(connection: Any) -> None:
    """Take SQLite's write lock at BEGIN, so a read-then-write never fails with "locked".

    Read-only work (marked with the ``accredo_read_only`` execution option) begins deferred so
    that readers never wait for each other.
    """
    if connection.get_execution_options().get(READ_ONLY_OPTION):
        connection.exec_driver_sql("BEGIN")
    else:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def create_engine(database_url: str, *, pool_size: int = 20) -> AsyncEngine:
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        if url.database and url.database != ":memory:":
            Path(url.database).parent.mkdir(parents=True, exist_ok=True)
        # One writer at a time is SQLite's nature: a small pool queues requests in the pool
        # (fairly, with a timeout) instead of piling them up on the database lock.
        engine = create_async_engine(
            url, pool_size=min(pool_size, 4), max_overflow=4, pool_timeout=120
        )
        event.listen(engine.sync_engine, "connect", _apply_sqlite_pragmas)
        # pysqlite's own transaction handling is turned off so BEGIN is ours to issue.
        event.listen(
            engine.sync_engine,
            "connect",
            lambda dbapi_connection, _record: setattr(dbapi_connection, "isolation_level", None),
        )
        event.listen(engine.sync_engine, "begin", _begin)
        return engine
    # No overflow: an overflow connection is closed as soon as it is returned, so under a
    # burst every request beyond the pool opened a new PostgreSQL connection (a backend
    # process each), which cost more than waiting for a pooled one (then `database-busy`).
    # No ping before each checkout (a round trip per request, a fifth of what a short request
    # costs): a connection the database dropped fails its one request with a 503
    # `database-reconnecting`, and the pool then replaces every connection of that age.
    return create_async_engine(url, pool_size=pool_size, max_overflow=0)
