"""Elementary symmetric functions (ESFs) of the Rasch item parameters, in log space.

With eps_j = exp(-b_j), the ESF of order r is

  gamma_r = sum over response patterns x with sum(x) = r of prod_j eps_j^x_j,

the coefficients of prod_j (1 + eps_j z). They are computed with the summation algorithm
(add one item at a time: gamma_r <- gamma_r + eps_j gamma_{r-1}), which only adds positive
numbers. Doing it on logarithms (log(a + b) = logaddexp) removes overflow and underflow
altogether: gamma_r for 200 items and difficulties spread over +-10 logits exceeds the
float64 range, its logarithm never does.

The leave-one-out ESFs gamma^(i) (item i removed) are needed for the conditional item
probabilities. The "difference algorithm" (divide item i back out of gamma) subtracts and
is numerically unstable for easy items, so each gamma^(i) is instead the convolution of the
ESF of the items before i with the ESF of the items after i (prefix and suffix ESFs, again
in log space). Cost O(k^3) elementary operations, vectorised over items.

From these, for a person with raw score r the conditional probability of a correct answer
to item i (it depends on b only, not on the person's ability) is

  pi_ri = P(X_i = 1 | r) = eps_i gamma^(i)_{r-1} / gamma_r,   sum_i pi_ri = r.
"""

from __future__ import annotations

import numpy as np

from itembank.statistics.numeric import FloatArray


def log_esf(log_eps: FloatArray) -> FloatArray:
    """log gamma_r for r = 0..k (log gamma_0 = 0)."""
    result: FloatArray = _prefix_log_esf(log_eps)[-1]
    return result


def leave_one_out_log_esf(log_eps: FloatArray) -> tuple[FloatArray, FloatArray]:
    """(log gamma_r for r = 0..k, log gamma^(i)_m as a k x k array [i, m], m = 0..k-1)."""
    k = len(log_eps)
    prefix = _prefix_log_esf(log_eps)  # prefix[i] = ESF of items 0..i-1
    suffix = _prefix_log_esf(log_eps[::-1])[::-1]  # suffix[i] = ESF of items i..k-1
    without = np.full((k, k), -np.inf)
    before = prefix[:k]  # items before i, for i = 0..k-1
    after = suffix[1:]  # items after i
    for a in range(k):  # order a taken from the items before i
        without[:, a:] = np.logaddexp(without[:, a:], before[:, a, None] + after[:, : k - a])
    return prefix[-1], without


def conditional_probabilities(log_eps: FloatArray) -> tuple[FloatArray, FloatArray]:
    """(log gamma_r for r = 0..k, pi as a (k+1) x k array [r, i]; rows 0 and k are 0 and 1)."""
    log_gamma, without = leave_one_out_log_esf(log_eps)
    k = len(log_eps)
    pi = np.zeros((k + 1, k))
    pi[1:] = np.exp(log_eps[None, :] + without.T - log_gamma[1:, None])
    # exact values lie in [0, 1]; rounding can leave an easy item at 1 + 2e-16
    return log_gamma, np.clip(pi, 0.0, 1.0)


def _prefix_log_esf(log_eps: FloatArray) -> FloatArray:
    k = len(log_eps)
    table = np.full((k + 1, k + 1), -np.inf)
    table[0, 0] = 0.0
    for j in range(k):
        table[j + 1, 0] = 0.0
        table[j + 1, 1:] = np.logaddexp(table[j, 1:], log_eps[j] + table[j, :-1])
    return table
