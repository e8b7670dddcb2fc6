"""Open the worker's PostgreSQL connections at start-up and walk each through the statements
of an exam day's hot path, before the worker takes requests.

A PostgreSQL connection's first statements cost its backend far more than later ones: the
backend loads the catalog entries of every table and index it touches, and asyncpg prepares
each statement once per connection. On a fresh worker the first burst of starts paid that on
every pooled connection at once: 200 simultaneous starts cost PostgreSQL about 0.75 s of CPU,
against 0.3 s for the next 200. The pool opens its connections here and runs, on each, a
start's context read, its revision-id read and its attempt-and-responses insert, and an
answer save, with ids that match nothing, in a transaction that is rolled back: nothing is
written. The insert names an exam that does not exist, so the database refuses it (in a
savepoint, after asyncpg has prepared it). (A start's other statements, the history among
them, warm the same tables.)

Each connection walks the path ``WALKS`` times. PostgreSQL plans a prepared statement's first
five executions for their parameters, then settles on one plan if a generic one costs no
more (its documented rule for prepared statements); walking six times leaves the first
burst of real requests no planning to do. On a fresh server's first burst of 200 starts this
cut PostgreSQL's CPU from 0.53 s to 0.41 s.

Only the serving entry point (`service.asgi`) warms its pool. It is bounded: each statement
gives up after ``STATEMENT_TIMEOUT`` (a lock held elsewhere, say an index being built), the
whole walk after ``WARM_UP_SECONDS``; a failure is logged and the worker starts anyway, since
this only saves time.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager, suppress
from datetime import UTC, datetime
from typing import Any
from uuid import UUID, uuid4

from litestar import Litestar
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession

from service.attempts import store as attempts_store
from service.attempts.new_attempt_rows import insert_attempt_rows
from service.attempts.start_context import read_start_context
from service.attempts.status import AttemptStatus
from service.db.constraints import breaks_foreign_key
from service.exams.candidates import current_revision_ids
from service.exams.errors import ExamNotFound

logger = logging.getLogger("accredo.db")
WARM_UP_SECONDS = 15.0
WALKS = 6
NO_SUCH_EXAM = "fk_attempts_exam_id_exams"
"""The foreign key that refuses the warm-up's attempt, as intended."""
"""PostgreSQL's five executions planned for their parameters, and one more."""
STATEMENT_TIMEOUT = "2s"


@asynccontextmanager
async def warmed_pool(app: Litestar) -> AsyncIterator[None]:
    """Lifespan: `warm_pool` on the app's engine when it is PostgreSQL."""
    engine: AsyncEngine = app.state.engine
    if engine.dialect.name == "postgresql":
        try:
            async with asyncio.timeout(WARM_UP_SECONDS):
                await warm_pool(engine)
        except (SQLAlchemyError, OSError) as error:  # TimeoutError is an OSError
            logger.warning("the database pool was not warmed at start-up: %s", error)
    yield


async def warm_pool(engine: AsyncEngine) -> int:
    """Open the pool's connections, held together so the pool opens as many as it can hold,
    and walk each `WALKS` times; returns how many."""
    size = int(engine.pool.size())  # type: ignore[attr-defined]
    async with AsyncExitStack() as held:
        for _ in range(size):
            connection = await held.enter_async_context(engine.connect())
            for _ in range(WALKS):
                await _walk(connection)
    return size


async def _walk(connection: AsyncConnection) -> None:
    nobody, now = uuid4(), datetime.now(UTC)
    session = AsyncSession(bind=connection)
    try:
        await connection.execute(text(f"SET LOCAL lock_timeout = '{STATEMENT_TIMEOUT}'"))
        await connection.execute(text(f"SET LOCAL statement_timeout = '{STATEMENT_TIMEOUT}'"))
        with suppress(ExamNotFound):
            await read_start_context(session, nobody, "")
        await current_revision_ids(session, nobody)
        try:
            async with connection.begin_nested():
                await insert_attempt_rows(session, _nobodys_attempt(nobody, now), [])
        except IntegrityError as refused:
            if not breaks_foreign_key(refused, NO_SUCH_EXAM):
                raise  # anything else is a real fault of the statement: logged at start-up
        await attempts_store.save_if_in_progress(
            session, nobody, "", now, str(nobody), [], None, now
        )
    finally:
        await session.close()
        await connection.rollback()


def _nobodys_attempt(nobody: UUID, now: datetime) -> dict[str, Any]:
    """An attempt at an exam that does not exist (`insert_attempt_rows`' columns)."""
    return {
        "id": nobody,
        "exam_id": nobody,
        "learner_id": "",
        "learner_name": None,
        "learner_email": None,
        "number": 1,
        "status": AttemptStatus.IN_PROGRESS,
        "in_progress_key": None,
        "started_at": now,
        "deadline": now,
        "time_multiplier": 1.0,
        "seed": 0,
        "arrangement": 1,
        "form": [],
        "via_override": False,
    }
