from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

from msgspec import Meta

from service.study.schemas import StudyPlanView
from service.wire import ITEM_ID_LENGTH, LearnerId, LongText, WireModel

OptionId = Annotated[str, Meta(max_length=ITEM_ID_LENGTH)]
MAX_SECONDS_SPENT = 7 * 24 * 3600
MAX_TIME_MULTIPLIER = 4.0


class OptionView(WireModel):
    id: str
    text: str


class ItemSetView(WireModel):
    id: str
    stimulus: str


class DeliveredItem(WireModel):
    """An item as a learner sees it: never a key, never a rationale."""

    position: int
    item_set: ItemSetView | None
    stem: str
    format: str
    options: list[OptionView]
    chosen: list[str]


class SubScoreView(WireModel):
    name: str
    raw: float
    max_points: int
    percent: float


class ItemOutcome(WireModel):
    position: int
    correct: bool
    points: float
    chosen: list[str]
    keys: list[str] | None = None
    rationales: dict[str, str] | None = None


class ReportedScore(WireModel):
    """The score on the exam's calibrated scale: ``score`` >= ``cut`` is a pass whichever form
    was drawn. ``pretestItems`` were delivered unscored (not yet calibrated)."""

    score: int | None
    cut: int
    minimum: int
    maximum: int
    standard_error_points: float | None
    items_scored: int
    pretest_items: int


class Result(WireModel):
    """``percent`` is null and ``cutScore`` the scaled cut when the exam scores on the
    calibrated scale (``reported``): a raw percent of a drawn form is then not the decision."""

    raw_score: float
    max_score: int
    percent: float | None
    """The score in percent (0-100), kept for existing clients; ``score`` is the same fraction."""
    score: float | None
    """The share of the maximum score (0-1), in the unit of ``cutScore``."""
    cut_score: float
    passed: bool
    by_domain: list[SubScoreView] | None = None
    by_kind: list[SubScoreView] | None = None
    study_plan: StudyPlanView | None = None
    """Given whatever `review` hides: weak domains, objectives, resources, the retake date."""
    items: list[ItemOutcome] | None = None
    reported: ReportedScore | None = None


class Attempt(WireModel):
    id: UUID
    exam_id: UUID
    learner_id: str
    number: int
    status: str
    started_at: datetime
    deadline: datetime
    submitted_at: datetime | None
    time_multiplier: float
    answered: int
    item_count: int
    items: list[DeliveredItem] | None = None
    result: Result | None = None


class AnswerSave(WireModel):
    chosen: Annotated[list[OptionId], Meta(max_length=100)]
    seconds_spent: Annotated[float, Meta(ge=0, le=MAX_SECONDS_SPENT)] | None = None


class AnswerSaved(WireModel):
    position: int
    chosen: list[str]
    saved_at: datetime
    deadline: datetime


class AttemptSummary(WireModel):
    id: UUID
    exam_id: UUID
    learner_id: str
    learner_name: str | None
    number: int
    status: str
    started_at: datetime
    deadline: datetime
    submitted_at: datetime | None
    percent: float | None
    passed: bool | None
    via_override: bool


class AccommodationSet(WireModel):
    time_multiplier: Annotated[float, Meta(ge=1, le=MAX_TIME_MULTIPLIER)]
    note: LongText = ""


class Accommodation(WireModel):
    learner_id: str
    time_multiplier: float
    note: str
    granted_by: str


class OverrideCreate(WireModel):
    learner_id: LearnerId
    reason: LongText
    lift_pass_lock: bool = False
    """Let a learner who passed sit again before the renewal window (needs this flag)."""
    new_learner: bool = False
    """The learner has no attempt, credential or accommodation yet, and that is expected."""


class Override(WireModel):
    id: UUID
    exam_id: UUID
    learner_id: str
    reason: str
    granted_by: str
    lifts_pass_lock: bool
    new_learner: bool
    used_by_attempt_id: UUID | None
    created_at: datetime
