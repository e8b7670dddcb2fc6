"""The background sweeper: closes overdue attempts even if nobody ever reads them again."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

from litestar import Litestar
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker

from service.attempts.services import sweep_overdue
from service.settings import Settings

logger = logging.getLogger("accredo.sweeper")


async def sweep_once(engine: AsyncEngine, grace: timedelta) -> int:
    maker = async_sessionmaker(engine, expire_on_commit=False)
    async with maker() as session, session.begin():
        return await sweep_overdue(session, now=datetime.now(UTC), grace=grace)


async def _run(engine: AsyncEngine, settings: Settings) -> None:
    grace = timedelta(seconds=settings.attempt_grace_seconds)
    while True:
        try:
            closed = await sweep_once(engine, grace)
            if closed:
                logger.info("closed %d overdue attempts", closed)
        except Exception:
            logger.exception("the attempt sweeper failed; retrying")
        await asyncio.sleep(settings.sweeper_interval_seconds)


@contextlib.asynccontextmanager
async def attempt_sweeper(app: Litestar) -> AsyncIterator[None]:
    task = asyncio.create_task(_run(app.state.engine, app.state.settings))
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
