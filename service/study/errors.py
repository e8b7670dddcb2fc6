"""Why a study plan cannot be given, named by meaning (statuses live in service/errors.py)."""

from __future__ import annotations

from uuid import UUID

from service.errors import Conflict


class StudyPlanNotReady(Conflict):
    """The attempt is still in progress: there is no score to plan from yet."""

    def __init__(self, attempt_id: UUID, status: str) -> None:
        super().__init__(
            "the attempt has not been scored yet; submit it first",
            extra={"attemptId": str(attempt_id), "attemptStatus": status},
        )
        self.attempt_id = attempt_id
        self.attempt_status = status
