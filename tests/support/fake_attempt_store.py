"""An in-memory stand-in for the value-level functions of ``service.attempts.store``.

It covers what a use case reads and writes as values (attempts, responses, exposure,
overdue attempts); the row-locking functions stay with the database, where the
concurrency tests hold them. tests/integration/test_store_contracts.py runs the same assertions
against this fake and the real store on both databases.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from uuid_utils.compat import uuid7

from service.attempts.errors import AttemptNotFound, StartRefused
from service.attempts.status import AttemptStatus
from service.attempts.store import (
    AttemptRecord,
    NewAttempt,
    ResponseRecord,
    StartedForm,
    started_form,
)


@dataclass
class _Response:
    chosen: list[str]
    saved_at: datetime
    seconds_spent: float | None = None


class FakeAttemptStore:
    def __init__(self) -> None:
        self.attempts: dict[UUID, AttemptRecord] = {}
        self.responses_by_attempt: dict[UUID, dict[str, _Response]] = {}

    async def load_attempt(self, session: Any, attempt_id: UUID) -> AttemptRecord:
        try:
            return self.attempts[attempt_id]
        except KeyError:
            raise AttemptNotFound(attempt_id) from None

    async def insert_attempt(self, session: Any, new: NewAttempt, override: Any) -> AttemptRecord:
        if any(
            a.exam_id == new.exam_id
            and a.learner_id == new.learner_id
            and a.status == AttemptStatus.IN_PROGRESS
            for a in self.attempts.values()
        ):
            raise StartRefused(
                "you already have an attempt in progress for this exam",
                reason="attempt_in_progress",
                earliest_start=None,
            )
        record = AttemptRecord(
            id=uuid7(),
            exam_id=new.exam_id,
            learner_id=new.learner_id,
            learner_name=new.learner_name,
            number=new.number,
            status=AttemptStatus.IN_PROGRESS,
            started_at=new.started_at,
            deadline=new.deadline,
            submitted_at=None,
            time_multiplier=new.time_multiplier,
            form=list(new.form),
            via_override=new.via_override,
            raw_score=None,
            max_score=None,
            percent=None,
            passed=None,
            result=None,
        )
        self.attempts[record.id] = record
        self.responses_by_attempt[record.id] = {
            entry.revision_id: _Response([], new.started_at) for entry in new.form
        }
        return record

    async def responses(self, session: Any, attempt_id: UUID) -> dict[str, ResponseRecord]:
        return {
            revision_id: ResponseRecord(
                revision_id=UUID(revision_id), chosen=list(r.chosen), saved_at=r.saved_at
            )
            for revision_id, r in self.responses_by_attempt.get(attempt_id, {}).items()
        }

    async def chosen_answers(self, session: Any, attempt_id: UUID) -> dict[str, list[str]]:
        saved = self.responses_by_attempt.get(attempt_id, {})
        return {revision_id: list(r.chosen) for revision_id, r in saved.items() if r.chosen}

    async def save_if_in_progress(
        self,
        session: Any,
        attempt_id: UUID,
        learner_id: str,
        deadline: datetime,
        revision_id: str,
        chosen: list[str],
        seconds_spent: float | None,
        now: datetime,
    ) -> bool:
        attempt = self.attempts.get(attempt_id)
        if (
            attempt is None
            or (attempt.learner_id, attempt.status, attempt.deadline)
            != (learner_id, AttemptStatus.IN_PROGRESS, deadline)
            or revision_id not in self.responses_by_attempt[attempt_id]
        ):
            return False
        response = self.responses_by_attempt[attempt_id][revision_id]
        response.chosen, response.saved_at = list(chosen), now
        if seconds_spent is not None:
            response.seconds_spent = seconds_spent
        return True

    async def read_started_form(self, session: Any, attempt_id: UUID) -> StartedForm | None:
        attempt = self.attempts.get(attempt_id)
        if attempt is None:
            return None
        return started_form(attempt.learner_id, attempt.deadline, attempt.form)

    async def exposure(self, session: Any, revision_ids: list[str]) -> dict[str, int]:
        counts: dict[str, int] = {}
        for saved in self.responses_by_attempt.values():
            for revision_id in saved:
                if revision_id in revision_ids:
                    counts[revision_id] = counts.get(revision_id, 0) + 1
        return counts

    async def overdue_ids(self, session: Any, *, before: datetime, limit: int) -> list[UUID]:
        overdue = [
            a
            for a in self.attempts.values()
            if a.status == AttemptStatus.IN_PROGRESS and a.deadline < before
        ]
        return [a.id for a in sorted(overdue, key=lambda a: a.deadline)][:limit]
