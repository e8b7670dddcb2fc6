"""Open the worker's PostgreSQL connections at start-up and walk each through an exam day's
statements, before the worker takes requests.

A PostgreSQL connection's first statements cost its backend far more than later ones: the
backend loads the catalog entries of every table and index it touches, and asyncpg prepares
each statement once per connection. On a fresh worker the first burst of starts paid that on
every pooled connection at once: 200 simultaneous starts cost PostgreSQL about 0.75 s of CPU,
against 0.3 s for the next 200. The pool opens all its connections here and runs a start's
reads, its responses insert and an answer save on each, with ids that match nothing, in a
transaction that is rolled back: nothing is written.

Only the serving entry point (`service.asgi`) warms its pool; a failure is logged and the
worker starts anyway, since this only saves time.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager, suppress
from datetime import UTC, datetime
from uuid import uuid4

from litestar import Litestar
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession

from service.attempts import store as attempts_store
from service.attempts.empty_responses import insert_empty_responses
from service.attempts.start_context import read_start_context
from service.exams.candidates import current_revision_ids
from service.exams.errors import ExamNotFound

logger = logging.getLogger("accredo.db")


@asynccontextmanager
async def warmed_pool(app: Litestar) -> AsyncIterator[None]:
    """Lifespan: `warm_pool` on the app's engine when it is PostgreSQL."""
    engine: AsyncEngine = app.state.engine
    if engine.dialect.name == "postgresql":
        try:
            await warm_pool(engine)
        except (SQLAlchemyError, OSError) as error:
            logger.warning("the database pool was not warmed at start-up: %s", error)
    yield


async def warm_pool(engine: AsyncEngine) -> int:
    """Open every connection of the pool (held together, so each is a new one) and walk it;
    returns how many."""
    size = int(engine.pool.size())  # type: ignore[attr-defined]
    async with AsyncExitStack() as held:
        for _ in range(size):
            await _walk(await held.enter_async_context(engine.connect()))
    return size


async def _walk(connection: AsyncConnection) -> None:
    nobody, now = uuid4(), datetime.now(UTC)
    session = AsyncSession(bind=connection)
    try:
        with suppress(ExamNotFound):
            await read_start_context(session, nobody, "")
        await current_revision_ids(session, nobody)
        await insert_empty_responses(session, nobody, [], now)
        await attempts_store.save_if_in_progress(
            session, nobody, "", now, str(nobody), [], None, now
        )
    finally:
        await session.close()
        await connection.rollback()
