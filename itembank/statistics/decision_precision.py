"""Precision of pass/fail decisions: information and conditional SEM at the cut, and
classification accuracy and consistency by Rudner's IRT method.

At the cut theta_c of a form (Rasch difficulties, or 2PL slopes and intercepts):

  test information I(theta_c) = sum_j a_j^2 P_j (1 - P_j),   CSEM_theta = 1 / sqrt(I),
  raw-score CSEM = sqrt(sum_j P_j (1 - P_j))  (the SD of the raw score of a candidate
  exactly at the cut), and the expected raw score there, TCC(theta_c).

Decision accuracy and consistency (Rudner 2001, 2005): each examinee's estimate theta_i
with standard error s_i stands for a normal distribution of where their true ability may
be, so the probability that they are truly above the cut is
p_i = Phi((theta_i - theta_c) / s_i), and

  accuracy     = mean_i [ p_i if classified pass else 1 - p_i ]   (P(observed = true))
  consistency  = mean_i [ p_i^2 + (1 - p_i)^2 ]   (two independent parallel sittings agree)
  kappa        = (consistency - chance) / (1 - chance),  chance = pbar^2 + (1 - pbar)^2
  false pass / false fail = mean_i of (1 - p_i) over passes / p_i over fails, as shares
  of all examinees.

Why Rudner's method rather than Livingston-Lewis: Livingston-Lewis models one form's raw
scores with a four-parameter beta true-score distribution and an effective test length;
with forms drawn from a pool there is no single form and the raw scores are not on one
scale. The IRT method works on the calibrated scale where the decision is actually made
(``ability``), uses each examinee's own SE (so examinees on a form that measures poorly
near the cut count as less certain), and needs nothing beyond theta and its SE. Its
assumption is that the estimate's error is normal with the reported SE; Lee (2010)
reports that it agrees closely with his IRT-based method (which needs the full
score distribution per form). Examinees without an estimate are left out.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike
from scipy.special import ndtr

from itembank.statistics.errors import InvalidResponsesError
from itembank.statistics.irt_functions import (
    expected_raw_score,
    raw_score_sem,
    test_information,
)

DECISION_METHOD = "Rudner (IRT): P(true ability above the cut) = Phi((theta - cut) / SE)"


@dataclass(frozen=True, slots=True, kw_only=True)
class CutPrecision:
    theta_cut: float
    information: float
    csem_theta: float
    expected_raw_score: float
    csem_raw: float


@dataclass(frozen=True, slots=True, kw_only=True)
class DecisionConsistency:
    method: str
    examinees: int
    pass_rate: float
    accuracy: float
    consistency: float
    kappa: float | None
    false_pass: float
    false_fail: float


def precision_at_cut(theta_cut: float, slopes: ArrayLike, intercepts: ArrayLike) -> CutPrecision:
    """For Rasch items use ``irt_functions.rasch_parameters(b)`` for (slopes, intercepts)."""
    a = np.asarray(slopes, dtype=np.float64)
    c = np.asarray(intercepts, dtype=np.float64)
    information = float(test_information(theta_cut, a, c)[0])
    return CutPrecision(
        theta_cut=theta_cut,
        information=information,
        csem_theta=1.0 / math.sqrt(information) if information > 0 else math.inf,
        expected_raw_score=float(expected_raw_score(theta_cut, a, c)[0]),
        csem_raw=float(raw_score_sem(theta_cut, a, c)[0]),
    )


def decision_consistency(
    theta: ArrayLike, standard_error: ArrayLike, theta_cut: float
) -> DecisionConsistency:
    estimate = np.asarray(theta, dtype=np.float64)
    se = np.asarray(standard_error, dtype=np.float64)
    if estimate.shape != se.shape or estimate.ndim != 1:
        raise InvalidResponsesError(["theta and standard_error must be equal-length vectors"])
    usable = np.isfinite(estimate) & np.isfinite(se) & (se > 0)
    if not usable.any():
        raise InvalidResponsesError(["no examinee has an ability estimate with a standard error"])
    estimate, se = estimate[usable], se[usable]
    p_true_pass = ndtr((estimate - theta_cut) / se)
    passed = estimate >= theta_cut
    consistency = float(np.mean(p_true_pass**2 + (1.0 - p_true_pass) ** 2))
    mean_p = float(p_true_pass.mean())
    chance = mean_p**2 + (1.0 - mean_p) ** 2
    return DecisionConsistency(
        method=DECISION_METHOD,
        examinees=int(usable.sum()),
        pass_rate=float(passed.mean()),
        accuracy=float(np.mean(np.where(passed, p_true_pass, 1.0 - p_true_pass))),
        consistency=consistency,
        kappa=(consistency - chance) / (1.0 - chance) if chance < 1.0 else None,
        false_pass=float(np.sum(np.where(passed, 1.0 - p_true_pass, 0.0)) / len(estimate)),
        false_fail=float(np.sum(np.where(passed, 0.0, p_true_pass)) / len(estimate)),
    )
