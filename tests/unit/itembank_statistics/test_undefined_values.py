"""Undefined statistics are None: never 0, never NaN (psychometrics.md: undefined is not zero)."""

from __future__ import annotations

import dataclasses
import json

import pytest

from itembank.statistics import ExamResponses, ItemOptions, analyse_classical


def test_zero_variance_item_has_no_correlations() -> None:
    scores = [[1, 0, 1], [1, 1, 1], [0, 0, 1], [1, 1, 1]]  # item 3: everyone correct
    constant = analyse_classical(
        ExamResponses.build(item_ids=["a", "b", "c"], scores=scores)
    ).items[2]
    assert constant.p == 1.0
    assert constant.point_biserial is None
    assert constant.corrected_item_total is None
    # its deletion is defined: the other two items' alpha
    assert constant.alpha_if_deleted is not None


def test_nobody_correct_item_has_no_correlations() -> None:
    scores = [[1, 0], [0, 0], [1, 0]]
    item = analyse_classical(ExamResponses.build(item_ids=["a", "b"], scores=scores)).items[1]
    assert (item.p, item.point_biserial, item.corrected_item_total) == (0.0, None, None)


def test_alpha_keeps_a_zero_variance_item() -> None:
    # The five-examinee example of test_hand_computed plus an item nobody answers correctly:
    # k = 4, sum p q = 0.64 (+0), var_T = 1.04 (unchanged) -> alpha = 4/3 (1 - 0.64/1.04) = 20/39.
    # Dropping the item (psych::alpha) would give 15/26 instead.
    scores = [[1, 1, 1, 0], [1, 1, 0, 0], [1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 0, 0]]
    exam = analyse_classical(ExamResponses.build(item_ids=list("abcd"), scores=scores)).exam
    assert exam.alpha == pytest.approx(20 / 39, abs=1e-12)


def test_constant_total_leaves_total_based_statistics_undefined() -> None:
    # Everyone scores 1, so var(T) = 0. r(X, T), alpha, SEM and the 27% index are undefined,
    # but the corrected r is defined: X1 = (1, 0), R1 = (0, 1) -> r = -1.
    analysis = analyse_classical(ExamResponses.build(item_ids=["a", "b"], scores=[[1, 0], [0, 1]]))
    item = analysis.items[0]
    assert item.point_biserial is None
    assert item.corrected_item_total == pytest.approx(-1.0)
    assert item.discrimination_index is None
    assert (analysis.exam.alpha, analysis.exam.sem, analysis.exam.sd) == (None, None, 0.0)


def test_single_examinee() -> None:
    analysis = analyse_classical(ExamResponses.build(item_ids=["a", "b"], scores=[[1, 0]]))
    assert analysis.exam.group_size == 0  # floor(0.27 + 0.5) = 0
    assert analysis.exam.sd_sample is None
    assert all(item.discrimination_index is None for item in analysis.items)
    assert all(item.point_biserial is None for item in analysis.items)


def test_single_item_has_no_alpha() -> None:
    analysis = analyse_classical(ExamResponses.build(item_ids=["a"], scores=[[1], [0], [1]]))
    assert analysis.exam.alpha is None
    assert analysis.items[0].alpha_if_deleted is None
    assert analysis.items[0].point_biserial == pytest.approx(1.0)  # X = T
    assert analysis.items[0].corrected_item_total is None  # rest score is constant 0


def test_option_nobody_chose_and_option_everybody_chose() -> None:
    options = ItemOptions(option_ids=("A", "B"), key_option_ids=frozenset({"A"}))
    data = ExamResponses.build(
        item_ids=["q", "r"],
        scores=[[1, 1], [1, 0], [1, 1]],
        choices=[[0, 0], [0, 1], [0, 0]],
        item_options=[options, options],
    )
    rows = analyse_classical(data).items[0].options or []
    chosen_by_all, chosen_by_none, omitted = rows
    assert chosen_by_all.rest_point_biserial is None  # constant indicator
    assert chosen_by_none.rest_point_biserial is None
    assert chosen_by_none.mean_total is None
    assert omitted.count == 0 and omitted.mean_total is None


def test_output_never_contains_nan() -> None:
    scores = [[1, 1, 0], [1, 1, 0], [1, 1, 0]]
    analysis = analyse_classical(ExamResponses.build(item_ids=["a", "b", "c"], scores=scores))
    json.dumps(dataclasses.asdict(analysis), allow_nan=False)  # raises on NaN or inf
