"""Drain the credential outbox: every owed credential in its own transaction, failures set aside.

One row that cannot be issued (say, a certification whose validity runs past the calendar)
must never hold up anyone else's credential. Each row is locked (``FOR UPDATE SKIP LOCKED``
on PostgreSQL, so concurrent workers take different rows; SQLite serialises writers anyway)
and issued in a savepoint of its own transaction. When issuing fails the savepoint is rolled
back and the row records the failure: how many so far, the last error, and the time it is
due again, after a backoff that doubles from 10 seconds up to an hour. Admins see such rows
and retry them after a fix (``service.credentials.failures``).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from uuid import UUID

from sqlalchemy import ColumnElement, and_, or_, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from service.credentials.issuance import issue_with_retries
from service.db.engine import READ_ONLY_OPTION
from service.db.models import CredentialOutboxRow
from service.db.session import transaction
from service.settings import Settings

logger = logging.getLogger("accredo.credentials.outbox")
BATCH = 100
RETRY_BASE = timedelta(seconds=10)
RETRY_CAP = timedelta(hours=1)
ERROR_CHARS = 2000


class Outcome(StrEnum):
    ISSUED = "issued"
    NOTHING_OWED = "nothing_owed"  # already issued, or the attempt did not pass after all
    FAILED = "failed"
    SKIPPED = "skipped"  # another worker holds the row, or it is no longer due


@dataclass
class Round:
    due: int = 0
    issued: int = 0
    failed: int = 0
    skipped: int = 0


def retry_delay(failures: int) -> timedelta:
    """Wait before the next try after ``failures`` failed tries: 10 s, 20 s, 40 s ... 1 h."""
    doublings: int = min(max(failures - 1, 0), 16)
    return min(RETRY_BASE * (1 << doublings), RETRY_CAP)


def due(now: datetime) -> ColumnElement[bool]:
    return and_(
        CredentialOutboxRow.processed_at.is_(None),
        or_(CredentialOutboxRow.next_try_at.is_(None), CredentialOutboxRow.next_try_at <= now),
    )


def describe(error: BaseException) -> str:
    text = f"{type(error).__name__}: {error}"
    return text if len(text) <= ERROR_CHARS else text[: ERROR_CHARS - 1] + "…"


async def process(
    session: AsyncSession, settings: Settings, row: CredentialOutboxRow, now: datetime
) -> Outcome:
    """Issue for one locked outbox row; on failure record it on the row instead of raising.

    Runs in the caller's transaction (the row lock is held until the caller commits).
    """
    try:
        async with session.begin_nested():
            issued = await issue_with_retries(session, settings, row.attempt_id, now)
    except Exception as error:
        row.failures += 1
        row.last_error = describe(error)
        row.last_failed_at = now
        row.next_try_at = now + retry_delay(row.failures)
        await session.flush()
        logger.warning(
            "issuing the credential of attempt %s failed (%d times; next try at %s): %s",
            row.attempt_id,
            row.failures,
            row.next_try_at.isoformat(),
            row.last_error,
            exc_info=error,
        )
        return Outcome.FAILED
    row.processed_at = now
    row.next_try_at = None
    await session.flush()
    return Outcome.ISSUED if issued else Outcome.NOTHING_OWED


async def due_ids(engine: AsyncEngine, now: datetime, limit: int = BATCH) -> list[UUID]:
    """Oldest first; read without taking SQLite's write lock."""
    async with engine.connect() as base_connection:
        connection = await base_connection.execution_options(**{READ_ONLY_OPTION: True})
        ids = (
            await connection.scalars(
                select(CredentialOutboxRow.id)
                .where(due(now))
                .order_by(CredentialOutboxRow.created_at)
                .limit(limit)
            )
        ).all()
        await connection.rollback()
    return list(ids)


async def issue_one(
    engine: AsyncEngine, settings: Settings, outbox_id: UUID, now: datetime
) -> Outcome:
    """One outbox row in one transaction of its own."""
    async with transaction(engine) as session:
        row = await session.scalar(
            select(CredentialOutboxRow)
            .where(CredentialOutboxRow.id == outbox_id, due(now))
            .with_for_update(skip_locked=True)
        )
        if row is None:
            return Outcome.SKIPPED
        return await process(session, settings, row, now)


async def issue_due_credentials(
    engine: AsyncEngine, settings: Settings, now: datetime, *, limit: int = BATCH
) -> Round:
    """Issue what is owed and due (at most ``limit`` rows), each row on its own."""
    tally = Round()
    for outbox_id in await due_ids(engine, now, limit):
        tally.due += 1
        try:
            outcome = await issue_one(engine, settings, outbox_id, now)
        except Exception:
            # Not even the failure could be recorded (the database went away?): the row
            # stays due, and the other rows still get their turn.
            logger.exception("the outbox row %s could not be processed", outbox_id)
            outcome = Outcome.FAILED
        if outcome is Outcome.ISSUED:
            tally.issued += 1
        elif outcome is Outcome.FAILED:
            tally.failed += 1
        elif outcome is Outcome.SKIPPED:
            tally.skipped += 1
    return tally
