"""Marginal ML for the 2PL and the common-slope Rasch model: EM (Bock & Aitkin, 1981).

Model (logistic metric, no D = 1.702 scaling): P_j(theta) = logistic(a_j theta + c_j) with
theta ~ N(0, 1); slope a_j, intercept c_j, difficulty b_j = -c_j / a_j. The marginal
log-likelihood over response patterns p (count w_p; only presented items enter) is

  l = sum_p w_p log sum_q w_q prod_{j seen by p} P_jq^x_pj (1 - P_jq)^(1 - x_pj)

on the Gauss-Hermite nodes theta_q (``irt_quadrature``). One EM cycle:

- E: the posterior post_pq of each pattern over the nodes, and the expected counts
  n_jq = sum_p w_p seen_pj post_pq (examinees at node q who saw j) and
  r_jq = sum_p w_p right_pj post_pq (of them, right);
- M: for each item, the logistic regression of r_jq out of n_jq on theta_q, by Newton's
  method (concave; gradient sum_q (r - n P)(theta, 1), information
  sum_q n P (1 - P) (theta, 1)(theta, 1)'). Items not presented contribute nothing.

The Rasch comparison model ties the slopes: a_j = a for all j with theta ~ N(0, 1), i.e.
logit = a (theta - b_j): the Rasch model with a latent N(0, a^2), which is what ltm's
``rasch()`` fits and what the marginal Rasch model of the literature is. Its M-step solves
the (k + 1)-parameter arrow-shaped Newton system by the Schur complement.

Newton steps are scaled to move no parameter by more than 1 per step, which keeps the first
cycles (from a crude start) from overshooting. The gradient of l equals the M-step gradient
at the current posterior (Fisher's identity), so a converged EM has a zero gradient.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from itembank.statistics.irt_patterns import ResponsePatterns
from itembank.statistics.irt_quadrature import Quadrature
from itembank.statistics.numeric import FloatArray, stable_sigmoid

_MAX_STEP = 1.0
_INNER_NEWTON = 3
_NEGLIGIBLE_LOG = -60.0


@dataclass(frozen=True, slots=True)
class Posterior:
    weights: FloatArray
    """P x Q: posterior of each pattern over the nodes."""
    log_likelihood: float
    expected_seen: FloatArray
    """k x Q: n_jq."""
    expected_right: FloatArray
    """k x Q: r_jq."""


@dataclass(frozen=True, slots=True)
class EmResult:
    slopes: FloatArray
    intercepts: FloatArray
    posterior: Posterior
    iterations: int
    converged: bool


def item_logits(slopes: FloatArray, intercepts: FloatArray, nodes: FloatArray) -> FloatArray:
    """k x Q: a_j theta_q + c_j."""
    result: FloatArray = slopes[:, None] * nodes[None, :] + intercepts[:, None]
    return result


def e_step(
    patterns: ResponsePatterns, slopes: FloatArray, intercepts: FloatArray, quad: Quadrature
) -> Posterior:
    z = item_logits(slopes, intercepts, quad.nodes)
    log_q = -np.logaddexp(0.0, z)
    # sum_j seen (x log P + (1 - x) log(1 - P)) = sum_j x z + sum_j seen log(1 - P)
    log_joint = patterns.right @ z
    if patterns.complete:
        log_joint += (log_q.sum(axis=0) + quad.log_weights)[None, :]
    else:
        log_joint += patterns.seen @ log_q + quad.log_weights[None, :]
    peak = log_joint.max(axis=1, keepdims=True)
    # Nodes more than e^-60 below a pattern's best node weigh nothing; clipping them keeps
    # exp() out of the (slow) subnormal range. In place: P x Q arrays are the E-step's
    # memory traffic, and it runs some thirty times per report.
    post = log_joint
    np.subtract(post, peak, out=post)
    np.maximum(post, _NEGLIGIBLE_LOG, out=post)
    np.exp(post, out=post)
    marginal = post.sum(axis=1, keepdims=True)
    post /= marginal
    log_marginal = (np.log(marginal) + peak)[:, 0]
    # With every count 1 the product would be post itself, bit for bit.
    weighted = post * patterns.counts[:, None] if patterns.repeated else post
    if patterns.complete:
        expected_seen = np.repeat(weighted.sum(axis=0)[None, :], len(slopes), axis=0)
    else:
        expected_seen = patterns.seen.T @ weighted
    return Posterior(
        weights=post,
        log_likelihood=float(patterns.counts @ log_marginal),
        expected_seen=expected_seen,
        expected_right=patterns.right.T @ weighted,
    )


def gradient(
    posterior: Posterior, slopes: FloatArray, intercepts: FloatArray, quad: Quadrature
) -> FloatArray:
    """dl / d(a_1..a_k, c_1..c_k) at the parameters the posterior was computed with."""
    p = stable_sigmoid(item_logits(slopes, intercepts, quad.nodes))
    residual = posterior.expected_right - posterior.expected_seen * p
    return np.concatenate([residual @ quad.nodes, residual.sum(axis=1)])


def estimate_em(
    patterns: ResponsePatterns,
    quad: Quadrature,
    *,
    common_slope: bool,
    max_iterations: int,
    tolerance: float,
    start: FloatArray | None = None,
) -> EmResult:
    """EM accelerated by SQUAREM (Varadhan & Roland, 2008), monotone by construction.

    One cycle from x0: two EM updates x1 = F(x0), x2 = F(x1); with r = x1 - x0 and
    v = x2 - x1 - r, the extrapolation x' = x0 - 2 s r + s^2 v (s = -|r| / |v|, at most -1)
    followed by one more EM update. If that lowers the likelihood below the one at x2, the
    cycle keeps x2 (two plain EM steps). ``iterations`` counts EM updates.
    ``start``: (slopes, intercepts) to start from, else a = 1 and c from the p-values.
    """
    k = patterns.right.shape[1]
    if start is None:
        p = (patterns.counts @ patterns.right) / (patterns.counts @ patterns.seen)
        # with a = 1 the marginal P(right) of an item is about logistic(c / 1.2)
        x0 = np.concatenate([np.ones(k), 1.2 * np.log(p / (1.0 - p))])
    else:
        x0 = start.astype(np.float64, copy=True)
    post0 = e_step(patterns, x0[:k], x0[k:], quad)
    m_step = _m_step_common if common_slope else _m_step_free

    def update(x: FloatArray, posterior: Posterior) -> tuple[FloatArray, Posterior]:
        slopes, intercepts = m_step(posterior, x[:k], x[k:], quad.nodes)
        new = np.concatenate([slopes, intercepts])
        return new, e_step(patterns, slopes, intercepts, quad)

    iterations = 0
    converged = False
    while iterations < max_iterations and not converged:
        x1, post1 = update(x0, post0)
        x2, post2 = update(x1, post1)
        iterations += 2
        r = x1 - x0
        v = x2 - x1 - r
        norm_v = float(np.linalg.norm(v))
        candidate, candidate_post = x2, post2
        if norm_v > 0.0:
            step = min(-float(np.linalg.norm(r)) / norm_v, -1.0)
            extrapolated = x0 - 2.0 * step * r + step * step * v
            trial = e_step(patterns, extrapolated[:k], extrapolated[k:], quad)
            if np.isfinite(trial.log_likelihood):
                x3, post3 = update(extrapolated, trial)
                iterations += 1
                if post3.log_likelihood >= post2.log_likelihood:
                    candidate, candidate_post = x3, post3
        converged = float(np.abs(candidate - x0).max()) < tolerance or (
            float(np.abs(x2 - x1).max()) < tolerance
            and candidate_post.log_likelihood >= post2.log_likelihood
        )
        x0, post0 = candidate, candidate_post
    return EmResult(x0[:k].copy(), x0[k:].copy(), post0, iterations, converged)


def _m_step_free(
    posterior: Posterior, slopes: FloatArray, intercepts: FloatArray, nodes: FloatArray
) -> tuple[FloatArray, FloatArray]:
    a, c = slopes.copy(), intercepts.copy()
    n, r = posterior.expected_seen, posterior.expected_right
    for _ in range(_INNER_NEWTON):
        p = stable_sigmoid(item_logits(a, c, nodes))
        residual = r - n * p
        w = n * p * (1.0 - p)
        g_a, g_c = residual @ nodes, residual.sum(axis=1)
        h_aa, h_ac, h_cc = w @ (nodes * nodes), w @ nodes, w.sum(axis=1)
        det = h_aa * h_cc - h_ac * h_ac
        safe = det > 1e-12 * np.maximum(h_aa * h_cc, 1e-300)
        det = np.where(safe, det, 1.0)
        step_a = np.where(safe, (h_cc * g_a - h_ac * g_c) / det, 0.0)
        step_c = np.where(safe, (h_aa * g_c - h_ac * g_a) / det, 0.0)
        scale = _MAX_STEP / np.maximum(np.maximum(np.abs(step_a), np.abs(step_c)), _MAX_STEP)
        a += scale * step_a
        c += scale * step_c
    return a, c


def _m_step_common(
    posterior: Posterior, slopes: FloatArray, intercepts: FloatArray, nodes: FloatArray
) -> tuple[FloatArray, FloatArray]:
    a, c = float(slopes[0]), intercepts.copy()
    n, r = posterior.expected_seen, posterior.expected_right
    for _ in range(_INNER_NEWTON):
        p = stable_sigmoid(item_logits(np.full(len(c), a), c, nodes))
        residual = r - n * p
        w = n * p * (1.0 - p)
        g_a, g_c = float((residual @ nodes).sum()), residual.sum(axis=1)
        h_aa, h_ac, h_cc = float((w @ (nodes * nodes)).sum()), w @ nodes, w.sum(axis=1)
        h_cc = np.maximum(h_cc, 1e-300)
        schur = h_aa - float((h_ac * h_ac / h_cc).sum())
        step_a = (g_a - float((h_ac * g_c / h_cc).sum())) / schur if schur > 0 else 0.0
        step_c = (g_c - h_ac * step_a) / h_cc
        largest = max(abs(step_a), float(np.abs(step_c).max()), _MAX_STEP)
        a += _MAX_STEP / largest * step_a
        c += _MAX_STEP / largest * step_c
    return np.full(len(c), a), c
