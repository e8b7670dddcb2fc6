"""A small per-process cache of exam reports, keyed by what the report was computed from.

The key includes the number of finished attempts and the latest submission time, so a
newly scored attempt changes the key and the next read recomputes; nothing has to remember
to invalidate. Each worker process keeps its own cache (the workers are stateless
otherwise); a lock per exam keeps concurrent first reads from computing the same report
twice.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from uuid import UUID

from service.lru import Lru
from service.statistics.report import ExamReport
from service.statistics.store import Freshness

MAX_EXAMS = 32


class ReportCache:
    def __init__(self, max_exams: int = MAX_EXAMS) -> None:
        self._max = max_exams
        self._reports: Lru[UUID, tuple[Freshness, ExamReport]] = Lru(max_exams)
        self._locks: dict[UUID, asyncio.Lock] = {}
        self.computations = 0

    async def get(
        self,
        exam_id: UUID,
        current: Freshness,
        compute: Callable[[], Awaitable[ExamReport]],
    ) -> ExamReport:
        lock = self._locks.setdefault(exam_id, asyncio.Lock())
        async with lock:
            cached = self._reports.get(exam_id)
            if cached is not None and cached[0] == current:
                return cached[1]
            report = await compute()
            self.computations += 1
            self._reports.put(exam_id, (current, report))
            self._forget_evicted_locks()
            return report

    def _forget_evicted_locks(self) -> None:
        """Drop the locks of exams the cache no longer holds (unless someone waits on one)."""
        for exam_id, lock in list(self._locks.items()):
            if exam_id not in self._reports and not lock.locked():
                del self._locks[exam_id]
