"""Pairwise conditional maximum likelihood (PCML) for the Rasch model, for incomplete data.

Why: with forms drawn from a pool, full CML needs the elementary symmetric functions of every
distinct form (one conditional likelihood per booklet), which is expensive when nearly every
attempt has its own form. Conditioning on pairs instead (Choppin 1968; Zwinderman 1995)
removes theta just as well and needs only the k x k counts n_ij = "examinees who saw both
i and j, answered i right and j wrong" (``pairwise_data``). Given that exactly one of i, j
was answered correctly,

  P(i right, j wrong | one right) = exp(theta - b_i) / (exp(theta - b_i) + exp(theta - b_j))
                                  = exp(b_j) / (exp(b_i) + exp(b_j)) = pi_ij,

free of theta, so the pairwise log-likelihood

  l(b) = sum_{i != j} n_ij log pi_ij = - sum_{i != j} n_ij log(1 + exp(b_i - b_j))

is a Bradley-Terry likelihood. With m_ij = n_ij + n_ji:

  gradient     g_i = sum_j n_ji - sum_j m_ij pi_ji        (losses observed - expected)
  information  I = diag(sum_j A_ij) - A,  A_ij = m_ij pi_ij pi_ji

l is concave; Newton-Raphson from the log odds of losses to wins, with step halving as a
guard, converges in a handful of steps. Identification: sum_i b_i = 0 (``sum_zero``). The
estimator is consistent (each pairwise term is a proper conditional likelihood) but not
fully efficient: pairs share examinees, so it discards the information full CML keeps.

Standard errors: the pairs are *not* independent (one examinee enters up to L(L-1)/2 of
them), so I+ (the "naive" inverse information) understates the variance. The sandwich
(Godambe) covariance I+ J I+ is used, with J = sum_p u_p u_p' the outer products of each
examinee's own contribution to the gradient:

  u_pi = wrong_pi T_p - right_pi (wrong_p . pi_.i) - wrong_pi (right_p . pi_.i)

(T_p = examinee p's correct answers among the calibrated items). Examinees are independent,
so this is consistent as N grows; its limitation is that it is itself estimated from the
data and is noisy when few examinees saw an item (tens rather than hundreds).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from itembank.statistics.numeric import FloatArray, stable_sigmoid
from itembank.statistics.sum_zero import centre, newton_step, pseudo_inverse


@dataclass(frozen=True, slots=True)
class PairwiseEstimate:
    difficulties: FloatArray
    covariance: FloatArray
    """Sandwich covariance I+ J I+ of the sum-zero estimates."""
    naive_covariance: FloatArray
    """I+ alone (treats the pairs as independent; too small); kept for comparison."""
    log_likelihood: float
    iterations: int
    converged: bool


def estimate_pairwise(
    counts: FloatArray,
    right: FloatArray,
    seen: FloatArray,
    *,
    max_iterations: int,
    tolerance: float,
) -> PairwiseEstimate:
    """PCML difficulties from connected counts n_ij (every item wins and loses a pair)."""
    wins, losses = counts.sum(axis=1), counts.sum(axis=0)
    b = centre(np.log(losses / wins))
    current = _log_likelihood(b, counts)
    converged = False
    iterations = 0
    while iterations < max_iterations and not converged:
        iterations += 1
        gradient, information = _derivatives(b, counts)
        step = newton_step(information, gradient)
        length = 1.0
        while True:
            candidate = centre(b + length * step)
            trial = _log_likelihood(candidate, counts)
            if trial >= current - 1e-12 * abs(current) or length < 1e-6:
                break
            length /= 2.0
        converged = float(np.abs(candidate - b).max()) < tolerance
        b, current = candidate, trial
    _, information = _derivatives(b, counts)
    naive = pseudo_inverse(information)
    contributions = _person_scores(b, right, seen)
    covariance = naive @ (contributions.T @ contributions) @ naive
    return PairwiseEstimate(
        difficulties=b,
        covariance=(covariance + covariance.T) / 2.0,
        naive_covariance=naive,
        log_likelihood=current,
        iterations=iterations,
        converged=converged,
    )


def _log_likelihood(b: FloatArray, counts: FloatArray) -> float:
    return float(-(counts * np.logaddexp(0.0, b[:, None] - b[None, :])).sum())


def _derivatives(b: FloatArray, counts: FloatArray) -> tuple[FloatArray, FloatArray]:
    lose = stable_sigmoid(b[:, None] - b[None, :])  # [i, j] = pi_ji: i wrong, j right
    pairs = counts + counts.T
    gradient = counts.sum(axis=0) - (pairs * lose).sum(axis=1)
    weights = pairs * lose * (1.0 - lose)
    np.fill_diagonal(weights, 0.0)
    information = np.diag(weights.sum(axis=1)) - weights
    return gradient, information


def _person_scores(b: FloatArray, right: FloatArray, seen: FloatArray) -> FloatArray:
    """u_p (N x k): each examinee's term of the gradient, summing over p to g."""
    wrong = seen - right
    lose = stable_sigmoid(b[None, :] - b[:, None])  # [j, i] = pi_ji
    np.fill_diagonal(lose, 0.0)
    totals = right.sum(axis=1, keepdims=True)
    scores: FloatArray = wrong * totals - right * (wrong @ lose) - wrong * (right @ lose)
    return scores
