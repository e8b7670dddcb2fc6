"""Ratios typed as decimals count at their decimal value; percents print as people write them."""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

import pytest

from itembank import exact_ratio, format_percent


def test_a_float_counts_as_the_decimal_it_prints_as() -> None:
    assert exact_ratio(0.29) == Fraction(29, 100)
    assert math.floor(exact_ratio(0.29) * 100) == 29
    assert exact_ratio(Decimal("0.125")) == Fraction(1, 8)
    assert exact_ratio(3) == Fraction(3)


def test_a_bool_is_not_a_ratio() -> None:
    with pytest.raises(TypeError, match="not a bool"):
        exact_ratio(True)


@pytest.mark.parametrize("value", [math.inf, -math.inf, math.nan])
def test_a_ratio_must_be_finite(value: float) -> None:
    with pytest.raises(ValueError, match="must be finite"):
        exact_ratio(value)


@pytest.mark.parametrize(
    ("share", "text"),
    [
        (Fraction(1, 5), "20%"),
        (Fraction(1, 8), "12.5%"),
        (Fraction(1, 3), "33.33%"),
        (Fraction(2, 3), "66.67%"),
        (Fraction(0), "0%"),
        (Fraction(1, 200), "0.5%"),
    ],
)
def test_percents_print_without_needless_decimals(share: Fraction, text: str) -> None:
    assert format_percent(share) == text
