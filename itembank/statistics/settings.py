"""Thresholds for the item and exam flags, with the reason behind each default.

Every flag records the threshold it used, so a report stays interpretable after a program
owner changes these values.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from itembank.statistics.errors import InvalidSettingsError


@dataclass(frozen=True, slots=True, kw_only=True)
class TierBand:
    """The first-attempt pass rate a certification tier is designed for, as shares (0..1)."""

    tier: str
    low: float
    high: float


DEFAULT_TIER_BANDS: tuple[TierBand, ...] = (
    TierBand(tier="foundation", low=0.70, high=0.80),
    TierBand(tier="practitioner", low=0.60, high=0.70),
    TierBand(tier="expert", low=0.45, high=0.60),
)


@dataclass(frozen=True, slots=True, kw_only=True)
class StatisticsSettings:
    """Flag thresholds and estimation controls (all shares and rates as 0..1).

    Item flags
      too_easy_p = 0.95: nearly everyone answers correctly, so the item says little about
        anyone and its correlations are unstable.
      too_hard_p = 0.20: the floor for "too hard". For a single-answer item with m options
        the flag uses max(too_hard_p, 1/m): an item answered correctly less often than blind
        guessing would be (Moodle's "random guess score") is too hard whatever the floor,
        e.g. p < 0.25 for four options, p < 0.5 for true/false.
      low_discrimination_r = 0.15: corrected item-total r below this (but not negative).
      negative_discrimination_r = 0.0: corrected item-total r below this; the item rewards
        the weaker examinees, usually a wrong key or an ambiguous stem.
      non_functioning_share = 0.05: a distractor chosen by fewer than 5% of all examinees
        does not distract.
      Likely mis-keyed: a distractor draws a larger share of the upper 27% group than the
        key (no threshold to set).
      misfit_low / misfit_high = 0.7 / 1.3: Rasch infit or outfit mean square outside this
        range (the usual range for high-stakes multiple-choice tests)...
      misfit_min_persons = 100: ...judged only when at least this many examinees with
        non-extreme scores entered the calibration; the mean squares have a sampling SD of
        roughly sqrt(2/n), about 0.14 at n = 100, so with fewer the range means little.

    Minimum samples
      min_item_examinees = 30: an item presented to fewer examinees gets no quality flag,
        only ``insufficient_data`` with its n. At n = 3 one examinee moves p by 0.33 and a
        correlation of -1.0 is two examinees' luck; around 30 the standard error of p is at
        most 0.09 and a corrected item-total r of 0.15 is no longer noise alone.
      min_first_attempts = 30: the same for the first-attempt pass-rate flags of the exam.

    Exam flags
      pass_rate_ceiling = 0.85: a first-attempt pass rate above this is flagged for every
        tier (a credential almost everyone earns at once certifies little).
      tier_bands: designed first-attempt pass-rate band per tier; above ``high`` or below
        ``low`` is flagged. An exam whose tier has no band only gets the ceiling check.
      min_alpha = 0.70: Cronbach's alpha (KR-20) below this is low reliability.

    Estimation
      run_rasch: set False to skip the Rasch calibration.
      rasch_max_iterations, rasch_tolerance: Newton-Raphson stops when the largest change of
        a difficulty is below the tolerance (logits).
    """

    too_easy_p: float = 0.95
    too_hard_p: float = 0.20
    low_discrimination_r: float = 0.15
    negative_discrimination_r: float = 0.0
    non_functioning_share: float = 0.05
    misfit_low: float = 0.7
    misfit_high: float = 1.3
    misfit_min_persons: int = 100
    min_item_examinees: int = 30
    min_first_attempts: int = 30
    pass_rate_ceiling: float = 0.85
    tier_bands: tuple[TierBand, ...] = field(default=DEFAULT_TIER_BANDS)
    min_alpha: float = 0.70
    run_rasch: bool = True
    rasch_max_iterations: int = 100
    rasch_tolerance: float = 1e-9

    def __post_init__(self) -> None:
        problems = []
        for name in ("too_easy_p", "too_hard_p", "non_functioning_share", "pass_rate_ceiling"):
            if not 0.0 <= getattr(self, name) <= 1.0:
                problems.append(f"{name} must be within 0..1")
        if self.too_hard_p >= self.too_easy_p:
            problems.append("too_hard_p must be below too_easy_p")
        if self.negative_discrimination_r > self.low_discrimination_r:
            problems.append("negative_discrimination_r must not exceed low_discrimination_r")
        if not 0.0 < self.misfit_low < 1.0 < self.misfit_high:
            problems.append("misfit range must satisfy 0 < misfit_low < 1 < misfit_high")
        for name in ("misfit_min_persons", "min_item_examinees", "min_first_attempts"):
            if getattr(self, name) < 1:
                problems.append(f"{name} must be at least 1")
        if self.rasch_max_iterations < 1 or not self.rasch_tolerance > 0.0:
            problems.append("rasch_max_iterations >= 1 and rasch_tolerance > 0 are required")
        tiers = [band.tier for band in self.tier_bands]
        if len(set(tiers)) != len(tiers):
            problems.append("tier_bands name a tier twice")
        for band in self.tier_bands:
            if not 0.0 <= band.low <= band.high <= 1.0:
                problems.append(f"tier band {band.tier!r} must satisfy 0 <= low <= high <= 1")
        if problems:
            raise InvalidSettingsError(problems)

    def band_for(self, tier: str | None) -> TierBand | None:
        return next((band for band in self.tier_bands if band.tier == tier), None)
