"""Why a start, an answer or a submission was refused, named by meaning with what the client
needs next.

Each subclasses the status family it has today (`ServiceError`, `NotFound`, `Invalid`), so the
responses are unchanged; ``service/errors.py`` is the place that maps them to statuses.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from uuid import UUID

from service.errors import Conflict, Invalid, NotFound, Problem, ServiceError


class StartRefused(ServiceError):
    """The retake rules (or an attempt already in progress) refuse a start now.

    ``reason`` is machine-readable (``attempt_in_progress``, ``wait``, ...); ``earliest_start``
    when waiting would help.
    """

    def __init__(self, message: str, *, reason: str, earliest_start: datetime | None) -> None:
        super().__init__(
            message,
            extra={
                "reason": reason,
                "earliestStart": earliest_start.isoformat() if earliest_start else None,
            },
        )
        self.reason = reason
        self.earliest_start = earliest_start


class AttemptClosed(ServiceError):
    """The attempt is submitted or past its deadline; carries its status and deadline."""

    def __init__(self, message: str, *, status: str, deadline: datetime) -> None:
        super().__init__(message, extra={"attemptStatus": status, "deadline": deadline.isoformat()})
        self.attempt_status = status
        self.deadline = deadline


class AttemptNotFound(NotFound):
    """No such attempt, or it is another learner's (which must read the same)."""

    def __init__(self, attempt_id: UUID) -> None:
        super().__init__(f"no attempt with id {attempt_id}")
        self.attempt_id = attempt_id


class NoSuchPosition(NotFound):
    def __init__(self, position: int, item_count: int) -> None:
        super().__init__(f"this attempt has items 1 to {item_count}, not {position}")
        self.position = position
        self.item_count = item_count


class AnswerRejected(Invalid):
    """The answer breaks the item's rules (`itembank.attempts.answer_problems`); not saved."""

    def __init__(self, position: int, problems: Sequence[Problem]) -> None:
        super().__init__("the answer was not saved", problems=problems)
        self.position = position


class ExamUnfillable(Invalid):
    """The bank's active items can no longer fill the exam's blueprint (the bank changed)."""

    def __init__(self, exam_id: UUID, problems: Sequence[Problem]) -> None:
        super().__init__(
            "the bank's active items can no longer fill this exam; tell the program admin",
            problems=problems,
        )
        self.exam_id = exam_id


class AccommodationRejected(Invalid):
    def __init__(self, problems: Sequence[Problem]) -> None:
        super().__init__("the accommodation was not set", problems=problems)


class OverrideRejected(Invalid):
    def __init__(self, problems: Sequence[Problem]) -> None:
        super().__init__("the override was not granted", problems=problems)


class OverrideAlreadyGranted(Conflict):
    """The learner holds an unused override for this exam; allowances do not stack."""

    def __init__(self, exam_id: UUID, learner_id: str, override_id: UUID | None) -> None:
        super().__init__(
            f"learner {learner_id!r} already holds an unused override for exam {exam_id};"
            " it must be used before another is granted",
            extra={"overrideId": None if override_id is None else str(override_id)},
        )
        self.exam_id = exam_id
        self.learner_id = learner_id
        self.override_id = override_id


class OverrideNeedsFlag(Invalid):
    """The override would do something only an explicit flag allows (``flag``): lift the lock
    after a pass, or admit a learner the service has never seen."""

    def __init__(self, flag: str, reason: str) -> None:
        super().__init__("the override was not granted", problems=[Problem(reason, field=flag)])
        self.flag = flag
