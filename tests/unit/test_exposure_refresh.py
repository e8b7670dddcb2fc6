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
