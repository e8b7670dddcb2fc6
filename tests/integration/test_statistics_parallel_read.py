"""The statistics read on two connections (``second_reader``, PostgreSQL): both are used, they
read the same rows as the transaction, a pool with no connection to spare reads on one, and
a failure on either connection ends the read cleanly. SQLite reads on its one connection
through the same code, with the same results."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import numpy as np
import pytest
from sqlalchemy import Select, func, select, text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession

from service.db.engine import READ_ONLY_OPTION, create_engine
from service.db.models import AttemptRow
from service.statistics import response_matrix, store
from service.statistics.second_reader import second_reader
from service.statistics.store import ExamData, exam_data
from tests.support.statistics_fixtures import SeededExam, add_attempts, seed_exam, simulate

GUARD_S = 120
"""Only against a hang (a fetcher waiting forever would hold the test): not a timing."""


@asynccontextmanager
async def snapshot_session(engine: AsyncEngine) -> AsyncIterator[AsyncSession]:
    """A read transaction as ``services.exam_report`` opens it."""
    async with AsyncSession(engine, expire_on_commit=False) as session:
        options: dict[str, object] = {READ_ONLY_OPTION: True}
        if engine.dialect.name == "postgresql":
            options["isolation_level"] = "REPEATABLE READ"
        await session.connection(execution_options=options)
        try:
            yield session
        finally:
            await session.rollback()


def _record_readers(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The identity of the DBAPI connection that ran each batch query."""
    used: list[int] = []
    original = response_matrix._one_row

    async def recorded(connection: AsyncConnection, query: Select[Any]) -> tuple[Any, ...]:
        raw = await connection.get_raw_connection()
        used.append(id(raw.driver_connection))
        return await original(connection, query)

    monkeypatch.setattr(response_matrix, "_one_row", recorded)
    return used


def _same(left: ExamData, right: ExamData) -> None:
    assert left.attempts == right.attempts
    assert np.array_equal(left.attempt_numbers, right.attempt_numbers)
    assert np.array_equal(left.passed, right.passed)
    assert [revision.id for revision in left.revisions] == [r.id for r in right.revisions]
    assert left.accounts == right.accounts
    for name in ("scores", "presented", "choices", "times"):
        assert np.array_equal(
            getattr(left.responses, name), getattr(right.responses, name), equal_nan=True
        ), name


async def _seeded(engine: AsyncEngine) -> SeededExam:
    return await seed_exam(engine, simulate(23, 5, seed=3), name="Parallel read")


async def _read_alone(engine: AsyncEngine, seeded: SeededExam) -> ExamData:
    """The exam read on one connection: an engine whose pool has none to spare."""
    single = create_engine(engine.url.render_as_string(hide_password=False), pool_size=1)
    try:
        async with snapshot_session(single) as session:
            async with second_reader(session, store._plan_for_bulk_read) as helper:
                assert helper is None  # no second connection without waiting for one
            return await exam_data(session, seeded.exam_id)
    finally:
        await single.dispose()


