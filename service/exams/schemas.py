from __future__ import annotations

from datetime import datetime
from typing import Literal
from uuid import UUID

import msgspec

from service.wire import WireModel

TierName = Literal["foundation", "practitioner", "expert"]
ReviewLevel = Literal["score", "domains", "items"]
MultipleResponseRule = Literal["all_or_nothing", "partial"]


class PassBand(WireModel):
    """Target first-attempt pass rate, as shares (0-1)."""

    low: float
    high: float


class CertificationCreate(WireModel):
    name: str
    tier: TierName
    description: str
    criteria: str
    validity_days: int | None = None
    renewal_window_days: int = 90
    pass_band: PassBand | None = None


class Certification(WireModel):
    id: UUID
    name: str
    tier: str
    description: str
    criteria: str
    validity_days: int | None
    renewal_window_days: int
    pass_band: PassBand
    badge_url: str
    created_at: datetime


class KindBounds(WireModel):
    min: int = 0
    max: int | None = None


class BlueprintSpec(WireModel):
    domain_counts: dict[str, int]
    kind_counts: dict[str, int] | None = None
    kind_ranges: dict[str, KindBounds] | None = None


class RetakePolicySpec(WireModel):
    waits_after_failure_days: list[float] = msgspec.field(default_factory=list)
    max_attempts: int | None = None
    window_days: float | None = None


class ExamCreate(WireModel, kw_only=True):
    certification_id: UUID
    bank_id: UUID
    name: str
    blueprint: BlueprintSpec
    recall_cap: float = 0.2
    time_limit_minutes: float
    cut_score: float
    multiple_response_scoring: MultipleResponseRule = "all_or_nothing"
    shuffle_items: bool = True
    shuffle_options: bool = True
    review: ReviewLevel = "domains"
    mastery_threshold: float = 0.7
    retake_policy: RetakePolicySpec = msgspec.field(default_factory=RetakePolicySpec)
    beta: bool = False
    show_result_in_credential: bool = False


class Exam(WireModel):
    id: UUID
    certification_id: UUID
    bank_id: UUID
    name: str
    blueprint: BlueprintSpec
    item_count: int
    recall_cap: float
    time_limit_minutes: float
    cut_score: float
    multiple_response_scoring: str
    shuffle_items: bool
    shuffle_options: bool
    review: str
    mastery_threshold: float
    retake_policy: RetakePolicySpec
    beta: bool
    show_result_in_credential: bool


class ExamSummary(WireModel):
    """What a learner may know about an exam before sitting it."""

    id: UUID
    name: str
    certification_id: UUID
    certification_name: str
    tier: str
    item_count: int
    time_limit_minutes: float
    cut_score: float
    beta: bool
