"""Wire shapes of the statistics API (camelCase; undefined statistics are null)."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from service.statistics.decision_schemas import DecisionsOut
from service.wire import WireModel


class FlagOut(WireModel):
    code: str
    revision_id: UUID | None
    item_id: str | None
    option_id: str | None
    reason: str
    threshold: float
    value: float


class OptionOut(WireModel):
    option_id: str | None
    is_key: bool
    is_omitted: bool
    count: int
    share_of_all: float
    share_of_responders: float | None
    mean_total: float | None
    rest_point_biserial: float | None
    upper_share: float | None
    lower_share: float | None


class RaschItemOut(WireModel):
    estimable: bool
    not_estimable_reason: str | None
    difficulty: float | None
    standard_error: float | None
    infit: float | None
    outfit: float | None
    persons: int | None


class ItemOut(WireModel):
    revision_id: UUID
    item_id: str
    revision_number: int
    domain: str
    kind: str
    n: int
    n_answered: int | None
    p: float
    point_biserial: float | None
    corrected_item_total: float | None
    p_upper: float | None
    p_lower: float | None
    discrimination_index: float | None
    alpha_if_deleted: float | None
    mean_time_seconds: float | None
    n_timed: int
    options: list[OptionOut] | None
    rasch: RaschItemOut | None
    flags: list[FlagOut]


class PassRateOut(WireModel):
    attempt_number: int
    attempts: int
    passed: int
    pass_rate: float


class AbilityOut(WireModel):
    raw_score: int
    persons: int
    theta: float | None
    standard_error: float | None


class RaschOut(WireModel):
    method: str
    ability_method: str
    estimable: bool
    message: str | None
    converged: bool
    iterations: int
    conditional_log_likelihood: float | None
    persons_used: int
    persons_extreme: int
    abilities: list[AbilityOut]


class SummaryOut(WireModel):
    """Over the finished attempts that were presented items; ``items`` = revisions in the
    pool, ``meanFormLength`` = items per attempt; scores are raw totals on each own form."""

    attempts: int
    items: int
    mean_form_length: float | None
    mean: float
    sd: float
    sd_sample: float | None
    score_distribution: list[int]
    alpha: float | None
    sem: float | None
    group_size: int
    cut_score: float | None
    within_one_sem_of_cut: int | None


class PassBandOut(WireModel):
    tier: str
    low: float
    high: float


class ExamStatisticsOut(WireModel):
    exam_id: UUID
    exam_name: str
    computed_at: datetime
    attempts: int
    first_attempts: int
    first_attempt_pass_rate: float | None
    pass_rates_by_attempt: list[PassRateOut]
    pass_band: PassBandOut
    cut_score: float
    summary: SummaryOut | None
    rasch: RaschOut | None
    items: list[ItemOut]
    flags: list[FlagOut]
    decisions: DecisionsOut | None


class ItemStatisticsOut(WireModel):
    exam_id: UUID
    revision_id: UUID
    item_id: str
    item: ItemOut
