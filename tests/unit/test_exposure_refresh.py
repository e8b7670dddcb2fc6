"""One database read of an exam's exposure at a time, and no start's form lost to it."""

from __future__ import annotations

import asyncio
from typing import Any, cast
from uuid import uuid4

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from service.attempts import store
from service.attempts.exposure import ExposureCounts

NO_SESSION = cast(AsyncSession, None)
"""The store's read is replaced, so no session is used."""


async def test_a_due_refresh_runs_once_and_keeps_the_forms_added_meanwhile(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    reads: list[list[str]] = []
    answers = [{"a": 1}, {"a": 5, "b": 2}]
    release = asyncio.Event()

    async def counted(session: Any, revision_ids: list[str]) -> dict[str, int]:
        reads.append(revision_ids)
        if len(reads) == 2:
            await release.wait()
        return dict(answers[len(reads) - 1])

    monkeypatch.setattr(store, "exposure", counted)
    now = [10.0]
    counts = ExposureCounts(refresh_seconds=1.0, monotonic=lambda: now[0])
    exam = uuid4()
    assert await counts.read(NO_SESSION, exam, ["a", "b"]) == {"a": 1, "b": 0}

    now[0] += 1.5
    refreshing = asyncio.create_task(counts.read(NO_SESSION, exam, ["a", "b"]))
    await asyncio.sleep(0)
    assert len(reads) == 2
    # while it runs: the counts it replaces, no second query, and a start's form counted
    assert await counts.read(NO_SESSION, exam, ["a", "b"]) == {"a": 1, "b": 0}
    counts.add_form(exam, ["b"])
    assert len(reads) == 2
    release.set()
    assert await refreshing == {"a": 5, "b": 3}
    assert await counts.read(NO_SESSION, exam, ["a", "b"]) == {"a": 5, "b": 3}
    assert len(reads) == 2


async def test_concurrent_first_reads_of_an_exam_make_one_query(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A launch on a new process: every start finds no counts; one reads, the rest wait."""
    reads: list[list[str]] = []
    release = asyncio.Event()

    async def counted(session: Any, revision_ids: list[str]) -> dict[str, int]:
        reads.append(revision_ids)
        await release.wait()
        return {"a": 2}

    monkeypatch.setattr(store, "exposure", counted)
    counts = ExposureCounts()
    exam = uuid4()
    starts = [asyncio.create_task(counts.read(NO_SESSION, exam, ["a", "b"])) for _ in range(20)]
    await asyncio.sleep(0)
    assert len(reads) == 1
    release.set()
    assert await asyncio.gather(*starts) == [{"a": 2, "b": 0}] * 20
    assert len(reads) == 1


async def test_a_failed_first_read_leaves_the_next_start_to_read(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    reads: list[list[str]] = []

    async def failing_once(session: Any, revision_ids: list[str]) -> dict[str, int]:
        reads.append(revision_ids)
        if len(reads) == 1:
            raise ConnectionError("the database went away")
        return {"a": 1}

    monkeypatch.setattr(store, "exposure", failing_once)
    counts = ExposureCounts()
    exam = uuid4()
    with pytest.raises(ConnectionError):
        await counts.read(NO_SESSION, exam, ["a"])
    assert await counts.read(NO_SESSION, exam, ["a"]) == {"a": 1}
    assert len(reads) == 2
