"""The API's one unit for shares and cuts is a fraction from 0 to 1 (issue 12); the
statistics core keeps percents where its formulas want them, and these convert at the edge."""

from __future__ import annotations

DIGITS = 6  # so that 60 % reads 0.6 on the wire, not 0.6000000000000001


def share(percent: float) -> float:
    """A percent (0-100) as a fraction (0-1)."""
    return round(percent / 100.0, DIGITS)


def fraction(percent: float | None) -> float | None:
    """``share`` that passes an absent value through."""
    return None if percent is None else share(percent)


def percent(fraction_value: float | None) -> float | None:
    """A fraction (0-1) as the percent (0-100) the core's cut arguments take."""
    return None if fraction_value is None else fraction_value * 100.0
