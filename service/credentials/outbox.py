"""Drain the credential outbox a batch at a time; a row that fails is set aside on its own.

A round claims the oldest due rows (``FOR UPDATE SKIP LOCKED`` on PostgreSQL, so concurrent
workers take different rows; SQLite serialises writers anyway) and issues them together in
one savepoint of one transaction: a batch costs a fixed number of statements, not some per
credential (``service.credentials.issuance``).

One row that cannot be issued (say, a certification whose validity runs past the calendar)
must never hold up anyone else's credential. When the batch fails, its savepoint is rolled
back and each row is issued again in a savepoint of its own; a row that fails alone records
the failure: how many so far, the last error, and the time it is due again, after a backoff
that doubles from 10 seconds up to an hour. Admins see such rows and retry them after a fix
(``service.credentials.failures``).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import ColumnElement, and_, exists, or_, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from service.credentials.issuance import issue_with_retries
from service.credentials.slot_reservations import holding_drawn_slots
from service.db.models import CredentialOutboxRow
from service.db.session import reading, transaction
from service.settings import Settings

logger = logging.getLogger("accredo.credentials.outbox")
BATCH = 100
SQLITE_BATCH = 32
"""SQLite has one writer, and a batch holds the write lock while it is signed: a smaller batch
keeps an answer save waiting behind issuance for tens of milliseconds, not hundreds."""
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


def batch_size(settings: Settings) -> int:
    return SQLITE_BATCH if settings.database_kind == "sqlite" else BATCH


def retry_delay(failures: int) -> timedelta:
    """Wait before the next try after ``failures`` failed tries: 10 s, 20 s, 40 s ... 1 h."""
    doublings: int = min(max(failures - 1, 0), 16)
    return min(RETRY_BASE * (1 << doublings), RETRY_CAP)


def due(now: datetime) -> ColumnElement[bool]:
    return and_(
        CredentialOutboxRow.processed_at.is_(None),
        or_(CredentialOutboxRow.next_try_at.is_(None), CredentialOutboxRow.next_try_at <= now),
    )


async def anything_due(engine: AsyncEngine, now: datetime) -> bool:
    """Whether a round would find work, read without SQLite's write lock (an idle issuer
    looks every second)."""
    async with reading(engine) as session:
        return bool(await session.scalar(select(exists().where(due(now)))))


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
            issued = await issue_with_retries(session, settings, [row.attempt_id], now)
    except Exception as error:
        _record_failure(row, error, now)
        await session.flush()
        return Outcome.FAILED
    if row.attempt_id in issued.deferred:
        return Outcome.SKIPPED
    _mark_processed(row, now)
    await session.flush()
    return Outcome.ISSUED if row.attempt_id in issued.made else Outcome.NOTHING_OWED


def _record_failure(row: CredentialOutboxRow, error: Exception, now: datetime) -> None:
    row.failures += 1
    row.last_error = describe(error)
    row.last_failed_at = now
    row.next_try_at = now + retry_delay(row.failures)
    logger.warning(
        "issuing the credential of attempt %s failed (%d times; next try at %s): %s",
        row.attempt_id,
        row.failures,
        row.next_try_at.isoformat(),
        row.last_error,
        exc_info=error,
    )


def _mark_processed(row: CredentialOutboxRow, now: datetime) -> None:
    row.processed_at = now
    row.next_try_at = None


async def _claim(session: AsyncSession, now: datetime, limit: int) -> list[CredentialOutboxRow]:
    """The oldest due rows no other worker holds, locked until the caller commits."""
    rows = await session.scalars(
        select(CredentialOutboxRow)
        .where(due(now))
        .order_by(CredentialOutboxRow.created_at)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    return list(rows.all())


async def _issue_batch(
    session: AsyncSession, settings: Settings, rows: list[CredentialOutboxRow], now: datetime
) -> Round:
    """All rows in one go; when that fails, each row on its own, so only the bad one waits."""
    tally = Round(due=len(rows))
    try:
        async with session.begin_nested():
            issued = await issue_with_retries(
                session, settings, [row.attempt_id for row in rows], now
            )
    except Exception:
        logger.info("a batch of %d credentials failed; issuing them one by one", len(rows))
        for row in rows:
            _count(tally, await process(session, settings, row, now))
        return tally
    for row in rows:
        if row.attempt_id in issued.deferred:
            _count(tally, Outcome.SKIPPED)
            continue
        _mark_processed(row, now)
        _count(tally, Outcome.ISSUED if row.attempt_id in issued.made else Outcome.NOTHING_OWED)
    await session.flush()
    return tally


def _count(tally: Round, outcome: Outcome) -> None:
    if outcome is Outcome.ISSUED:
        tally.issued += 1
    elif outcome is Outcome.FAILED:
        tally.failed += 1
    elif outcome is Outcome.SKIPPED:
        tally.skipped += 1


async def issue_due_credentials(
    engine: AsyncEngine, settings: Settings, now: datetime, *, limit: int | None = None
) -> Round:
    """Issue what is owed and due (at most ``limit`` rows) in one transaction.

    Rows another worker holds are passed over (``SKIP LOCKED``), so several workers share the
    outbox. If not even a failure can be recorded (the database went away?) the rows stay due.
    """
    try:
        with holding_drawn_slots():
            async with transaction(engine) as session:
                rows = await _claim(session, now, limit or batch_size(settings))
                if not rows:
                    return Round()
                return await _issue_batch(session, settings, rows, now)
    except Exception:
        logger.exception("the credential outbox could not be processed")
        return Round(failed=1)
