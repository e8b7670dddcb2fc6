"""The statistics store's batched read of responses, cell by cell against what was written.

The API tests read small exams in one batch; here the batch and the form cache are made tiny
so that one exam crosses many batches (one of them with no responses at all), attempts get
different forms, new chosen texts first appear in later batches, and the form cache starts
over, on both databases.
"""

from __future__ import annotations

import numpy as np
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from itembank.statistics import OMITTED
from service.db.session import transaction
from service.statistics import response_matrix, store
from service.statistics.store import exam_data
from tests.support.statistics_fixtures import (
    NOT_PRESENTED,
    Simulation,
    add_attempts,
    seed_exam,
    simulate,
)


def _drawn(n: int, k: int, seed: int) -> Simulation:
    """Attempts with forms of 3..k items (the first sees them all), the 8th to 14th attempts
    (one batch of 7) shown nothing, and nobody leaving an answer blank before the 20th."""
    simulation = simulate(n, k, seed=seed)
    rng = np.random.default_rng(seed)
    choices = simulation.choices.copy()
    choices[:20][choices[:20] == -1] = 0
    for i in range(1, n):
        choices[i, rng.permutation(k)[: rng.integers(0, k - 2)]] = NOT_PRESENTED
    choices[7:14] = NOT_PRESENTED
    return Simulation(
        choices=choices, keys=simulation.keys, times=simulation.times, numbers=simulation.numbers
    )


@pytest.mark.parametrize("chunk", [7, 1_000])
async def test_batched_read_equals_what_was_written(
    db_engine: AsyncEngine, database_kind: str, monkeypatch: pytest.MonkeyPatch, chunk: int
) -> None:
    monkeypatch.setattr(response_matrix, "CHUNK", chunk)
    monkeypatch.setattr(response_matrix, "FORMS_KEPT", 3)
    drawn = _drawn(40, 6, seed=4)
    seeded = await seed_exam(db_engine, drawn, name="Batched")
    # Neither an attempt in progress nor another exam's attempts may appear.
    await add_attempts(db_engine, seeded, simulate(3, 6, seed=8), status="in_progress")
    await seed_exam(db_engine, simulate(5, 6, seed=9), name="Other exam")

    async with transaction(db_engine) as session:
        data = await exam_data(session, seeded.exam_id)

    order = sorted(range(40), key=lambda i: seeded.attempt_ids[i].bytes)  # rows are by id
    assert order[7:14] == list(range(7, 14))  # uuid7s ascend: attempts 8-14 are one batch
    choices = drawn.choices[order]
    presented = choices != NOT_PRESENTED
    assert [revision.id for revision in data.revisions] == seeded.revision_ids
    assert data.attempts == 40
    assert np.array_equal(data.attempt_numbers, drawn.numbers[order])
    arrays = data.responses
    assert np.array_equal(arrays.presented, presented)
    assert np.array_equal(arrays.scores, np.where(presented, drawn.scores[order], 0))
    assert np.array_equal(arrays.choices, np.where(presented, choices, OMITTED))
    times = np.where(presented, drawn.times[order], np.nan)
    assert np.array_equal(np.isnan(arrays.times), np.isnan(times))
    if database_kind == "postgresql":  # the stored doubles, sent as their bytes
        assert np.array_equal(arrays.times, times, equal_nan=True)
    else:  # SQLite spells a double with 15 significant digits
        np.testing.assert_allclose(arrays.times, times, rtol=1e-14)


async def test_an_exam_without_finished_attempts_reads_as_empty(
    db_engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(response_matrix, "CHUNK", 2)
    seeded = await seed_exam(db_engine, simulate(0, 3, seed=1), name="Nobody yet")
    await add_attempts(db_engine, seeded, simulate(4, 3, seed=2), status="in_progress")
    async with transaction(db_engine) as session:
        data = await exam_data(session, seeded.exam_id)
    assert data.attempts == 0
    assert data.revisions == []
    assert data.responses.scores.shape == (0, 0)


NAMES = ("jit", "jit_above_cost", "work_mem")


@pytest.mark.parametrize("database_kind", ["postgresql"])  # SQLite has no such settings
async def test_postgresql_reads_without_jit_and_groups_in_memory_until_the_transaction_ends(
    db_engine: AsyncEngine, database_kind: str
) -> None:
    seeded = await seed_exam(db_engine, simulate(3, 4, seed=5), name="Planner settings")

    async def setting(session: AsyncSession, name: str) -> str:
        return str((await session.execute(text(f"SHOW {name}"))).scalar_one())

    async with transaction(db_engine) as session:
        before = [await setting(session, name) for name in NAMES]
        await exam_data(session, seeded.exam_id)
        # jit itself untouched: asyncpg's introspection would set it back for the session
        assert [await setting(session, name) for name in NAMES] == [
            before[0],
            "-1",
            store.BULK_READ_WORK_MEM,
        ]
    async with transaction(db_engine) as session:  # SET LOCAL: gone with the transaction
        assert [await setting(session, name) for name in NAMES] == before
