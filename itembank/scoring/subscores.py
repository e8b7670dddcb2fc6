"""Sub-scores per domain and per kind, and the study plan drawn from the domain scores."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from fractions import Fraction

from itembank.scoring.model import ItemResult, SubScore


def percent_of(raw: Fraction, max_points: int) -> Fraction:
    return raw * 100 / max_points


def subscores(
    results: Sequence[ItemResult], group: Callable[[ItemResult], str], order: Iterable[str]
) -> tuple[SubScore, ...]:
    """One sub-score per group that has items, in `order`."""
    raw: dict[str, Fraction] = {}
    max_points: dict[str, int] = {}
    for result in results:
        name = group(result)
        raw[name] = raw.get(name, Fraction(0)) + result.points
        max_points[name] = max_points.get(name, 0) + result.max_points
    return tuple(
        SubScore(name, raw[name], max_points[name], percent_of(raw[name], max_points[name]))
        for name in order
        if name in raw
    )


def study_plan(by_domain: Iterable[SubScore], threshold: Fraction) -> tuple[SubScore, ...]:
    """Domains below the mastery `threshold` (a share), weakest first, then by name."""
    weak = [score for score in by_domain if score.share < threshold]
    return tuple(sorted(weak, key=lambda score: (score.share, score.name)))
