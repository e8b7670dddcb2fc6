"""The empty response rows a start writes, one per delivered item, in one statement.

A 60-item form is 60 rows. Handed to SQLAlchemy as an executemany they cost about 2 ms of the
worker's CPU per start on PostgreSQL (parameters built and converted row by row: three ids,
three timestamps and a JSON value each), the largest single part of a start after the draw.
On PostgreSQL the rows are instead made by the database from two uuid arrays (``unnest``),
so the worker sends four parameters whatever the form's length. SQLite keeps the
executemany: it has no array parameter, and its statements cost no round trip.

Either way the rows are the same: a fresh UUIDv7 id each (made here, as the ORM would),
``chosen`` an empty list, and ``saved_at``, ``created_at`` and ``updated_at`` the start time.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from uuid import UUID

from sqlalchemy import insert, text
from sqlalchemy.ext.asyncio import AsyncSession
from uuid_utils.compat import uuid7

from service.db.models import ResponseRow

_FROM_ARRAYS = text(
    "INSERT INTO responses (id, attempt_id, revision_id, chosen, saved_at, created_at, updated_at)"
    " SELECT delivered.id, :attempt_id, delivered.revision_id, CAST('[]' AS json), :now, :now, :now"
    " FROM unnest(CAST(:ids AS uuid[]), CAST(:revision_ids AS uuid[]))"
    " AS delivered(id, revision_id)"
)


async def insert_empty_responses(
    session: AsyncSession, attempt_id: UUID, revision_ids: Sequence[UUID], now: datetime
) -> None:
    ids = [uuid7() for _ in revision_ids]
    if session.get_bind().dialect.name == "postgresql":
        # (an empty form sends the statement too and it inserts nothing; the pool warm-up,
        # `service.db.pool_warmup`, prepares it that way)
        await session.execute(
            _FROM_ARRAYS,
            {"attempt_id": attempt_id, "now": now, "ids": ids, "revision_ids": list(revision_ids)},
        )
        return
    if not revision_ids:
        return  # an executemany of no rows would insert one row of defaults
    await session.execute(
        insert(ResponseRow),
        [
            {
                "id": row_id,
                "attempt_id": attempt_id,
                "revision_id": revision_id,
                "chosen": [],
                "saved_at": now,
                "created_at": now,
                "updated_at": now,
            }
            for row_id, revision_id in zip(ids, revision_ids, strict=True)
        ],
    )
