"""Output value objects of the 2PL calibration and its comparison with Rasch (undefined = None)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True, kw_only=True)
class TwoPLItemEstimate:
    """One item: logit P(right | theta) = slope * theta + intercept, theta ~ N(0, 1).

    ``difficulty`` b = -intercept / slope is the theta where P = 0.5; None when |slope| is
    below ``IrtSettings.min_slope`` (the curve is flat). A negative slope means the item
    favours the weaker examinees (often a wrong key). Standard errors come from the inverse
    observed information; the one of b by the delta method.
    """

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


@dataclass(frozen=True, slots=True, kw_only=True)
class ModelFit:
    """A fitted model's marginal log-likelihood and information criteria.

    AIC = -2 l + 2 m; BIC = -2 l + m ln N (m parameters, N examinees), as ltm reports them.
    """

    model: str
    parameters: int
    log_likelihood: float
    aic: float
    bic: float


@dataclass(frozen=True, slots=True, kw_only=True)
class ModelComparison:
    """2PL against the marginal Rasch model it contains (all slopes equal).

    ``likelihood_ratio`` = 2 (l_2PL - l_Rasch), chi-square with ``degrees_of_freedom`` =
    k - 1 under the Rasch model; a small ``p_value`` says the slopes differ. ``preferred_*``
    names the model with the lower criterion.
    """

    rasch: ModelFit
    two_pl: ModelFit
    rasch_common_slope: float
    rasch_difficulties: list[float]
    likelihood_ratio: float
    degrees_of_freedom: int
    p_value: float
    preferred_by_aic: str
    preferred_by_bic: str


@dataclass(frozen=True, slots=True, kw_only=True)
class TwoPLCalibration:
    """Marginal ML 2PL of one exam (or item pool), with the Rasch comparison.

    ``estimable`` is False (with ``message``) when fewer than 3 items can be calibrated;
    ``converged`` is False when EM and the Newton steps ran out of iterations.
    """

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
    items: list[TwoPLItemEstimate]
    comparison: ModelComparison | None
