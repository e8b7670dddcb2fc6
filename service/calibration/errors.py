"""Why a calibration or scale request was refused, named by meaning with its data."""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from service.errors import Conflict, Invalid, NotFound, Problem


class CalibrationExamNotFound(NotFound):
    def __init__(self, exam_id: UUID) -> None:
        super().__init__(f"no exam {exam_id}", extra={"exam": str(exam_id)})
        self.exam_id = exam_id


class NothingToCalibrate(Conflict):
    """The exam's finished attempts do not allow a Rasch calibration (too few, or none)."""

    def __init__(self, exam_id: UUID, reason: str) -> None:
        super().__init__(reason, extra={"exam": str(exam_id)})
        self.exam_id = exam_id


class NotCalibrated(Conflict):
    """The scale needs stored difficulties for items that have none; ``items`` names them."""

    def __init__(self, exam_id: UUID, items: Sequence[str], what: str) -> None:
        shown = ", ".join(items[:20]) + (f" and {len(items) - 20} more" if len(items) > 20 else "")
        super().__init__(
            f"{what} has items without a stored calibration: {shown}",
            extra={"exam": str(exam_id), "items": list(items)},
        )
        self.exam_id = exam_id
        self.items = list(items)


class ScaleRejected(Invalid):
    def __init__(self, problems: Sequence[Problem]) -> None:
        super().__init__("the scale settings have problems", problems=problems)
