"""The background sweeper: closes overdue attempts even if nobody ever reads them again.

Each attempt is closed in a transaction of its own: scoring hundreds of attempts in one
transaction would hold SQLite's write lock (and PostgreSQL row locks) long enough to stall
learners' saves, and one attempt that cannot be closed would keep every other one open.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from litestar import Litestar
from sqlalchemy.ext.asyncio import AsyncEngine

from service.attempts.services import expire_if_overdue, overdue_attempt_ids
from service.background import periodic
from service.clock import Clock, SystemClock
from service.db.engine import READ_ONLY_OPTION
from service.db.session import transaction
from service.settings import Settings

logger = logging.getLogger("accredo.sweeper")


async def sweep_once(
    engine: AsyncEngine,
    grace: timedelta,
    now: datetime | None = None,
    *,
    clock: Clock | None = None,
) -> int:
    """Close what is overdue at ``now`` (else by ``clock``, the machine's by default)."""
    if now is None:
        now = (clock or SystemClock()).now()
    async with transaction(engine) as session:
        await session.connection(execution_options={READ_ONLY_OPTION: True})
        overdue = await overdue_attempt_ids(session, now=now, grace=grace)
    closed = 0
    for attempt_id in overdue:
        try:
            async with transaction(engine) as session:
                closed += await expire_if_overdue(session, attempt_id, now=now, grace=grace)
        except Exception:
            logger.exception("closing the overdue attempt %s failed; the others go on", attempt_id)
    return closed


async def _tick(app: Litestar) -> None:
    settings: Settings = app.state.settings
    grace = timedelta(seconds=settings.attempt_grace_seconds)
    closed = await sweep_once(app.state.engine, grace, app.state.clock.now())
    if closed:
        logger.info("closed %d overdue attempts", closed)


def _interval(app: Litestar) -> float:
    return float(app.state.settings.sweeper_interval_seconds)


attempt_sweeper = periodic(_tick, every=_interval, logger=logger)
