"""Narrow optional statistics in tests: a None where a value is expected fails the test."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
from numpy.typing import NDArray


def known(value: float | None) -> float:
    assert value is not None, "expected a defined statistic, got None"
    return value


def known_array(values: Iterable[float | None]) -> NDArray[np.float64]:
    return np.array([known(value) for value in values], dtype=np.float64)
