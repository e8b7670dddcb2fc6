"""The small rules of program measures: band verdicts and the points of the holders series."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from service.accounts.measures import Window, band_verdict


@pytest.mark.parametrize(
    ("rate", "verdict"),
    [
        (None, "no_data"),
        (0.59, "below"),
        (0.60, "within"),
        (0.70, "within"),
        (0.71, "above"),
        (0.85, "above"),
        (0.86, "too_easy"),
    ],
)
def test_band_verdicts(rate: float | None, verdict: str) -> None:
    assert band_verdict(rate, 0.60, 0.70) == verdict


def test_points_span_the_range_with_at_most_thirteen() -> None:
    since = datetime(2026, 1, 1, tzinfo=UTC)
    year = Window(since, since + timedelta(days=365)).points()
    assert year[0] == since and year[-1] == since + timedelta(days=365)
    assert len(year) <= 13 and year == sorted(set(year))
    week = Window(since, since + timedelta(days=7)).points()
    assert [(p - since).days for p in week] == [0, 1, 2, 3, 4, 5, 6, 7]
    one = Window(since, since + timedelta(days=1)).points()
    assert one == [since, since + timedelta(days=1)]
