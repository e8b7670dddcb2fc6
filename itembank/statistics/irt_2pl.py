"""The 2PL calibration of one exam by marginal ML, beside the marginal Rasch model.

Why a 2PL next to the Rasch calibration: a Rasch difficulty says where an item sits, not
how sharply it separates weaker from stronger examinees. The slope does: a mis-keyed or
ambiguous item shows a slope near zero or negative, where Rasch can only report misfit.

Conventions (``irt_em``): logit P = a theta + c, logistic metric without the D = 1.702
factor (multiply a by 1/1.702 for the normal-ogive metric), theta ~ N(0, 1), b = -c / a
(None when |a| < ``min_slope``). Items not presented to an examinee are missing by design
and do not enter that examinee's likelihood, so pool-drawn forms calibrate on one scale.

Steps: set aside items nobody saw and items everyone (or no one) who saw them answered
correctly, which have no finite intercept, and examinees who saw none of the rest; EM to
``em_tolerance``; then Newton steps with the observed information (``irt_information``)
until the largest step is below the tolerance, the same information giving the standard
errors. The comparison model is the marginal Rasch model (one common slope, the same
quadrature and data), so the two log-likelihoods are comparable and nested: AIC, BIC and
the likelihood-ratio test with k - 1 degrees of freedom (``model_comparison``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from itembank.statistics.irt_em import EmResult, Posterior, e_step, estimate_em, gradient
from itembank.statistics.irt_information import observed_information
from itembank.statistics.irt_patterns import ResponsePatterns, response_patterns
from itembank.statistics.irt_quadrature import Quadrature, standard_normal_quadrature
from itembank.statistics.irt_results import (
    ModelComparison,
    TwoPLCalibration,
    TwoPLItemEstimate,
)
from itembank.statistics.irt_settings import IrtSettings
from itembank.statistics.model_comparison import likelihood_ratio_test, model_fit
from itembank.statistics.numeric import BoolArray, FloatArray, IntArray, optional_float
from itembank.statistics.responses import ExamResponses

METHOD = "marginal ML (Bock-Aitkin EM, Gauss-Hermite quadrature, Newton steps to finish)"
METRIC = "logistic (no D = 1.702 scaling): logit P = a theta + c, b = -c / a, theta ~ N(0, 1)"
STANDARD_ERRORS = "inverse observed information (Louis 1982); SE(b) by the delta method"
MIN_ITEMS = 3
STEEP_SLOPE = 10.0


@dataclass(frozen=True, slots=True)
class TwoPLFit:
    """The estimate over the calibrated items (``items`` masks the exam's columns)."""

    items: BoolArray
    persons: BoolArray
    slopes: FloatArray
    intercepts: FloatArray
    covariance: FloatArray | None
    log_likelihood: float
    iterations: int
    converged: bool
    patterns: ResponsePatterns
    quadrature: Quadrature


def calibrate_2pl(data: ExamResponses, settings: IrtSettings | None = None) -> TwoPLCalibration:
    settings = settings or IrtSettings()
    seen = data.presented if data.presented is not None else np.ones(data.scores.shape, bool)
    n_seen = seen.sum(axis=0, dtype=np.int64)
    reasons = _item_reasons(data.scores, seen)
    usable = np.array([reason is None for reason in reasons])
    if int(usable.sum()) < MIN_ITEMS:
        return _not_estimable(data, reasons, n_seen, settings)
    fit = fit_2pl(data.scores, seen, usable, settings)
    # start the Rasch model from the 2PL: common slope = geometric mean of |a|, the same b
    # where the 2PL locates the item (|a| >= 0.25; else b = 0)
    common = float(np.exp(np.log(np.clip(np.abs(fit.slopes), 0.05, None)).mean()))
    locatable = np.abs(fit.slopes) >= 0.25
    b_start = np.where(locatable, -fit.intercepts / np.where(locatable, fit.slopes, 1.0), 0.0)
    start = np.concatenate([np.full(len(fit.slopes), common), np.clip(-common * b_start, -15, 15)])
    rasch = estimate_em(
        fit.patterns,
        fit.quadrature,
        common_slope=True,
        max_iterations=settings.max_em_iterations,
        tolerance=settings.em_tolerance,
        start=start if np.isfinite(start).all() else None,
    )
    comparison = _compare(fit, rasch)
    se = (
        np.sqrt(np.clip(np.diag(fit.covariance), 0.0, None))
        if fit.covariance is not None
        else np.full(2 * len(fit.slopes), np.nan)
    )
    k = len(fit.slopes)
    difficulty_se = _difficulty_se(fit)
    position = {column: index for index, column in enumerate(np.flatnonzero(usable).tolist())}
    items = []
    for column, item_id in enumerate(data.item_ids):
        index = position.get(column)
        if index is None:
            items.append(_item_not_estimable(item_id, reasons[column], int(n_seen[column])))
            continue
        a, c = float(fit.slopes[index]), float(fit.intercepts[index])
        located = abs(a) >= settings.min_slope
        items.append(
            TwoPLItemEstimate(
                item_id=item_id,
                estimable=True,
                not_estimable_reason=None,
                n=int(n_seen[column]),
                slope=a,
                intercept=c,
                difficulty=-c / a if located else None,
                slope_se=optional_float(se[index]),
                intercept_se=optional_float(se[k + index]),
                difficulty_se=optional_float(difficulty_se[index]) if located else None,
            )
        )
    return TwoPLCalibration(
        method=METHOD,
        metric=METRIC,
        standard_errors=STANDARD_ERRORS,
        quadrature_points=settings.quadrature_points,
        estimable=True,
        message=None if fit.converged else _not_converged(fit, data.item_ids),
        converged=fit.converged,
        iterations=fit.iterations,
        persons_used=int(fit.persons.sum()),
        log_likelihood=fit.log_likelihood,
        items=items,
        comparison=comparison,
    )


def fit_2pl(
    scores: NDArray[np.uint8], seen: BoolArray, items: BoolArray, settings: IrtSettings
) -> TwoPLFit:
    """MML 2PL over the columns in ``items`` (each with 0 < p < 1 among those who saw it)."""
    persons: BoolArray = np.asarray(seen[:, items].any(axis=1), dtype=bool)
    patterns = response_patterns(scores[persons][:, items], seen[persons][:, items])
    quad = standard_normal_quadrature(settings.quadrature_points)
    em = estimate_em(
        patterns,
        quad,
        common_slope=False,
        max_iterations=settings.max_em_iterations,
        tolerance=settings.em_tolerance,
    )
    slopes, intercepts, posterior, information, converged, steps = _newton_finish(
        patterns, quad, em, settings
    )
    return TwoPLFit(
        items=items,
        persons=persons,
        slopes=slopes,
        intercepts=intercepts,
        covariance=_inverse(information),
        log_likelihood=posterior.log_likelihood,
        iterations=em.iterations + steps,
        converged=converged,
        patterns=patterns,
        quadrature=quad,
    )


def _newton_finish(
    patterns: ResponsePatterns, quad: Quadrature, em: EmResult, settings: IrtSettings
) -> tuple[FloatArray, FloatArray, Posterior, FloatArray, bool, int]:
    """Newton steps on the marginal likelihood from the EM estimate.

    The observed information is computed at the EM estimate and reused for every step (the
    chord method: each step costs one E-step instead of one information matrix, and this
    close to the optimum it converges almost as fast as full Newton). A step is accepted
    only if the likelihood does not fall (else halved). Converged when a full step moves no
    parameter by more than ``tolerance``. The information is recomputed at the final
    estimate when the steps moved it by more than 1e-3, so the standard errors belong to
    the estimate reported. Returns (a, c, posterior, information, converged, steps).
    """
    a, c, posterior = em.slopes, em.intercepts, em.posterior
    k = len(a)
    information = observed_information(patterns, posterior, a, c, quad)
    start = np.concatenate([a, c])
    try:
        factor = np.linalg.cholesky(information)
    except np.linalg.LinAlgError:
        return a, c, posterior, information, False, 0
    converged = False
    steps = 0
    while steps < settings.newton_steps:
        g = gradient(posterior, a, c, quad)
        step = np.linalg.solve(factor.T, np.linalg.solve(factor, g))
        if float(np.abs(step).max()) < settings.tolerance:
            converged = True
            break
        steps += 1
        length = min(1.0, 1.0 / float(np.abs(step).max()))
        for _ in range(20):
            trial_a, trial_c = a + length * step[:k], c + length * step[k:]
            trial = e_step(patterns, trial_a, trial_c, quad)
            if trial.log_likelihood >= posterior.log_likelihood - 1e-9 * abs(
                posterior.log_likelihood
            ):
                a, c, posterior = trial_a, trial_c, trial
                break
            length /= 2.0
        else:
            break
    if float(np.abs(np.concatenate([a, c]) - start).max()) > 1e-3:
        information = observed_information(patterns, posterior, a, c, quad)
    return a, c, posterior, information, converged, steps


def _compare(fit: TwoPLFit, rasch: EmResult) -> ModelComparison:
    k = len(fit.slopes)
    examinees = round(fit.patterns.examinees)
    two_pl = model_fit("2PL", 2 * k, fit.log_likelihood, examinees)
    nested = model_fit(
        "Rasch (marginal, common slope)", k + 1, rasch.posterior.log_likelihood, examinees
    )
    statistic, df, p_value = likelihood_ratio_test(two_pl, nested)
    common = float(rasch.slopes[0])
    return ModelComparison(
        rasch=nested,
        two_pl=two_pl,
        rasch_common_slope=common,
        rasch_difficulties=(-rasch.intercepts / common).tolist(),
        likelihood_ratio=statistic,
        degrees_of_freedom=df,
        p_value=p_value,
        preferred_by_aic="2PL" if two_pl.aic < nested.aic else "Rasch",
        preferred_by_bic="2PL" if two_pl.bic < nested.bic else "Rasch",
    )


def _not_converged(fit: TwoPLFit, item_ids: tuple[str, ...]) -> str:
    """Non-convergence nearly always means a slope running off to infinity: an item that
    splits the examinees (almost) perfectly, which no finite 2PL slope fits."""
    columns = np.flatnonzero(fit.items)
    steep = [item_ids[columns[i]] for i in np.flatnonzero(np.abs(fit.slopes) > STEEP_SLOPE)]
    message = "EM and Newton steps did not converge"
    if steep:
        message += (
            f"; slopes above {STEEP_SLOPE:g} (an item separating examinees almost perfectly,"
            f" with no finite slope): {', '.join(steep)}"
        )
    return message


def _difficulty_se(fit: TwoPLFit) -> FloatArray:
    """Delta method: b = -c / a, grad = (c / a^2, -1 / a)."""
    k = len(fit.slopes)
    if fit.covariance is None:
        return np.full(k, np.nan)
    a, c = fit.slopes, fit.intercepts
    index = np.arange(k)
    var_a = fit.covariance[index, index]
    var_c = fit.covariance[index + k, index + k]
    cov_ac = fit.covariance[index, index + k]
    with np.errstate(divide="ignore", invalid="ignore"):
        variance = c * c / a**4 * var_a + var_c / (a * a) - 2.0 * c / a**3 * cov_ac
    result: FloatArray = np.sqrt(np.where(variance >= 0.0, variance, np.nan))
    return result


def _inverse(information: FloatArray) -> FloatArray | None:
    try:
        np.linalg.cholesky(information)
    except np.linalg.LinAlgError:
        return None  # not positive definite: no standard errors at this point
    return np.asarray(np.linalg.inv(information), dtype=np.float64)


def _item_reasons(scores: NDArray[np.uint8], seen: BoolArray) -> list[str | None]:
    n = seen.sum(axis=0)
    right = scores.sum(axis=0, dtype=np.int64)
    reasons: list[str | None] = []
    for j in range(scores.shape[1]):
        if n[j] == 0:
            reasons.append("presented to nobody")
        elif right[j] == 0:
            reasons.append("nobody who saw it answered it correctly (p = 0)")
        elif right[j] == n[j]:
            reasons.append("everyone who saw it answered it correctly (p = 1)")
        else:
            reasons.append(None)
    return reasons


def _item_not_estimable(item_id: str, reason: str | None, n: int) -> TwoPLItemEstimate:
    return TwoPLItemEstimate(
        item_id=item_id,
        estimable=False,
        not_estimable_reason=reason or "no calibration was possible",
        n=n,
        slope=None,
        intercept=None,
        difficulty=None,
        slope_se=None,
        intercept_se=None,
        difficulty_se=None,
    )


def _not_estimable(
    data: ExamResponses, reasons: list[str | None], n_seen: IntArray, settings: IrtSettings
) -> TwoPLCalibration:
    message = f"fewer than {MIN_ITEMS} items have 0 < p < 1: a 2PL is not identified"
    return TwoPLCalibration(
        method=METHOD,
        metric=METRIC,
        standard_errors=STANDARD_ERRORS,
        quadrature_points=settings.quadrature_points,
        estimable=False,
        message=message,
        converged=False,
        iterations=0,
        persons_used=0,
        log_likelihood=None,
        items=[
            _item_not_estimable(item_id, reasons[j] or message, int(n_seen[j]))
            for j, item_id in enumerate(data.item_ids)
        ],
        comparison=None,
    )
