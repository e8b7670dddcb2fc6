"""Array type aliases and the one place where "undefined" becomes ``None``.

Inside the package an undefined statistic is carried as NaN so that whole columns stay
vectorised; every value that leaves the package goes through :func:`optional_float`, so
callers see ``None`` (never NaN, never a silent 0) for a correlation of a constant, a mean
of nobody, and the like.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike, NDArray

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]
BoolArray = NDArray[np.bool_]


def optional_float(value: float | np.floating | None) -> float | None:
    """A plain ``float``, or ``None`` when the value is missing, NaN or infinite."""
    if value is None:
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def correlation_from_sums(
    cross_products: ArrayLike, squares_x: ArrayLike, squares_y: ArrayLike
) -> FloatArray:
    """Pearson r from centred sums (any common scale, e.g. N² times the covariance).

    r = S_xy / sqrt(S_xx * S_yy). Where either variable is constant (S = 0) r is undefined and
    the result is NaN. Callers pass exact integer-valued sums, so "constant" is decided exactly
    and not by a floating-point tolerance.
    """
    sxx = np.asarray(squares_x, dtype=np.float64)
    syy = np.asarray(squares_y, dtype=np.float64)
    defined = (sxx > 0) & (syy > 0)
    denominator = np.sqrt(np.where(defined, sxx * syy, 1.0))
    result = np.where(defined, np.asarray(cross_products, dtype=np.float64) / denominator, np.nan)
    # Rounding can push |r| a hair above 1 for perfectly (anti)correlated pairs.
    return np.clip(result, -1.0, 1.0)


def stable_sigmoid(x: FloatArray) -> FloatArray:
    """logistic(x) = 1 / (1 + e^-x), accurate in both tails (no 1 - 1 cancellation)."""
    result: FloatArray = np.exp(-np.logaddexp(0.0, -x))
    return result
