"""The rows a start writes: the attempt, and an empty response per delivered item.

A 60-item form is 60 response rows. Handed to SQLAlchemy as an executemany they cost about
2 ms of the worker's CPU per start on PostgreSQL (parameters built and converted row by row:
three ids, three timestamps and a JSON value each), the largest single part of a start after
the draw. On PostgreSQL the rows are instead made by the database from two uuid arrays
(``unnest``), and the attempt goes in with them in the same statement (a data-modifying
``WITH``, which PostgreSQL runs to completion whether or not its rows are read): one round
trip and one statement's worth of the worker's CPU instead of two. SQLite keeps two
statements and the executemany: it has no array parameter, and its statements cost no round
trip.

Either way the rows are the same: the attempt as given, with ``created_at`` and
``updated_at`` its start time; per item a fresh UUIDv7 id (made here, as the ORM would),
``chosen`` an empty list, and ``saved_at``, ``created_at`` and ``updated_at`` the start time.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any, cast
from uuid import UUID

from sqlalchemy import Table, bindparam, insert, text
from sqlalchemy.ext.asyncio import AsyncSession
from uuid_utils.compat import uuid7

from service.db.models import AttemptRow, ResponseRow

_ATTEMPTS = cast(Table, AttemptRow.__table__)

ATTEMPT_COLUMNS = (
    "id",
    "exam_id",
    "learner_id",
    "learner_name",
    "learner_email",
    "number",
    "status",
    "in_progress_key",
    "started_at",
    "deadline",
    "time_multiplier",
    "seed",
    "arrangement",
    "form",
    "via_override",
    "created_at",
    "updated_at",
)
"""What a new attempt row is given, typed as its columns (a name the statement lacks fails
at import); the rest of its columns start empty."""

_ATTEMPT_WITH_RESPONSES = text(
    "WITH new_attempt AS ("
    " INSERT INTO attempts (id, exam_id, learner_id, learner_name, learner_email, number,"
    " status, in_progress_key, started_at, deadline, time_multiplier, seed, arrangement,"
    " form, via_override, created_at, updated_at)"
    " VALUES (:id, :exam_id, :learner_id, :learner_name, :learner_email, :number,"
    " :status, :in_progress_key, :started_at, :deadline, :time_multiplier, :seed,"
    " :arrangement, :form, :via_override, :created_at, :updated_at)"
    " RETURNING id)"
    " INSERT INTO responses (id, attempt_id, revision_id, chosen, saved_at, created_at, updated_at)"
    " SELECT delivered.id, new_attempt.id, delivered.revision_id, CAST('[]' AS json),"
    " :started_at, :started_at, :started_at"
    " FROM new_attempt, unnest(CAST(:response_ids AS uuid[]), CAST(:revision_ids AS uuid[]))"
    " AS delivered(id, revision_id)"
).bindparams(*(bindparam(name, type_=_ATTEMPTS.c[name].type) for name in ATTEMPT_COLUMNS))
_INSERT_ATTEMPT = insert(_ATTEMPTS)


async def insert_attempt_rows(
    session: AsyncSession, attempt: Mapping[str, Any], revision_ids: Sequence[UUID]
) -> None:
    """``attempt``: a value for each of `ATTEMPT_COLUMNS` but the two audit times (set here
    to ``started_at``). Raises the database's `IntegrityError` as it comes (a second attempt
    in progress breaks the unique ``in_progress_key``)."""
    now: datetime = attempt["started_at"]
    values = {**attempt, "created_at": now, "updated_at": now}
    response_ids = [uuid7() for _ in revision_ids]
    if session.get_bind().dialect.name == "postgresql":
        await session.execute(
            _ATTEMPT_WITH_RESPONSES,
            {**values, "response_ids": response_ids, "revision_ids": list(revision_ids)},
        )
        return
    await session.execute(_INSERT_ATTEMPT, values)
    if not revision_ids:
        return  # an executemany of no rows would insert one row of defaults
    await session.execute(
        insert(ResponseRow),
        [
            {
                "id": row_id,
                "attempt_id": attempt["id"],
                "revision_id": revision_id,
                "chosen": [],
                "saved_at": now,
                "created_at": now,
                "updated_at": now,
            }
            for row_id, revision_id in zip(response_ids, revision_ids, strict=True)
        ],
    )
