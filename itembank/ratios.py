"""Exact ratios for caps, cut scores and thresholds that people type as decimals.

`floor(0.29 * 100)` is 28 in binary floating point; taking a float by its shortest decimal
spelling (`repr`) makes it 29, which is what the person who typed 0.29 meant.
"""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction
from typing import TypeAlias

Ratio: TypeAlias = Fraction | Decimal | int | float


def exact_ratio(value: Ratio) -> Fraction:
    """The exact value of `value`; a float counts as the decimal it prints as."""
    if isinstance(value, bool):
        raise TypeError("a ratio must be a number, not a bool")
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"a ratio must be finite, got {value!r}")
        return Fraction(repr(value))
    return Fraction(value)


def format_percent(share: Fraction) -> str:
    """`Fraction(1, 5)` -> "20%", `Fraction(1, 8)` -> "12.5%", thirds to two decimals."""
    percent = share * 100
    if percent.denominator == 1:
        return f"{percent.numerator}%"
    text = f"{float(percent):.2f}".rstrip("0").rstrip(".")
    return f"{text}%"
