"""A certification that cannot be issued (validity past the calendar) holds up nobody else.

The poisoned value is written straight into the database: the API refuses it, but rows from
before that rule, or from a bug, must not stop issuance for everyone.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from uuid import UUID

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from service.clock import SystemClock
from service.credentials.outbox import issue_due_credentials, retry_delay
from service.credentials.worker import run_issuer
from service.db.models import CredentialOutboxRow, CredentialRow
from service.db.session import transaction
from service.settings import Settings
from tests.support.credential_fixtures import engine_for, make_programme, pass_attempt

POISON_DAYS = 3_000_000  # now + 3,000,000 days is past year 9999: OverflowError


@pytest.fixture
async def engine(settings: Settings) -> AsyncIterator[AsyncEngine]:
    engine = engine_for(settings)
    yield engine
    await engine.dispose()


async def _outbox_row(engine: AsyncEngine, attempt_id: UUID) -> CredentialOutboxRow:
    async with transaction(engine) as session:
        row = await session.scalar(
            select(CredentialOutboxRow).where(CredentialOutboxRow.attempt_id == attempt_id)
        )
    assert row is not None
    return row


async def _holders(engine: AsyncEngine) -> list[str]:
    async with transaction(engine) as session:
        return sorted((await session.scalars(select(CredentialRow.learner_id))).all())


def test_backoff_doubles_from_ten_seconds_up_to_an_hour() -> None:
    delays = [retry_delay(n) for n in (1, 2, 3, 4, 9, 10, 11, 10_000)]
    assert delays[:4] == [timedelta(seconds=s) for s in (10, 20, 40, 80)]
    assert delays[4] == timedelta(seconds=2560)
    assert delays[5:] == [timedelta(hours=1)] * 3


async def test_a_failing_row_is_set_aside_and_retried_with_backoff(
    engine: AsyncEngine, settings: Settings
) -> None:
    poisoned = await make_programme(engine, validity_days=POISON_DAYS)
    healthy = await make_programme(engine)
    # The poisoned pass is owed first, so a batch that stopped at it would issue nothing.
    stuck = await pass_attempt(engine, poisoned, learner_id="learner-poisoned")
    await pass_attempt(engine, healthy, learner_id="learner-ok")
    now = datetime.now(UTC).replace(microsecond=0)

    first = await issue_due_credentials(engine, settings, now)
    assert (first.issued, first.failed) == (1, 1)
    assert await _holders(engine) == ["learner-ok"]
    row = await _outbox_row(engine, stuck)
    assert row.processed_at is None and row.failures == 1
    assert row.last_error is not None and row.last_error.startswith("OverflowError")
    assert row.last_failed_at == now and row.next_try_at == now + timedelta(seconds=10)

    assert (await issue_due_credentials(engine, settings, now + timedelta(seconds=9))).due == 0
    later = now + timedelta(seconds=10)
    second = await issue_due_credentials(engine, settings, later)
    assert (second.due, second.failed, second.issued) == (1, 1, 0)
    row = await _outbox_row(engine, stuck)
    assert row.failures == 2 and row.next_try_at == later + timedelta(seconds=20)
    assert await _holders(engine) == ["learner-ok"]


async def test_the_running_issuer_serves_everyone_else_promptly(
    engine: AsyncEngine, settings: Settings
) -> None:
    poisoned = await make_programme(engine, validity_days=POISON_DAYS)
    healthy = await make_programme(engine)
    stuck = await pass_attempt(engine, poisoned, learner_id="learner-poisoned")
    worker = asyncio.create_task(
        run_issuer(engine, settings, poll_seconds=0.05, clock=SystemClock())
    )
    try:
        await asyncio.sleep(0.3)  # the worker has met the poisoned row by now
        started = time.monotonic()
        for n in range(3):
            await pass_attempt(engine, healthy, learner_id=f"learner-{n}", number=1)
        while len(await _holders(engine)) < 3:
            assert time.monotonic() - started < 20, "the other learners were not issued"
            await asyncio.sleep(0.05)
        elapsed = time.monotonic() - started
    finally:
        worker.cancel()
        with pytest.raises(asyncio.CancelledError):
            await worker
    assert await _holders(engine) == ["learner-0", "learner-1", "learner-2"]
    row = await _outbox_row(engine, stuck)
    # Polling every 50 ms, the old issuer retried the whole batch 20 times a second; now the
    # poisoned row is tried once and then waits 10 s, 20 s, ...
    assert row.processed_at is None
    assert 1 <= row.failures <= 1 + int(elapsed // 10)
    print(f"\nothers issued {elapsed:.2f} s after passing; poisoned row tried {row.failures}x")
    async with transaction(engine) as session:
        open_rows = await session.scalar(
            select(func.count()).where(CredentialOutboxRow.processed_at.is_(None))
        )
    assert open_rows == 1
