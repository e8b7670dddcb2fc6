"""Why a certification or exam request failed, named by meaning and carrying its data.

Each subclasses the status family it has today (`NotFound`, `Conflict`, `Invalid`, ...) so
the responses are unchanged; ``service/errors.py`` is the place that maps them to statuses.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

from service.errors import (
    Conflict,
    Forbidden,
    Invalid,
    NotFound,
    Problem,
    StoredValueCorrupt,
    TooLarge,
)


class ExamNotFound(NotFound):
    def __init__(self, exam_id: UUID) -> None:
        super().__init__(f"no exam with id {exam_id}")
        self.exam_id = exam_id


class CertificationNotFound(NotFound):
    def __init__(self, certification_id: UUID) -> None:
        super().__init__(f"no certification with id {certification_id}")
        self.certification_id = certification_id


class NameTaken(Conflict):
    """A certification or exam of that (trimmed) name exists already."""

    def __init__(self, what: str, name: str) -> None:
        super().__init__(f"a {what} named {name!r} already exists")
        self.what = what
        self.name = name


class SettingsRejected(Invalid):
    """A certification, exam, blueprint or retake policy as sent breaks the rules (``problems``)."""

    def __init__(self, what: str, problems: Sequence[Problem]) -> None:
        super().__init__(f"the {what} is not valid", problems=problems)
        self.what = what


class BlueprintUnfillable(Invalid):
    """The bank's active items cannot fill the blueprint; ``shortfalls`` says what is short."""

    def __init__(
        self, detail: str, problems: Sequence[Problem], shortfalls: list[dict[str, Any]]
    ) -> None:
        super().__init__(detail, problems=problems, extra={"shortfalls": shortfalls})
        self.shortfalls = shortfalls


class BadgeRejected(Invalid):
    def __init__(self, problems: Sequence[Problem]) -> None:
        super().__init__("the badge image was not accepted", problems=problems)


class BadgeTooLarge(TooLarge):
    def __init__(self, limit: int) -> None:
        super().__init__(f"a badge image may have at most {limit} bytes")
        self.limit = limit


class StoredSettingsBroken(StoredValueCorrupt):
    """A stored blueprint or retake policy no longer decodes: a server fault, not the caller's."""

    def __init__(self, exam_id: UUID, column: str) -> None:
        super().__init__(f"the stored {column} of exam {exam_id} cannot be read; tell an admin")
        self.exam_id = exam_id
        self.column = column


class ExamRetired(Conflict):
    """The exam was retired: it takes no new attempts (its history stays readable)."""

    def __init__(self, exam_id: UUID, retired_at: datetime) -> None:
        super().__init__(
            f"exam {exam_id} was retired on {retired_at.date().isoformat()} and takes no new"
            " attempts",
            extra={"retiredAt": retired_at},
        )
        self.exam_id = exam_id
        self.retired_at = retired_at


class RetiredExamsHidden(Forbidden):
    """Only admins may list retired exams."""

    def __init__(self, status: str) -> None:
        super().__init__(
            f"only admins may list exams with status={status}",
            problems=[Problem("only admins may ask for retired exams", "status")],
        )
        self.requested = status


class ExamAboveRecallMaximum(Conflict):
    """An exam stored before the recall maximum was lowered asks for more recall items than
    the maximum now allows; it takes no starts until an admin changes its blueprint."""

    def __init__(self, exam_id: UUID, maximum: float, problems: Sequence[Problem]) -> None:
        super().__init__(
            f"exam {exam_id} asks for more recall items than the server's maximum recall share"
            f" {maximum:g} (ACCREDO_MAX_RECALL_SHARE) allows; an admin must change its blueprint",
            problems=problems,
            extra={"maxRecallShare": maximum},
        )
        self.exam_id = exam_id
        self.maximum = maximum
