"""The app's background issuer: makes sure keys exist, then drains the outbox about every second.

Every app process runs one; they never issue twice because issuance is idempotent per attempt
(see `service.credentials.issuance`) and a round claims its rows with ``SKIP LOCKED``. A round
issues a batch in one transaction; a batch that fails is issued row by row and a failing row
waits with backoff (see `service.credentials.outbox`), so one bad row never holds up the rest.
"""

from __future__ import annotations

import asyncio
import logging

from litestar import Litestar
from sqlalchemy.ext.asyncio import AsyncEngine

from service.background import periodic, repeat
from service.clock import Clock, SystemClock
from service.credentials.outbox import batch_size, issue_due_credentials
from service.db.session import transaction
from service.keys.services import ensure_signing_keys
from service.settings import Settings

POLL_SECONDS = 1.0
logger = logging.getLogger("accredo.credentials.worker")


SQLITE_PAUSE_SECONDS = 0.05
"""Between batches on SQLite: a writer waiting for the one write lock retries on its own
schedule (1, 2, 5 ... 100 ms apart), so an issuer that takes the lock again the moment it
commits starves every other request; a short pause lets them in."""


async def drain(engine: AsyncEngine, settings: Settings, clock: Clock | None = None) -> None:
    """Issue until nothing is due, or until a round makes no progress (rows held elsewhere)."""
    source = clock or SystemClock()
    pause = SQLITE_PAUSE_SECONDS if settings.database_kind == "sqlite" else 0.0
    while True:
        batch = batch_size(settings)
        tally = await issue_due_credentials(engine, settings, source.now(), limit=batch)
        if tally.due < batch or tally.skipped == tally.due:
            return
        await asyncio.sleep(pause)


async def run_issuer(
    engine: AsyncEngine, settings: Settings, poll_seconds: float, clock: Clock | None = None
) -> None:
    """The issuer's loop on its own (tests run it against an engine without an app)."""
    source = clock or SystemClock()
    await repeat(lambda: drain(engine, settings, source), poll_seconds, logger)


async def _ensure_keys(app: Litestar) -> None:
    async with transaction(app.state.engine) as session:
        await ensure_signing_keys(session, app.state.settings)


async def _tick(app: Litestar) -> None:
    await drain(app.state.engine, app.state.settings, app.state.clock)


credential_worker = periodic(
    _tick, every=lambda app: POLL_SECONDS, logger=logger, start=_ensure_keys
)
