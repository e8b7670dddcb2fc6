"""Why an Angoff request was refused, named by meaning with its data."""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from service.errors import Conflict, Invalid, NotFound, Problem


class AngoffExamNotFound(NotFound):
    def __init__(self, exam_id: UUID) -> None:
        super().__init__(f"no exam {exam_id}", extra={"exam": str(exam_id)})
        self.exam_id = exam_id


class RatingsRejected(Invalid):
    """Every problem of the ratings at once: panelist and item (``field``), line in a CSV."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s) in the ratings", problems=problems)


class NoCompletePanel(Conflict):
    """No panelist has rated every item of the exam yet, so there is no cut to report."""

    def __init__(self, exam_id: UUID, reason: str) -> None:
        super().__init__(reason, extra={"exam": str(exam_id)})
        self.exam_id = exam_id
