"""Observed information of the 2PL marginal likelihood, by Louis' (1982) formula.

Standard errors come from the inverse of the *observed* information (the negative Hessian
of the marginal log-likelihood at the estimate), the same quantity ltm differentiates
numerically, computed exactly. For each pattern p, with S_c(theta) the complete-data score
(the gradient of log P(x_p | theta)) and H_c its Hessian,

  -d2 log L_p = E[-H_c | x_p] - Cov[S_c | x_p]          (expectations over the posterior)

Summed over patterns with parameters ordered (a_1..a_k, c_1..c_k) and v_q = (theta_q, 1):

- E[-H_c] is block diagonal per item: sum_q n_jq P_jq (1 - P_jq) v_q v_q';
- sum_p w_p E[S_c S_c'] has (j, l) blocks sum_q v_q v_q' G_q[j, l] with
  G_q = Y_q' diag(w post_q) Y_q and Y_q = right - seen * P_q (item j's residual at node q,
  0 where j was not presented);
- sum_p w_p E[S_c] E[S_c]' is the cross-product of the per-pattern marginal scores.

The G_q are the cost, O(Q N k^2); a pattern whose posterior weight at node q is below 1e-12
adds nothing measurable and is skipped for that node (with many items the posterior is
concentrated on a few nodes, which makes this several times cheaper).

When everyone saw every item (one form), Y_q = X - 1 p_q' and the sum over the nodes
separates: with W[i, q] = w_i post_iq, u_m = W theta^m (one weight per pattern),
C_m = X' (W diag(theta^m)) and P the k x Q matrix of P_jq,

  sum_q theta_q^m G_q = X' diag(u_m) X - C_m P' - P C_m' + P diag(theta^m * 1'W) P',

three k x k Gram products instead of one per node (a test holds both paths equal).
"""

from __future__ import annotations

import numpy as np

from itembank.statistics.irt_em import Posterior, item_logits
from itembank.statistics.irt_patterns import ResponsePatterns
from itembank.statistics.irt_quadrature import Quadrature
from itembank.statistics.numeric import FloatArray, stable_sigmoid

_NEGLIGIBLE = 1e-12


def observed_information(
    patterns: ResponsePatterns,
    posterior: Posterior,
    slopes: FloatArray,
    intercepts: FloatArray,
    quad: Quadrature,
    *,
    separable: bool = True,
) -> FloatArray:
    """``separable`` = False forces the per-node sums even for complete data (for tests)."""
    k = len(slopes)
    nodes = quad.nodes
    p = stable_sigmoid(item_logits(slopes, intercepts, nodes))  # k x Q
    post = posterior.weights
    w = posterior.expected_seen * p * (1.0 - p)
    complete = np.zeros((2 * k, 2 * k))
    diagonal = np.arange(k)
    complete[diagonal, diagonal] = w @ (nodes * nodes)
    complete[diagonal, diagonal + k] = complete[diagonal + k, diagonal] = w @ nodes
    complete[diagonal + k, diagonal + k] = w.sum(axis=1)

    if patterns.complete and separable:
        second = _node_moments_complete(patterns, post, p, nodes)
    else:
        second = _node_moments(patterns, post, p, nodes)
    expected_outer = np.block([[second[2], second[1]], [second[1], second[0]]])

    mean_theta = post @ nodes
    score_c = patterns.right - patterns.seen * (post @ p.T)
    score_a = patterns.right * mean_theta[:, None] - patterns.seen * (post @ (p * nodes).T)
    scores = np.hstack([score_a, score_c])
    outer_mean = (scores * patterns.counts[:, None]).T @ scores

    information: FloatArray = complete - (expected_outer - outer_mean)
    return (information + information.T) / 2.0


def _node_moments(
    patterns: ResponsePatterns, post: FloatArray, p: FloatArray, nodes: FloatArray
) -> FloatArray:
    """[m] = sum_q theta_q^m G_q for m = 0, 1, 2, node by node."""
    k = p.shape[0]
    second = np.zeros((3, k, k))
    for q, theta in enumerate(nodes.tolist()):
        rows = post[:, q] > _NEGLIGIBLE
        if not rows.any():
            continue
        residual = patterns.right[rows] - patterns.seen[rows] * p[None, :, q]
        gram = (residual * (patterns.counts[rows] * post[rows, q])[:, None]).T @ residual
        second[0] += gram
        second[1] += theta * gram
        second[2] += theta * theta * gram
    return second


def _node_moments_complete(
    patterns: ResponsePatterns, post: FloatArray, p: FloatArray, nodes: FloatArray
) -> FloatArray:
    """The same sums for complete data, by the separable form of the module docstring."""
    x = patterns.right
    weights = post * patterns.counts[:, None]  # W, N x Q
    column_totals = weights.sum(axis=0)
    second = np.zeros((3, p.shape[0], p.shape[0]))
    for m in range(3):
        power = nodes**m
        gram = (x * (weights @ power)[:, None]).T @ x
        cross = (x.T @ (weights * power[None, :])) @ p.T
        second[m] = gram - cross - cross.T + (p * (power * column_totals)[None, :]) @ p.T
    return second
