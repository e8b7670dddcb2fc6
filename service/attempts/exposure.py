"""Exposure counts for assembly: the database's count at most a second old, plus this
process's own deliveries since.

Assembly prefers the least exposed items, and the exact count (`store.exposure`) reads one
response row per delivery the exam ever made: the costliest read of a start, growing with
every learner, and at a launch the same count is read by hundreds of starts a second. The
counts only steer the draw, so a start reads them from here instead:

- per exam, the database's counts are read again when they are older than
  ``REFRESH_SECONDS`` or a candidate revision is missing from them (a new revision);
- each start adds its own form the moment its attempt is stored, so starts in one process
  see each other at once, and a burst of starts spreads over the bank as it did when every
  start counted;
- another process's deliveries show up at the next read, within ``REFRESH_SECONDS``;
- one read per exam at a time: at a launch, the starts that find the counts due wait for
  no query of their own, and the starts that find none at all (a new process, an exam's
  first starts) wait for the first one's read instead of each counting every delivery.

The time is the monotonic clock, not the service's injected clock: this is a cache's age,
not a fact about the exam.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from service.attempts import store
from service.loop_gates import LoopGates
from service.lru import Lru

REFRESH_SECONDS = 1.0
EXAMS_KEPT = 1_000


@dataclass
class _Counts:
    read_at: float
    delivered: dict[str, int]
    refreshing: bool = False
    added_while_refreshing: Counter[str] = field(default_factory=Counter)


class ExposureCounts:
    def __init__(
        self,
        refresh_seconds: float = REFRESH_SECONDS,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._refresh_seconds = refresh_seconds
        self._monotonic = monotonic
        self._exams: Lru[UUID, _Counts] = Lru(EXAMS_KEPT)
        self._first_reads: LoopGates[UUID] = LoopGates()

    async def read(
        self, session: AsyncSession, exam_id: UUID, revision_ids: list[str]
    ) -> dict[str, int]:
        """Deliveries per revision id (missing = never delivered), a copy the caller owns.

        One read of the database per exam at a time: while it runs, other starts draw with
        the counts it replaces, and the forms they add are carried over to the new counts.
        """
        now = self._monotonic()
        counts = self._exams.get(exam_id)
        if counts is None or any(r not in counts.delivered for r in revision_ids):
            async with self._first_reads(exam_id):
                counts = self._exams.get(exam_id)
                if counts is None or any(r not in counts.delivered for r in revision_ids):
                    fresh = await self._read(session, revision_ids, now)
                    counts = self._exams.put(exam_id, fresh)
        elif now - counts.read_at > self._refresh_seconds and not counts.refreshing:
            counts.refreshing = True
            try:
                fresh = await self._read(session, revision_ids, now)
            finally:
                counts.refreshing = False
            for revision_id, added in counts.added_while_refreshing.items():
                fresh.delivered[revision_id] = fresh.delivered.get(revision_id, 0) + added
            counts = self._exams.put(exam_id, fresh)
        return dict(counts.delivered)

    async def _read(self, session: AsyncSession, revision_ids: list[str], now: float) -> _Counts:
        delivered = await store.exposure(session, revision_ids)
        for revision_id in revision_ids:
            delivered.setdefault(revision_id, 0)
        return _Counts(read_at=now, delivered=delivered)

    def add_form(self, exam_id: UUID, revision_ids: Iterable[str]) -> None:
        """Count a stored form's deliveries until the next read from the database."""
        counts = self._exams.get(exam_id)
        if counts is None:
            return
        for revision_id in revision_ids:
            counts.delivered[revision_id] = counts.delivered.get(revision_id, 0) + 1
            if counts.refreshing:
                counts.added_while_refreshing[revision_id] += 1


exposure_counts = ExposureCounts()
"""The process's counts; every start reads and adds through it."""
