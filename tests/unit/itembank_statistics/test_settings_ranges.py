"""Every statistics setting outside its range is refused, each with its own problem."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from itembank.statistics import (
    DifSettings,
    InvalidSettingsError,
    IrtSettings,
    StatisticsSettings,
)


def problems_of(build: Callable[..., object], **fields: object) -> list[str]:
    with pytest.raises(InvalidSettingsError) as caught:
        build(**fields)
    return caught.value.problems


def test_dif_settings_refuse_small_groups_and_odd_significance() -> None:
    assert problems_of(DifSettings, min_focal=0, significance=0.5) == [
        "min_reference and min_focal must be at least 1",
        "significance must be within 0..0.5",
    ]
    assert DifSettings(min_reference=1, min_focal=1, significance=0.01).min_focal == 1


def test_irt_settings_refuse_each_range() -> None:
    assert problems_of(
        IrtSettings, quadrature_points=4, max_em_iterations=0, newton_steps=-1, min_slope=-0.1
    ) == [
        "quadrature_points must be within 5..201",
        "max_em_iterations >= 1 and em_tolerance > 0 are required",
        "newton_steps must be >= 0",
        "min_slope must be >= 0",
    ]
    assert problems_of(IrtSettings, tolerance=1e-3, em_tolerance=1e-4) == [
        "tolerance must satisfy 0 < tolerance <= em_tolerance"
    ]


def test_statistics_settings_refuse_each_range() -> None:
    assert problems_of(
        StatisticsSettings,
        too_hard_p=0.9,
        too_easy_p=0.8,
        negative_discrimination_r=0.5,
        low_discrimination_r=0.2,
        misfit_min_persons=0,
        rasch_max_iterations=0,
    ) == [
        "too_hard_p must be below too_easy_p",
        "negative_discrimination_r must not exceed low_discrimination_r",
        "misfit_min_persons must be at least 1",
        "rasch_max_iterations >= 1 and rasch_tolerance > 0 are required",
    ]
