"""Wire shapes of the decision sections (2PL, DIF, precision at the cut, reliability intervals).

They mirror the core's result dataclasses field for field (``views.decisions_out`` converts by
attribute), in camelCase; undefined statistics are null.
"""

from __future__ import annotations

from service.wire import WireModel


class TwoPLItemOut(WireModel):
    item_id: str
    estimable: bool
    not_estimable_reason: str | None
    n: int
    slope: float | None
    intercept: float | None
    difficulty: float | None
    slope_se: float | None
    intercept_se: float | None
    difficulty_se: float | None


class ModelFitOut(WireModel):
    model: str
    parameters: int
    log_likelihood: float
    aic: float
    bic: float


class ModelComparisonOut(WireModel):
    rasch: ModelFitOut
    two_pl: ModelFitOut
    rasch_common_slope: float
    rasch_difficulties: list[float]
    likelihood_ratio: float
    degrees_of_freedom: int
    p_value: float
    preferred_by_aic: str
    preferred_by_bic: str


class TwoPLOut(WireModel):
    method: str
    metric: str
    standard_errors: str
    quadrature_points: int
    estimable: bool
    message: str | None
    converged: bool
    iterations: int
    persons_used: int
    log_likelihood: float | None
    items: list[TwoPLItemOut]
    comparison: ModelComparisonOut | None


class CutPrecisionOut(WireModel):
    theta_cut: float
    information: float
    csem_theta: float | None
    expected_raw_score: float
    csem_raw: float


class DecisionConsistencyOut(WireModel):
    method: str
    examinees: int
    pass_rate: float
    accuracy: float
    consistency: float
    kappa: float | None
    false_pass: float
    false_fail: float


class AlphaIntervalOut(WireModel):
    level: float
    lower: float
    upper: float


class DomainReliabilityOut(WireModel):
    domain: str
    items: int
    mean_form_length: float
    alpha: float | None
    sem: float | None
    interval: AlphaIntervalOut | None


class DifItemOut(WireModel):
    item_id: str
    status: str
    reason: str | None
    n_reference: int
    n_focal: int
    strata: int
    common_odds_ratio: float | None
    chi_square: float | None
    p_value: float | None
    delta: float | None
    delta_se: float | None
    category: str | None
    favours: str | None


class DifOut(WireModel):
    reference: str
    focal: str
    matching: str
    min_reference: int
    min_focal: int
    significance: float
    items: list[DifItemOut]


class DecisionsOut(WireModel):
    """``cutScore`` is the cut as a fraction (0-1) of the score; ``thetaCut`` is that cut
    carried to the Rasch scale (null when no item is calibrated); ``precision`` is for the
    average form (``precisionBasis``)."""

    two_pl: TwoPLOut
    theta_cut: float | None
    precision_basis: str
    precision: CutPrecisionOut | None
    decisions: DecisionConsistencyOut | None
    alpha_interval: AlphaIntervalOut | None
    domains: list[DomainReliabilityOut]
    dif: list[DifOut]
    dif_note: str | None
    cut_score: float | None = None  # set from the core's percent in decision_views
