"""Below the minimum sample an item or the pass band reads insufficient_data, at it the
quality flags fire as before."""

from __future__ import annotations

from dataclasses import replace

import pytest

from itembank.statistics import FlagCode, ItemStatistics, StatisticsSettings
from itembank.statistics.errors import InvalidSettingsError
from itembank.statistics.flags import item_flags, pass_rate_flags

SETTINGS = StatisticsSettings()
EXTREME = ItemStatistics(
    item_id="q",
    n=3,
    n_answered=None,
    p=1.0,
    point_biserial=None,
    corrected_item_total=-1.0,
    p_upper=None,
    p_lower=None,
    discrimination_index=None,
    alpha_if_deleted=None,
    mean_time_seconds=None,
    n_timed=0,
    options=None,
)


@pytest.mark.parametrize("n", [1, 3, 29])
def test_below_the_minimum_only_insufficient_data(n: int) -> None:
    [flag] = item_flags(replace(EXTREME, n=n), None, SETTINGS)
    assert (flag.code, flag.value, flag.threshold) == (FlagCode.INSUFFICIENT_DATA, n, 30)
    assert f"n = {n}" in flag.reason


def test_at_the_minimum_the_quality_flags_fire() -> None:
    easy = replace(EXTREME, n=30, corrected_item_total=None)  # p = 1 has no correlation
    assert {flag.code for flag in item_flags(easy, None, SETTINGS)} == {FlagCode.TOO_EASY}
    hard = replace(EXTREME, n=30, p=0.5)
    assert {f.code for f in item_flags(hard, None, SETTINGS)} == {FlagCode.NEGATIVE_DISCRIMINATION}


def test_the_pass_band_needs_its_own_minimum() -> None:
    [thin] = pass_rate_flags(0.99, "practitioner", SETTINGS, first_attempts=29)
    assert (thin.code, thin.value, thin.threshold) == (FlagCode.INSUFFICIENT_DATA, 29, 30)
    codes = {f.code for f in pass_rate_flags(0.99, "practitioner", SETTINGS, first_attempts=30)}
    assert FlagCode.FIRST_ATTEMPTS_ABOVE_CEILING in codes
    lowered = StatisticsSettings(min_first_attempts=5)
    assert pass_rate_flags(0.99, None, lowered, first_attempts=5)[0].code == (
        FlagCode.FIRST_ATTEMPTS_ABOVE_CEILING
    )


def test_a_minimum_below_one_is_refused() -> None:
    with pytest.raises(InvalidSettingsError, match="min_item_examinees"):
        StatisticsSettings(min_item_examinees=0)
