"""The app's background issuer: makes sure keys exist, then drains the outbox about every second.

Every app process runs one; they never issue twice because issuance is idempotent per attempt
(see `service.credentials.issuance`). A failing round is logged and retried on the next tick.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime

from litestar import Litestar
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from service.credentials.issuance import issue_owed_credentials
from service.db.engine import READ_ONLY_OPTION
from service.db.models import CredentialOutboxRow
from service.db.session import transaction
from service.keys.services import ensure_signing_keys
from service.settings import Settings

POLL_SECONDS = 1.0
logger = logging.getLogger("accredo.credentials.worker")


async def _owed(engine: AsyncEngine) -> bool:
    async with engine.connect() as base_connection:
        connection = await base_connection.execution_options(**{READ_ONLY_OPTION: True})
        found = await connection.scalar(
            select(CredentialOutboxRow.id)
            .where(CredentialOutboxRow.processed_at.is_(None))
            .limit(1)
        )
        await connection.rollback()
    return found is not None


async def run_issuer(engine: AsyncEngine, settings: Settings, poll_seconds: float) -> None:
    while True:
        try:
            while await _owed(engine):
                async with transaction(engine) as session:
                    if not await issue_owed_credentials(session, settings, datetime.now(UTC)):
                        break
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
    task = asyncio.create_task(run_issuer(engine, settings, POLL_SECONDS))
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