async def test_batches_are_read_on_two_connections_with_the_same_result_as_on_one(
    db_engine: AsyncEngine, database_kind: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    seeded = await _seeded(db_engine)
    monkeypatch.setattr(response_matrix, "CHUNK", 4)  # six batches
    alone = await _read_alone(db_engine, seeded)
    used = _record_readers(monkeypatch)
    async with snapshot_session(db_engine) as session:
        shared = await asyncio.wait_for(exam_data(session, seeded.exam_id), GUARD_S)
    assert len(used) == 6
    # both connections computed batches (SQLite: one; two would not run side by side)
    assert len(set(used)) == (2 if database_kind == "postgresql" else 1)
    _same(shared, alone)
    assert shared.attempts == 23


async def test_the_second_connection_reads_what_the_transaction_reads(
    db_engine: AsyncEngine, database_kind: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Attempts that finish after the transaction began appear in neither connection's part:
    on PostgreSQL the helper shares the transaction's snapshot; on SQLite it reads only the
    attempts the transaction listed, whose responses cannot change."""
    seeded = await _seeded(db_engine)
    monkeypatch.setattr(response_matrix, "CHUNK", 4)
    before = await _read_alone(db_engine, seeded)
    finished = (
        select(func.count())
        .select_from(AttemptRow)
        .where(AttemptRow.exam_id == seeded.exam_id, AttemptRow.status.in_(store.FINISHED))
    )
    async with snapshot_session(db_engine) as session:
        assert (await session.execute(finished)).scalar_one() == 23  # the snapshot begins
        await add_attempts(db_engine, seeded, simulate(9, 5, seed=12))  # committed meanwhile
        if database_kind == "postgresql":
            async with second_reader(session, store._plan_for_bulk_read) as helper:
                assert helper is not None
                assert (await helper.execute(finished)).scalar_one() == 23
        during = await asyncio.wait_for(exam_data(session, seeded.exam_id), GUARD_S)
    _same(during, before)
    async with snapshot_session(db_engine) as session:
        assert (await exam_data(session, seeded.exam_id)).attempts == 32  # a new read sees them
    if database_kind == "postgresql":  # the helper went back to the pool as it came
        async with db_engine.connect() as first, db_engine.connect() as second:
            for connection in (first, second):
                shown = [
                    (await connection.execute(text(f"SHOW {name}"))).scalar_one()
                    for name in ("transaction_read_only", "transaction_isolation")
                ]
                assert shown == ["off", "read committed"]


@pytest.mark.parametrize(
    ("failing_call", "error"),
    [(1, RuntimeError), (2, RuntimeError), (5, RuntimeError), (3, asyncio.CancelledError)],
)
async def test_a_failed_batch_query_ends_the_read_with_its_error(
    db_engine: AsyncEngine,
    monkeypatch: pytest.MonkeyPatch,
    failing_call: int,
    error: type[BaseException],
) -> None:
    """Also when a query is cancelled: the parser must not wait for its batch forever."""
    seeded = await _seeded(db_engine)
    monkeypatch.setattr(response_matrix, "CHUNK", 4)
    original = response_matrix._one_row
    calls = 0

    async def failing(connection: AsyncConnection, query: Select[Any]) -> tuple[Any, ...]:
        nonlocal calls
        calls += 1
        if calls == failing_call:
            raise error("the database went away")
        return await original(connection, query)

    monkeypatch.setattr(response_matrix, "_one_row", failing)
    async with snapshot_session(db_engine) as session:
        with pytest.raises(error, match="went away"):
            await asyncio.wait_for(exam_data(session, seeded.exam_id), GUARD_S)
    assert calls <= 6  # no batch was asked for twice
    monkeypatch.setattr(response_matrix, "_one_row", original)
    async with snapshot_session(db_engine) as session:  # both connections usable again
        assert (await exam_data(session, seeded.exam_id)).attempts == 23


async def test_a_failed_parse_ends_the_read_with_its_error(
    db_engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    seeded = await _seeded(db_engine)
    monkeypatch.setattr(response_matrix, "CHUNK", 4)
    original = response_matrix.ReadResponses.add
    parsed = 0

    def failing(self: response_matrix.ReadResponses, batch: Any, spelling: Any) -> None:
        nonlocal parsed
        parsed += 1
        if parsed == 2:
            raise ValueError("unreadable batch")
        original(self, batch, spelling)

    monkeypatch.setattr(response_matrix.ReadResponses, "add", failing)
    async with snapshot_session(db_engine) as session:
        with pytest.raises(ValueError, match="unreadable"):
            await asyncio.wait_for(exam_data(session, seeded.exam_id), GUARD_S)
    monkeypatch.setattr(response_matrix.ReadResponses, "add", original)
    async with snapshot_session(db_engine) as session:
        assert (await exam_data(session, seeded.exam_id)).attempts == 23


async def test_a_read_cancelled_twice_waits_for_its_queries_before_ending(
    db_engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The request's task may be cancelled again while the read waits for its queries; it must
    still not end (and hand its connections back) while one of them runs."""
    seeded = await _seeded(db_engine)
    monkeypatch.setattr(response_matrix, "CHUNK", 4)
    original = response_matrix._one_row
    in_query = asyncio.Event()
    release = asyncio.Event()
    running = 0

    async def held(connection: AsyncConnection, query: Select[Any]) -> tuple[Any, ...]:
        nonlocal running
        running += 1
        try:
            in_query.set()
            await release.wait()
            return await original(connection, query)
        finally:
            running -= 1

    monkeypatch.setattr(response_matrix, "_one_row", held)
    async with snapshot_session(db_engine) as session:
        reading = asyncio.ensure_future(exam_data(session, seeded.exam_id))
        await asyncio.wait_for(in_query.wait(), GUARD_S)
        reading.cancel()
        await asyncio.sleep(0.05)
        reading.cancel()  # again, while it waits for the query under way
        await asyncio.sleep(0.05)
        assert not reading.done()  # still waiting for the query
        release.set()
        with pytest.raises(asyncio.CancelledError):
            await asyncio.wait_for(reading, GUARD_S)
        assert running == 0
    monkeypatch.setattr(response_matrix, "_one_row", original)
    async with snapshot_session(db_engine) as session:  # both connections usable again
        assert (await exam_data(session, seeded.exam_id)).attempts == 23


async def test_a_read_committed_transaction_gets_no_second_reader(db_engine: AsyncEngine) -> None:
    """Its exported snapshot would be only the exporting statement's."""
    async with AsyncSession(db_engine) as session:
        await session.connection(execution_options={READ_ONLY_OPTION: True})
        async with second_reader(session, store._plan_for_bulk_read) as helper:
            assert helper is None
        await session.rollback()
