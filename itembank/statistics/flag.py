"""A flag: one reason to look at an item or at the exam, with the threshold it crossed."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class FlagCode(StrEnum):
    TOO_EASY = "too_easy"
    TOO_HARD = "too_hard"
    LOW_DISCRIMINATION = "low_discrimination"
    NEGATIVE_DISCRIMINATION = "negative_discrimination"
    NON_FUNCTIONING_DISTRACTOR = "non_functioning_distractor"
    LIKELY_MISKEYED = "likely_miskeyed"
    MISFIT = "misfit"
    FIRST_ATTEMPTS_ABOVE_CEILING = "pass_rate_above_ceiling"
    FIRST_ATTEMPTS_ABOVE_BAND = "pass_rate_above_band"
    FIRST_ATTEMPTS_BELOW_BAND = "pass_rate_below_band"
    LOW_RELIABILITY = "low_reliability"
    INSUFFICIENT_DATA = "insufficient_data"
    """Not a quality finding: too few examinees (``value``) for any flag (``threshold``)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Flag:
    """``item_id`` is None for an exam-level flag; ``option_id`` names the option concerned.

    ``insufficient_data`` stands in place of every quality flag of an item (or of the
    pass-rate flags of the exam) seen by fewer examinees than the minimum sample: its
    ``value`` is the n there is, its ``threshold`` the n the flags need."""

    code: FlagCode
    item_id: str | None
    option_id: str | None
    reason: str
    threshold: float
    value: float
