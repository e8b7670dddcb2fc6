from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

import msgspec
from msgspec import Meta

from service.wire import (
    ITEM_ID_LENGTH,
    MAX_COUNT,
    Count,
    LongText,
    Name,
    Share,
    TimeLimitMinutes,
    ValidityDays,
    WaitDays,
    WindowDays,
    WireModel,
)

TierName = Literal["foundation", "practitioner", "expert"]
TierList = Annotated[list[TierName], Meta(min_length=1, max_length=3)]
ExamStatusFilter = Literal["active", "retired", "all"]
DomainName = Annotated[str, Meta(min_length=1, max_length=ITEM_ID_LENGTH)]
KindName = Annotated[str, Meta(min_length=1, max_length=20)]
WaitList = Annotated[list[WaitDays], Meta(max_length=100)]
MaxAttempts = Annotated[int, Meta(ge=1, le=MAX_COUNT)]
PolicyWindowDays = Annotated[float, Meta(gt=0, le=36_500)]

ReviewLevel = Literal["score", "domains", "items"]
MultipleResponseRule = Literal["all_or_nothing", "partial"]


class PassBand(WireModel):
    """Target first-attempt pass rate, as shares (0-1)."""

    low: Share
    high: Share


class CertificationCreate(WireModel):
    name: Name
    tier: TierName
    description: LongText
    criteria: LongText
    validity_days: ValidityDays | None = None
    renewal_window_days: WindowDays = 90
    pass_band: PassBand | None = None


class CertificationUpdate(WireModel):
    """Everything but the tier (exams draw their items by it); applies to credentials issued
    afterwards: a credential already issued is signed and never changes."""

    name: Name
    description: LongText
    criteria: LongText
    validity_days: ValidityDays | None = None
    renewal_window_days: WindowDays = 90
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
    min: Count = 0
    max: Count | None = None


class BlueprintSpec(WireModel):
    domain_counts: Annotated[dict[DomainName, Count], Meta(max_length=1_000)]
    kind_counts: Annotated[dict[KindName, Count], Meta(max_length=20)] | None = None
    kind_ranges: Annotated[dict[KindName, KindBounds], Meta(max_length=20)] | None = None


class RetakePolicySpec(WireModel):
    waits_after_failure_days: WaitList = msgspec.field(default_factory=list)
    max_attempts: MaxAttempts | None = None
    window_days: PolicyWindowDays | None = None


class ExamCreate(WireModel, kw_only=True):
    certification_id: UUID
    bank_id: UUID
    name: Name
    blueprint: BlueprintSpec
    tiers: TierList | None = None
    """The tiers an item must carry (any one of them); by default the certification's tier."""
    recall_cap: Share | None = None
    """The largest share of recall items on a form; by default the server's maximum."""
    time_limit_minutes: TimeLimitMinutes
    cut_score: Share
    """The pass mark as a fraction of the maximum score (0.7 = 70%)."""
    multiple_response_scoring: MultipleResponseRule = "all_or_nothing"
    shuffle_items: bool = True
    shuffle_options: bool = True
    review: ReviewLevel = "domains"
    mastery_threshold: Share = 0.7
    retake_policy: RetakePolicySpec = msgspec.field(default_factory=RetakePolicySpec)
    beta: bool = False
    show_result_in_credential: bool = False


class Exam(WireModel):
    id: UUID
    certification_id: UUID
    bank_id: UUID
    name: str
    blueprint: BlueprintSpec
    tiers: list[str]
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
    retired_at: datetime | None


class ExamSummary(WireModel):
    """What a learner may know about an exam before sitting it."""

    id: UUID
    name: str
    certification_id: UUID
    certification_name: str
    tier: str
    tiers: list[str]
    item_count: int
    time_limit_minutes: float
    cut_score: float
    beta: bool
    retired: bool
