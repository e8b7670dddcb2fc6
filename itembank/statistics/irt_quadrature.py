"""Gauss-Hermite quadrature for a standard normal latent ability.

The marginal likelihood integrates each examinee's likelihood over theta ~ N(0, 1):
int f(theta) phi(theta) dtheta ~= sum_q w_q f(x_q) with x_q = sqrt(2) t_q and
w_q = v_q / sqrt(pi), where (t_q, v_q) are the Gauss-Hermite nodes and weights for the
weight function exp(-t^2) (numpy's ``hermgauss``). The rule is exact for f a polynomial of
degree <= 2Q - 1 (ltm uses Q = 21; the default here is 41, see ``irt_settings``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from itembank.statistics.numeric import FloatArray


@dataclass(frozen=True, slots=True)
class Quadrature:
    nodes: FloatArray
    weights: FloatArray
    """Positive, summing to 1."""

    @property
    def log_weights(self) -> FloatArray:
        result: FloatArray = np.log(self.weights)
        return result


def standard_normal_quadrature(points: int) -> Quadrature:
    t, v = np.polynomial.hermite.hermgauss(points)
    weights = v / math.sqrt(math.pi)
    return Quadrature(nodes=t * math.sqrt(2.0), weights=weights / weights.sum())
