"""A value that moves whenever a write is committed to the database, read in one round trip.

The public snapshot's change check asks for it before anything else: while it has not moved,
no row can have changed, and the check need not read its window of recent rows.

- SQLite: ``data_version`` changes when another connection (of any process) commits, and
  ``total_changes()`` when this one writes. Both belong to one connection, so the marker
  also names the connection (a number kept in its pool record): a new connection never
  matches an old marker.
- PostgreSQL: the current snapshot (``xmin:xmax:in-progress``) changes whenever a
  transaction that wrote anything ends, on any connection: its end moves ``xmax`` or takes it
  off the in-progress list. Read-only transactions never appear in it, so reads under load
  do not move it.
"""

from __future__ import annotations

import itertools
from collections.abc import Hashable

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

Marker = tuple[Hashable, ...]

_CONNECTION_ID_KEY = "accredo_write_marker_connection"
_CONNECTION_IDS = itertools.count()
_SQLITE = text("SELECT (SELECT data_version FROM pragma_data_version()), total_changes()")
_POSTGRESQL = text("SELECT pg_current_snapshot()::text")


async def write_marker(session: AsyncSession) -> Marker:
    connection = await session.connection()
    if connection.dialect.name == "sqlite":
        if _CONNECTION_ID_KEY not in connection.info:
            connection.info[_CONNECTION_ID_KEY] = next(_CONNECTION_IDS)
        identity = connection.info[_CONNECTION_ID_KEY]
        version, changes = (await connection.execute(_SQLITE)).one()
        return (identity, version, changes)
    return (await connection.scalar(_POSTGRESQL),)
