"""The study plan on the wire. It names domains and objectives, never items or positions."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from service.wire import WireModel


class StudyResourceView(WireModel):
    title: str
    url: str


class ObjectiveStudyView(WireModel):
    """An objective to revise. `lostPoints` and `asked` only when the exam reviews items."""

    id: str
    title: str | None
    description: str | None
    resources: list[StudyResourceView]
    targeted: bool
    lost_points: float | None = None
    asked: int | None = None


class DomainStudyView(WireModel):
    domain: str
    title: str | None
    description: str | None
    percent: float
    objectives: list[ObjectiveStudyView]
    resources: list[StudyResourceView]


class RetakeView(WireModel):
    """When this learner may start the exam again (`earliest` null: not under these rules)."""

    earliest: datetime | None
    allowed_now: bool
    reason: str
    message: str


class StudyPlanView(WireModel):
    attempt_id: UUID
    exam_id: UUID
    passed: bool
    percent: float
    mastery_threshold: float
    domains: list[DomainStudyView]
    retake: RetakeView
