"""The public change check reads its window of recent rows only when a write was committed
since its last look, and still sees a write stamped early but committed late.

After a cohort is issued, the window holds thousands of rows for two minutes; re-reading them
on every check (three a second, in every process) kept the public read p99 high long after
the writes had stopped. The check now first reads a write marker. These tests hold the
marker to its promise on each database: it stays while nothing is written, whatever is read,
and it moves with every commit, on another connection or on the check's own.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import event, select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from service.db.engine import create_engine
from service.db.models import CertificationRow, CredentialRow
from service.db.session import reading, transaction
from service.db.write_marker import Marker, write_marker
from service.public.cached_reads import shown_version
from service.public.snapshot import PublicSnapshot
from service.settings import Settings
from tests.support.credential_fixtures import (
    all_credentials,
    issue,
    make_programme,
    pass_attempt,
)


@pytest.fixture
def writer(db_engine: AsyncEngine) -> AsyncEngine:
    """The suite's own engine, standing for every other connection and process."""
    return db_engine


@pytest.fixture
async def checker(settings: Settings) -> AsyncIterator[AsyncEngine]:
    """An engine of one connection that only reads, as each app process's check has."""
    engine = create_engine(settings.database_url, pool_size=1)
    yield engine
    await engine.dispose()


async def _marker(engine: AsyncEngine) -> Marker:
    async with reading(engine) as session:
        return await write_marker(session)


def _statements(engine: AsyncEngine) -> list[str]:
    """Every SQL statement the engine sends from now on."""
    sent: list[str] = []

    def record(*args: Any) -> None:
        sent.append(args[2])

    event.listen(engine.sync_engine, "before_cursor_execute", record)
    return sent


TRIES = 5
"""PostgreSQL's snapshot belongs to the whole server: its own background work (autovacuum's
ANALYZE) writes too and can move the marker between two looks now and then. A look that must
find it unmoved gets a few tries; a marker that moves every time still fails all of them."""


async def _stays_across_a_read(checker: AsyncEngine, writer: AsyncEngine) -> bool:
    for _ in range(TRIES):
        before = await _marker(checker)
        async with reading(writer) as session:
            assert (await session.scalars(select(CertificationRow))).all()
        if await _marker(checker) == before:
            return True
    return False


async def test_the_marker_stays_while_nothing_is_written_and_moves_with_every_commit(
    checker: AsyncEngine, writer: AsyncEngine
) -> None:
    await make_programme(writer)
    assert await _stays_across_a_read(checker, writer), "every read moved the marker"
    before = await _marker(checker)

    async with transaction(writer) as session:
        await session.execute(update(CertificationRow).values(updated_at=datetime.now(UTC)))
    after_other = await _marker(checker)
    assert after_other != before, "another connection's commit did not move the marker"

    # SQLite's data_version ignores the connection's own writes; its change count does not.
    async with transaction(checker) as session:
        await session.execute(update(CertificationRow).values(updated_at=datetime.now(UTC)))
    after_own = await _marker(checker)
    if checker.dialect.name == "sqlite":
        assert after_own[0] == after_other[0], "not the same connection: the case is not tested"
    assert after_own != after_other, "the connection's own commit did not move the marker"


async def test_a_check_reads_the_window_only_after_a_commit(
    checker: AsyncEngine, writer: AsyncEngine
) -> None:
    await make_programme(writer)
    snapshot = PublicSnapshot(refresh_seconds=0.3)
    sent = _statements(checker)
    assert await snapshot.refresh(checker)
    assert any("updated_at" in statement for statement in sent), sent

    for _ in range(TRIES):
        sent.clear()
        assert not await snapshot.refresh(checker)
        if not any("updated_at" in statement for statement in sent):
            break
    assert snapshot.usable
    assert not any("updated_at" in statement for statement in sent), sent

    async with transaction(writer) as session:
        await session.execute(update(CertificationRow).values(updated_at=datetime.now(UTC)))
    sent.clear()
    assert await snapshot.refresh(checker)
    assert any("updated_at" in statement for statement in sent), sent


async def test_a_write_stamped_early_and_committed_late_is_still_seen(
    checker: AsyncEngine, writer: AsyncEngine, settings: Settings
) -> None:
    """The write whose window the check exists for: stamped before a write that commits
    first. PostgreSQL lets the two overlap, so the later one commits while the early one is
    open (the commit then moves neither the newest stamp nor the next transaction id);
    SQLite takes one writer at a time, so there the later write commits before the early
    one begins."""
    programme = await make_programme(writer)
    for learner in ("learner-a", "learner-b"):
        await pass_attempt(writer, programme, learner_id=learner)
    assert await issue(writer, settings) == 2
    first, second = sorted(row.public_id for row in await all_credentials(writer))
    snapshot = PublicSnapshot(refresh_seconds=0.3)
    await snapshot.refresh(checker)
    for public_id in (first, second):
        await shown_version(snapshot, checker, public_id, None)
    assert first in snapshot.current and second in snapshot.current

    now = datetime.now(UTC)
    later = (
        update(CredentialRow)
        .where(CredentialRow.public_id == second)
        .values(holder_name="Grace Hopper", updated_at=now)
    )
    early = (
        update(CredentialRow)
        .where(CredentialRow.public_id == first)
        .values(holder_name="Ada King", updated_at=now - timedelta(seconds=30))
    )
    overlap = writer.dialect.name == "postgresql"
    if not overlap:
        async with writer.begin() as connection:
            await connection.execute(later)
    async with writer.begin() as connection:
        await connection.execute(early)
        if overlap:
            async with writer.begin() as other:
                await other.execute(later)
        assert await snapshot.refresh(checker)
        assert second not in snapshot.current
        assert first in snapshot.current, "an uncommitted write was seen"
    assert await snapshot.refresh(checker)
    assert first not in snapshot.current
    shown = await shown_version(snapshot, checker, first, None)
    assert shown.credential.holder_name == "Ada King"
