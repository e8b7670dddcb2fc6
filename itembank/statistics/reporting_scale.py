"""The cut on the calibrated scale, reported (scaled) scores, and a form's difficulty.

Cut on theta from a percent cut on a reference form: the program's cut is "p percent of
the reference form", i.e. the ability whose *expected* raw score on that form is
p / 100 * L (L items). With the reference form's Rasch difficulties b_j, theta_cut solves
TCC_ref(theta) = sum_j logistic(theta - b_j) = p L / 100 (``irt_functions``). Every other
form then gets the cut that is equally hard to reach, instead of the same percent.

Reported score: a linear transform of theta that puts the cut at a fixed number,

  scaled = round(cut_scaled + points_per_logit * (theta - theta_cut)),  clamped to
  [minimum, maximum],

defaults 100..1000 with the cut at 700 and 100 points per logit (one logit is about one
SD of ability in a typical certification population). The decision is theta >= theta_cut;
so that the reported number never contradicts it, rounding (half up) is overridden at the
cut: a pass reports at least cut_scaled, a fail at most cut_scaled - 1.

A form's expected difficulty, for assembly tolerance: the mean Rasch difficulty of its
items, and its expected percent correct for a candidate exactly at the cut (TCC at
theta_cut / L). Two forms whose expected percent at the cut differ by d points would, under
a fixed percent cut, give borderline candidates a d-point head start on the easier one;
holding it within a tolerance of the reference form bounds that unfairness even before
scoring on the calibrated scale.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from itembank.statistics.errors import InvalidSettingsError
from itembank.statistics.irt_functions import (
    expected_raw_score,
    rasch_parameters,
    theta_for_expected_score,
)


@dataclass(frozen=True, slots=True, kw_only=True)
class ReportingScale:
    minimum: int = 100
    maximum: int = 1000
    cut_scaled: int = 700
    points_per_logit: float = 100.0

    def __post_init__(self) -> None:
        if not self.minimum < self.cut_scaled < self.maximum or not self.points_per_logit > 0:
            raise InvalidSettingsError(
                ["the scale needs minimum < cut_scaled < maximum and points_per_logit > 0"]
            )


@dataclass(frozen=True, slots=True, kw_only=True)
class FormDifficulty:
    items: int
    mean_difficulty: float
    expected_percent_at_cut: float


def theta_cut_from_percent(percent_cut: float, reference_difficulties: ArrayLike) -> float:
    """theta_cut with TCC_ref(theta_cut) = percent_cut / 100 * L (0 < percent_cut < 100)."""
    b = np.asarray(reference_difficulties, dtype=np.float64)
    if b.ndim != 1 or len(b) == 0 or not np.isfinite(b).all():
        raise InvalidSettingsError(["the reference form needs calibrated item difficulties"])
    if not 0.0 < percent_cut < 100.0:
        raise InvalidSettingsError(["percent_cut must lie strictly between 0 and 100"])
    slopes, intercepts = rasch_parameters(b)
    return theta_for_expected_score(percent_cut / 100.0 * len(b), slopes, intercepts)


def scaled_scores(
    theta: ArrayLike, theta_cut: float, scale: ReportingScale | None = None
) -> list[int | None]:
    """Reported scores (None where theta is undefined)."""
    scale = scale or ReportingScale()
    values = np.atleast_1d(np.asarray(theta, dtype=np.float64))
    raw = scale.cut_scaled + scale.points_per_logit * (values - theta_cut)
    rounded = np.floor(np.where(np.isfinite(raw), raw, 0.0) + 0.5)
    passed = values >= theta_cut
    rounded = np.where(passed, np.maximum(rounded, scale.cut_scaled), rounded)
    rounded = np.where(~passed, np.minimum(rounded, scale.cut_scaled - 1), rounded)
    clamped = np.clip(rounded, scale.minimum, scale.maximum)
    return [int(v) if math.isfinite(t) else None for v, t in zip(clamped, values, strict=True)]


def form_difficulty(difficulties: ArrayLike, theta_cut: float) -> FormDifficulty:
    b = np.asarray(difficulties, dtype=np.float64)
    if b.ndim != 1 or len(b) == 0 or not np.isfinite(b).all():
        raise InvalidSettingsError(["a form needs calibrated item difficulties"])
    slopes, intercepts = rasch_parameters(b)
    expected = float(expected_raw_score(theta_cut, slopes, intercepts)[0])
    return FormDifficulty(
        items=len(b),
        mean_difficulty=float(b.mean()),
        expected_percent_at_cut=100.0 * expected / len(b),
    )


def within_tolerance(
    form: FormDifficulty, reference: FormDifficulty, tolerance_percent: float
) -> bool:
    """The form's expected percent at the cut is within ``tolerance_percent`` points of the
    reference form's."""
    return abs(form.expected_percent_at_cut - reference.expected_percent_at_cut) <= (
        tolerance_percent
    )
