"""Conditional maximum likelihood (CML) for the Rasch model, by Newton-Raphson.

P(X_pi = 1) = logistic(theta_p - b_i). Conditioning on each examinee's raw score r removes
theta: P(x | r) = prod_i eps_i^x_i / gamma_r with eps_i = exp(-b_i) (see ``esf``). With item
totals s_i and n_r examinees per raw score (1 <= r <= k - 1), the log-likelihood is

  l(b) = - sum_i s_i b_i - sum_r n_r log gamma_r(b)

  gradient  dl/db_i = E_i - s_i,           E_i = sum_r n_r pi_ri   (expected item total)
  Hessian   d2l/db db' = -I,               I = sum_r n_r Cov(X | r)

with Cov(X_i, X_i | r) = pi_ri (1 - pi_ri) and, for i != j, Cov = pi_r,ij - pi_ri pi_rj where
pi_r,ij = P(X_i = X_j = 1 | r). Only sums over r of pi_r,ij are needed, and because
gamma^(i) - gamma^(j) = (eps_j - eps_i) gamma^(i,j),

  sum_r n_r pi_r,ij = (E_i - rho E_j) / (1 - rho),   rho = eps_i / eps_j,

so the full Hessian costs no more than the gradient. That formula cancels when items are
equally difficult, so pairs within 1e-7 logits use exchangeability instead: given r,
sum_{j != i} pi_r,ij = (r - 1) pi_ri, so the equal pairs share what the other items leave.
Items with equal totals s_i have equal estimates (the likelihood is symmetric in them), and
the iteration keeps them exactly equal.

Identification: sum_i b_i = 0; steps and the covariance use the pseudo-inverse I+ of the
information (``sum_zero``); the standard errors are sqrt(diag I+).
Steps are halved while they lower the likelihood (a guard; l is concave, Newton rarely
needs it).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from itembank.statistics.esf import conditional_probabilities
from itembank.statistics.numeric import FloatArray, IntArray
from itembank.statistics.sum_zero import centre, newton_step, pseudo_inverse

TIE_TOLERANCE = 1e-7


@dataclass(frozen=True, slots=True)
class CmlEstimate:
    difficulties: FloatArray
    covariance: FloatArray
    log_likelihood: float
    iterations: int
    converged: bool


@dataclass(frozen=True, slots=True)
class _Evaluation:
    log_likelihood: float
    gradient: FloatArray
    information: FloatArray


def estimate_cml(
    item_totals: IntArray,
    score_counts: IntArray,
    *,
    max_iterations: int,
    tolerance: float,
) -> CmlEstimate:
    """CML difficulties for k >= 2 items with 0 < s_i < (number of examinees), connected data.

    ``score_counts[r]`` is the number of examinees with raw score r = 0..k; only 1..k-1 count.
    """
    s = item_totals.astype(np.float64)
    n_r = score_counts.astype(np.float64).copy()
    n_r[0] = n_r[-1] = 0.0
    persons = float(n_r.sum())
    ties = _tie_groups(item_totals)
    b = _snap(centre(np.log((persons - s) / s)), ties)
    current = _evaluate(b, s, n_r)
    converged = False
    iterations = 0
    while iterations < max_iterations and not converged:
        iterations += 1
        step = newton_step(current.information, current.gradient)
        length = 1.0
        while True:
            candidate = _snap(centre(b + length * step), ties)
            trial = _evaluate(candidate, s, n_r)
            if (
                trial.log_likelihood >= current.log_likelihood - 1e-9 * abs(current.log_likelihood)
                or length < 1e-6
            ):
                break
            length /= 2.0
        converged = float(np.abs(candidate - b).max()) < tolerance
        b, current = candidate, trial
    return CmlEstimate(
        difficulties=b,
        covariance=pseudo_inverse(current.information),
        log_likelihood=current.log_likelihood,
        iterations=iterations,
        converged=converged,
    )


def _evaluate(b: FloatArray, s: FloatArray, n_r: FloatArray) -> _Evaluation:
    k = len(b)
    log_gamma, pi = conditional_probabilities(-b)
    weighted = n_r[:, None] * pi
    expected = weighted.sum(axis=0)
    log_likelihood = float(-(s @ b) - n_r[1:k] @ log_gamma[1:k])
    pair_sums = _pair_sums(b, expected, (np.arange(k + 1) - 1.0) @ weighted)
    information = np.diag(expected) - pi.T @ weighted + pair_sums
    return _Evaluation(log_likelihood, expected - s, (information + information.T) / 2.0)


def _pair_sums(b: FloatArray, expected: FloatArray, pair_totals: FloatArray) -> FloatArray:
    """Q[i, j] = sum_r n_r pi_r,ij for i != j, 0 on the diagonal.

    ``pair_totals[i]`` = sum_r n_r (r - 1) pi_ri = sum_{j != i} Q[i, j].
    """
    difference = b[None, :] - b[:, None]  # b_j - b_i, so rho_ij = exp(difference)
    tied = np.abs(difference) < TIE_TOLERANCE
    rho = np.exp(difference)
    one_minus_rho = np.where(tied, 1.0, -np.expm1(difference))
    pairs = np.where(tied, 0.0, (expected[:, None] - rho * expected[None, :]) / one_minus_rho)
    np.fill_diagonal(tied, False)
    peers = tied.sum(axis=1)
    if peers.any():
        shared = (pair_totals - pairs.sum(axis=1)) / np.maximum(peers, 1)
        pairs = np.where(tied, shared[:, None], pairs)
    return pairs


def _tie_groups(item_totals: IntArray) -> IntArray:
    _, groups = np.unique(item_totals, return_inverse=True)
    return groups.astype(np.int64)


def _snap(b: FloatArray, groups: IntArray) -> FloatArray:
    """Make items with equal totals exactly equal (their estimates are equal in theory)."""
    means: FloatArray = np.bincount(groups, weights=b) / np.bincount(groups)
    return means[groups]
