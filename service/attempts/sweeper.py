"""The background sweeper: closes overdue attempts even if nobody ever reads them again.

Each attempt is closed in a transaction of its own: scoring hundreds of attempts in one
transaction would hold SQLite's write lock (and PostgreSQL row locks) long enough to stall
learners' saves, and one attempt that cannot be closed would keep every other one open.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from datetime import timedelta

from litestar import Litestar
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker

from service.attempts.services import expire_if_overdue, overdue_attempt_ids
from service.clock import Clock, SystemClock
from service.db.engine import READ_ONLY_OPTION
from service.settings import Settings

logger = logging.getLogger("accredo.sweeper")


async def sweep_once(engine: AsyncEngine, grace: timedelta, *, clock: Clock | None = None) -> int:
    """Close what is overdue now (by ``clock``, the machine's by default); returns how many."""
    now = (clock or SystemClock()).now()
    maker = async_sessionmaker(engine, expire_on_commit=False)
    async with maker() as session:
        await session.connection(execution_options={READ_ONLY_OPTION: True})
        overdue = await overdue_attempt_ids(session, now=now, grace=grace)
    closed = 0
    for attempt_id in overdue:
        try:
            async with maker() as session, session.begin():
                closed += await expire_if_overdue(session, attempt_id, now=now, grace=grace)
        except Exception:
            logger.exception("closing the overdue attempt %s failed; the others go on", attempt_id)
    return closed


async def _run(engine: AsyncEngine, settings: Settings, clock: Clock) -> None:
    grace = timedelta(seconds=settings.attempt_grace_seconds)
    while True:
        try:
            closed = await sweep_once(engine, grace, clock=clock)
            if closed:
                logger.info("closed %d overdue attempts", closed)
        except Exception:
            logger.exception("the attempt sweeper failed; retrying")
        await asyncio.sleep(settings.sweeper_interval_seconds)


@contextlib.asynccontextmanager
async def attempt_sweeper(app: Litestar) -> AsyncIterator[None]:
    task = asyncio.create_task(_run(app.state.engine, app.state.settings, app.state.clock))
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
