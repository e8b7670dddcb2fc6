"""Building the input checks everything and reports every problem at once."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from itembank.statistics import (
    ExamResponses,
    InvalidResponsesError,
    InvalidSettingsError,
    ItemOptions,
    StatisticsSettings,
    TierBand,
)

ABCD = ItemOptions(option_ids=("A", "B", "C", "D"), key_option_ids=frozenset({"A"}))


def problems_of(**kwargs: Any) -> list[str]:
    with pytest.raises(InvalidResponsesError) as caught:
        ExamResponses.build(**kwargs)
    return caught.value.problems


def test_every_problem_is_reported_not_just_the_first() -> None:
    problems = problems_of(
        item_ids=["a", "a"],
        scores=[[1, 0], [0, 1]],
        times=[[1.0, -2.0], [np.nan, 3.0]],
        passed=[True],
        attempt_numbers=[1, 1],
    )
    assert len(problems) == 3
    assert any("not unique" in p for p in problems)
    assert any("times" in p for p in problems)
    assert any("passed" in p for p in problems)


def test_scores_must_be_zero_or_one() -> None:
    assert any("0 or 1" in p for p in problems_of(item_ids=["a"], scores=[[2], [1]]))


def test_scores_shape_must_match_the_items() -> None:
    assert any("columns" in p for p in problems_of(item_ids=["a", "b", "c"], scores=[[1, 0]]))
    assert any("2-D" in p for p in problems_of(item_ids=["a"], scores=[1, 0]))


def test_there_must_be_attempts_and_items() -> None:
    assert any("no attempts" in p for p in problems_of(item_ids=["a"], scores=np.zeros((0, 1))))
    assert any("no items" in p for p in problems_of(item_ids=[], scores=np.zeros((2, 0))))


def test_score_must_agree_with_the_chosen_option() -> None:
    problems = problems_of(
        item_ids=["q"], scores=[[1], [1], [0]], choices=[[0], [1], [-1]], item_options=[ABCD]
    )
    assert problems == [
        "q: 1 attempts whose score disagrees with the chosen option (1 must mean a key option"
        " was chosen)"
    ]


def test_choices_must_index_the_options() -> None:
    problems = problems_of(
        item_ids=["q"], scores=[[0], [0]], choices=[[4], [-2]], item_options=[ABCD]
    )
    assert problems == ["q: 2 choices outside -1..3"]


def test_item_options_are_checked() -> None:
    broken = ItemOptions(option_ids=("A", "A"), key_option_ids=frozenset({"Z"}))
    problems = problems_of(item_ids=["q"], scores=[[0]], choices=[[1]], item_options=[broken])
    assert "q: option ids are not unique" in problems
    assert "q: key option ids ['Z'] are not among the options" in problems


def test_choices_and_options_come_together() -> None:
    assert any("together" in p for p in problems_of(item_ids=["q"], scores=[[0]], choices=[[1]]))


def test_outcomes_are_checked() -> None:
    assert any(
        "attempt_numbers must be integers >= 1" in p
        for p in problems_of(item_ids=["a"], scores=[[1]], passed=[True], attempt_numbers=[0])
    )
    assert any(
        "cut_score" in p
        for p in problems_of(
            item_ids=["a"], scores=[[1]], passed=[True], attempt_numbers=[1], cut_score=5
        )
    )
    assert any(
        "cut_score needs" in p for p in problems_of(item_ids=["a"], scores=[[1]], cut_score=1)
    )


def test_built_value_is_read_only_and_normalised() -> None:
    data = ExamResponses.build(item_ids=["a", "b"], scores=np.array([[True, False]]))
    assert data.scores.dtype == np.uint8
    with pytest.raises(ValueError, match="read-only"):
        data.scores[0, 0] = 0


def test_direct_construction_with_inconsistent_parts_is_refused() -> None:
    with pytest.raises(InvalidResponsesError):
        ExamResponses(item_ids=("a",), scores=np.zeros((2, 3), dtype=np.uint8))


def test_settings_are_validated_all_at_once() -> None:
    with pytest.raises(InvalidSettingsError) as caught:
        StatisticsSettings(
            too_easy_p=1.5,
            misfit_low=1.2,
            tier_bands=(TierBand(tier="x", low=0.8, high=0.7), TierBand(tier="x", low=0, high=1)),
        )
    assert len(caught.value.problems) == 4
