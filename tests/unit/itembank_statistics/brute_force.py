"""Independent Rasch CML reference by direct enumeration of all 2^k response patterns.

Used to check the package's summation-algorithm / Newton-Raphson code: nothing here shares
code with it. The conditional log-likelihood of a pattern x with raw score r is
-x.b - log sum_{y: |y| = r} exp(-y.b); it is maximised with a plain Nelder-Mead simplex over
b_1..b_{k-1} (b_k = -sum of the others, so sum b = 0), and the covariance is the inverse of
a central finite-difference Hessian in the same parametrisation.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

import numpy as np
from numpy.typing import NDArray

Array = NDArray[Any]


def all_patterns(k: int) -> Array:
    return np.array(list(itertools.product((0, 1), repeat=k)), dtype=float)


def conditional_log_likelihood(b: Array, scores: Array) -> float:
    k = scores.shape[1]
    every = all_patterns(k)
    every_scores = every.sum(axis=1)
    log_weights = -every @ b
    total = 0.0
    rows, counts = np.unique(scores, axis=0, return_counts=True)
    for row, count in zip(rows.astype(float), counts, strict=True):
        r = row.sum()
        if r in (0, k):
            continue
        same = log_weights[every_scores == r]
        top = same.max()
        total += count * (-row @ b - (top + np.log(np.exp(same - top).sum())))
    return total


def conditional_expected_totals(b: Array, scores: Array) -> Array:
    """sum over examinees of P(X_i = 1 | their raw score), by enumeration."""
    k = scores.shape[1]
    every = all_patterns(k)
    every_scores = every.sum(axis=1)
    weights = np.exp(-every @ b)
    expected = np.zeros(k)
    raw_scores, counts = np.unique(scores.sum(axis=1), return_counts=True)
    for r, count in zip(raw_scores, counts, strict=True):
        if r in (0, k):
            continue
        same = every_scores == r
        expected += count * (weights[same] @ every[same]) / weights[same].sum()
    return expected


def to_b(free: Array) -> Array:
    return np.append(free, -free.sum())


def nelder_mead(
    f: Callable[[Array], float], x0: Array, step: float = 0.5, tol: float = 1e-11
) -> Array:
    """Minimise f from x0 (reflection 1, expansion 2, contraction 1/2, shrink 1/2)."""
    n = len(x0)
    simplex = [x0.copy()] + [x0 + step * np.eye(n)[i] for i in range(n)]
    values = [f(x) for x in simplex]
    for _ in range(50_000):
        order = np.argsort(values)
        simplex = [simplex[i] for i in order]
        values = [values[i] for i in order]
        spread = max(np.abs(x - simplex[0]).max() for x in simplex[1:])
        if values[-1] - values[0] < tol and spread < 1e-9:
            break
        centroid = np.mean(simplex[:-1], axis=0)
        reflected = centroid + (centroid - simplex[-1])
        f_reflected = f(reflected)
        if f_reflected < values[0]:
            expanded = centroid + 2.0 * (centroid - simplex[-1])
            f_expanded = f(expanded)
            if f_expanded < f_reflected:
                simplex[-1], values[-1] = expanded, f_expanded
            else:
                simplex[-1], values[-1] = reflected, f_reflected
        elif f_reflected < values[-2]:
            simplex[-1], values[-1] = reflected, f_reflected
        else:
            contracted = centroid + 0.5 * (simplex[-1] - centroid)
            f_contracted = f(contracted)
            if f_contracted < values[-1]:
                simplex[-1], values[-1] = contracted, f_contracted
            else:
                lowest = simplex[0]
                simplex = [lowest] + [lowest + 0.5 * (x - lowest) for x in simplex[1:]]
                values = [values[0]] + [f(x) for x in simplex[1:]]
    return np.asarray(simplex[int(np.argmin(values))], dtype=np.float64)


def brute_force_cml(scores: Array) -> Array:
    """Sum-zero CML difficulties by enumeration + Nelder-Mead (all items must be estimable)."""
    p = scores.mean(axis=0)
    start = np.log((1 - p) / p)
    start = start - start.mean()
    free = nelder_mead(lambda x: -conditional_log_likelihood(to_b(x), scores), start[:-1])
    # polish: restart the simplex small around the optimum
    free = nelder_mead(lambda x: -conditional_log_likelihood(to_b(x), scores), free, step=0.01)
    return to_b(free)


def brute_force_covariance(b: Array, scores: Array, h: float = 1e-4) -> Array:
    """Covariance of the sum-zero estimates: A (-H)^-1 A' with H the Hessian in b_1..b_{k-1}."""
    k = len(b)
    free = b[:-1]
    m = k - 1
    hessian = np.zeros((m, m))

    def f(x: Array) -> float:
        return conditional_log_likelihood(to_b(x), scores)

    for i in range(m):
        for j in range(m):
            ei, ej = np.eye(m)[i] * h, np.eye(m)[j] * h
            hessian[i, j] = (
                f(free + ei + ej) - f(free + ei - ej) - f(free - ei + ej) + f(free - ei - ej)
            ) / (4 * h * h)
    a = np.vstack([np.eye(m), -np.ones(m)])
    covariance: Array = a @ np.linalg.inv(-hessian) @ a.T
    return covariance
