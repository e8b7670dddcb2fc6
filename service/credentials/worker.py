"""The app's background issuer: makes sure keys exist, then drains the outbox about every second.

Every app process runs one; they never issue twice because issuance is idempotent per attempt
(see `service.credentials.issuance`). Each credential is issued in its own transaction and a
failing one waits with backoff (see `service.credentials.outbox`), so one bad row never holds
up the rest.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from litestar import Litestar
from sqlalchemy.ext.asyncio import AsyncEngine

from service.clock import Clock
from service.credentials.outbox import BATCH, issue_due_credentials
from service.db.session import transaction
from service.keys.services import ensure_signing_keys
from service.settings import Settings

POLL_SECONDS = 1.0
logger = logging.getLogger("accredo.credentials.worker")


async def drain(engine: AsyncEngine, settings: Settings, clock: Clock) -> None:
    """Issue until nothing is due, or until a round makes no progress (rows held elsewhere)."""
    while True:
        tally = await issue_due_credentials(engine, settings, clock.now(), limit=BATCH)
        if tally.due < BATCH or tally.skipped == tally.due:
            return


async def run_issuer(
    engine: AsyncEngine, settings: Settings, clock: Clock, poll_seconds: float
) -> None:
    while True:
        try:
            await drain(engine, settings, clock)
        except Exception:
            logger.exception("credential issuance round failed; retrying")
        await asyncio.sleep(poll_seconds)


@asynccontextmanager
async def credential_worker(app: Litestar) -> AsyncIterator[None]:
    settings: Settings = app.state.settings
    engine: AsyncEngine = app.state.engine
    try:
        async with transaction(engine) as session:
            await ensure_signing_keys(session, settings)
    except Exception:
        logger.exception("could not create the issuer's signing keys; issuance will retry")
    clock: Clock = app.state.clock
    task = asyncio.create_task(run_issuer(engine, settings, clock, POLL_SECONDS))
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
