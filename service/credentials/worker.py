"""The app's background issuer: makes sure keys exist, then drains the outbox about every second.

Every app process runs one, in a child process (`service.credentials.issuer_process`); they
never issue twice because issuance is idempotent per attempt (see
`service.credentials.issuance`) and a round claims its rows with ``SKIP LOCKED``. A round
issues a batch in one transaction; a batch that fails is issued row by row and a failing row
waits with backoff (see `service.credentials.outbox`), so one bad row never holds up the rest.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

from litestar import Litestar
from sqlalchemy.ext.asyncio import AsyncEngine

from service.background import repeat
from service.clock import Clock, SystemClock
from service.credentials.issuer_process import IssuerProcess
from service.credentials.outbox import batch_size, issue_due_credentials
from service.db.session import transaction
from service.keys.services import ensure_signing_keys
from service.settings import Settings

POLL_SECONDS = 1.0
logger = logging.getLogger("accredo.credentials.worker")


LANES = 2
SQLITE_PAUSE_SECONDS = 0.025
"""Between batches on SQLite: a writer waiting for the one write lock retries on its own
schedule (1, 2, 5 ... 100 ms apart), so an issuer that takes the lock again the moment it
commits starves every other request; a short pause lets them in."""


async def drain(engine: AsyncEngine, settings: Settings, clock: Clock | None = None) -> None:
    """Issue until nothing is due, or until a round makes no progress (rows held elsewhere).

    On PostgreSQL two rounds run side by side (``SKIP LOCKED`` gives them different rows), so
    the signing child always has a chunk to sign while the other round reads, writes and
    commits; SQLite has one writer, so one round at a time."""
    source = clock or SystemClock()
    if settings.database_kind == "sqlite":
        await _drain_lane(engine, settings, source, SQLITE_PAUSE_SECONDS)
        return
    await asyncio.gather(*(_drain_lane(engine, settings, source, 0.0) for _ in range(LANES)))


async def _drain_lane(engine: AsyncEngine, settings: Settings, source: Clock, pause: float) -> None:
    batch = batch_size(settings)
    while True:
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


@contextlib.asynccontextmanager
async def credential_worker(app: Litestar) -> AsyncIterator[None]:
    """The app's issuer while the app is up, unless ``ACCREDO_CREDENTIAL_WORKER=0``: keys
    exist before the app serves, and the rounds run in a child process of the app's own
    (`service.credentials.issuer_process`), on the system clock."""
    settings: Settings = app.state.settings
    if not settings.credential_worker:
        yield
        return
    try:
        async with transaction(app.state.engine) as session:
            await ensure_signing_keys(session, settings)
    except Exception:
        logger.exception("making the signing keys failed; the issuer's rounds will retry")
    issuer = IssuerProcess(settings)
    try:
        issuer.start()
    except Exception:
        logger.exception("the issuer process could not be started; the app will retry")
    watching = asyncio.create_task(issuer.watch())
    try:
        yield
    finally:
        watching.cancel()
        try:
            with contextlib.suppress(asyncio.CancelledError):
                await watching
        finally:
            await issuer.stop()
