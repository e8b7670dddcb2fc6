"""Classical statistics on data small enough to compute by hand (arithmetic in the tests)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from itembank.statistics import (
    ClassicalAnalysis,
    ExamResponses,
    ItemOptions,
    ItemStatistics,
    OptionStatistics,
    analyse_classical,
)

# Five examinees, three items:      totals T
SMALL = [
    [1, 1, 1],  # A                 3
    [1, 1, 0],  # B                 2
    [1, 0, 0],  # C                 1
    [0, 1, 0],  # D                 1
    [0, 0, 0],  # E                 0
]


def small() -> ClassicalAnalysis:
    return analyse_classical(ExamResponses.build(item_ids=["i1", "i2", "i3"], scores=SMALL))


def test_facility_is_the_mean_score() -> None:
    assert [item.p for item in small().items] == [3 / 5, 3 / 5, 1 / 5]


def test_exam_mean_sd_alpha_and_sem() -> None:
    exam = small().exam
    # mean T = 7/5; var_T (divisor N) = (9 + 4 + 1 + 1 + 0)/5 - 1.4^2 = 3 - 1.96 = 1.04
    assert exam.mean == pytest.approx(1.4)
    assert exam.sd == pytest.approx(math.sqrt(1.04))
    # divisor N - 1: 1.04 * 5/4 = 1.3
    assert exam.sd_sample == pytest.approx(math.sqrt(1.3))
    # sum p q = 0.24 + 0.24 + 0.16 = 0.64; alpha = 3/2 (1 - 0.64/1.04) = 15/26
    assert exam.alpha == pytest.approx(15 / 26, abs=1e-12)
    # SEM = sqrt(1.04) sqrt(1 - 15/26) = sqrt(1.04 * 11/26) = sqrt(0.44)
    assert exam.sem == pytest.approx(math.sqrt(0.44), abs=1e-12)
    assert exam.score_distribution == [1, 2, 1, 1]


def test_point_biserial_includes_the_item_in_the_total() -> None:
    item = small().items[0]
    # X1 = (1,1,1,0,0), T = (3,2,1,1,0): cov = (3+2+1)/5 - 0.6*1.4 = 0.36
    # r = 0.36 / sqrt(0.24 * 1.04), r^2 = 0.1296 / 0.2496 = 27/52
    assert item.point_biserial == pytest.approx(math.sqrt(27 / 52), abs=1e-12)


def test_corrected_item_total_excludes_the_item() -> None:
    first, _, third = small().items
    # R1 = T - X1 = (2,1,0,1,0): mean 0.8, var = 6/5 - 0.64 = 0.56
    # cov(X1, R1) = (2+1)/5 - 0.6*0.8 = 0.12; r^2 = 0.0144 / (0.24*0.56) = 3/28
    assert first.corrected_item_total == pytest.approx(math.sqrt(3 / 28), abs=1e-12)
    # R3 = (2,2,1,1,0): mean 1.2, var = 10/5 - 1.44 = 0.56; cov = 2/5 - 0.2*1.2 = 0.16
    # r^2 = 0.0256 / (0.16*0.56) = 2/7
    assert third.corrected_item_total == pytest.approx(math.sqrt(2 / 7), abs=1e-12)


def test_alpha_if_item_deleted_uses_the_other_items() -> None:
    first, _, third = small().items
    # without item 3: items 1, 2; var(R3) = 0.56, sum var = 0.48; alpha = 2 (1 - 0.48/0.56) = 2/7
    assert third.alpha_if_deleted == pytest.approx(2 / 7, abs=1e-12)
    # without item 1: items 2, 3; var(R1) = 0.56, sum var = 0.40; alpha = 2 (1 - 0.40/0.56) = 4/7
    assert first.alpha_if_deleted == pytest.approx(4 / 7, abs=1e-12)


def test_upper_lower_groups_without_ties() -> None:
    # n_g = floor(0.27*5 + 0.5) = floor(1.85) = 1: upper = A (T=3), lower = E (T=0)
    analysis = small()
    assert analysis.exam.group_size == 1
    assert [item.p_upper for item in analysis.items] == [1.0, 1.0, 1.0]
    assert [item.p_lower for item in analysis.items] == [0.0, 0.0, 0.0]
    assert [item.discrimination_index for item in analysis.items] == [1.0, 1.0, 1.0]


TIED = [
    [1, 1, 1, 1],  # T = 4
    [1, 1, 1, 0],  # 3
    [1, 1, 0, 1],  # 3
    [0, 1, 1, 1],  # 3
    [1, 1, 0, 0],  # 2
    [0, 0, 1, 1],  # 2
    [1, 0, 0, 0],  # 1
    [0, 1, 0, 0],  # 1
    [0, 0, 0, 1],  # 1
    [0, 0, 0, 0],  # 0
]


def test_fractional_tie_rule_at_the_group_boundary() -> None:
    analysis = analyse_classical(ExamResponses.build(item_ids=list("abcd"), scores=TIED))
    # n_g = floor(2.7 + 0.5) = 3. Upper: the 4 (weight 1) and the three 3s share the
    # remaining 2 places: weight 2/3 each. Lower: the 0 and the three 1s, weight 2/3 each.
    assert analysis.exam.group_size == 3
    a, b, _, d = analysis.items
    # item a: upper (1 + 2/3 (1 + 1 + 0)) / 3 = 7/9; lower (0 + 2/3 (1 + 0 + 0)) / 3 = 2/9
    assert a.p_upper == pytest.approx(7 / 9, abs=1e-15)
    assert a.p_lower == pytest.approx(2 / 9, abs=1e-15)
    assert a.discrimination_index == pytest.approx(5 / 9, abs=1e-15)
    # item b: upper (1 + 2/3 * 3) / 3 = 1; lower (0 + 2/3 (0 + 1 + 0)) / 3 = 2/9
    assert b.p_upper == 1.0
    assert b.discrimination_index == pytest.approx(7 / 9, abs=1e-15)
    # item d: upper (1 + 2/3 (0 + 1 + 1)) / 3 = 7/9; lower (0 + 2/3 (0 + 0 + 1)) / 3 = 2/9
    assert d.discrimination_index == pytest.approx(5 / 9, abs=1e-15)


def test_mean_time_ignores_unrecorded_times() -> None:
    times = np.array(
        [[10.0, np.nan, 5.0], [20.0, np.nan, np.nan], [30.0, np.nan, 7.0]] + [[np.nan] * 3] * 2
    )
    analysis = analyse_classical(
        ExamResponses.build(item_ids=["i1", "i2", "i3"], scores=SMALL, times=times)
    )
    assert [item.mean_time_seconds for item in analysis.items] == [20.0, None, 6.0]
    assert [item.n_timed for item in analysis.items] == [3, 0, 2]


OPTIONS = ItemOptions(option_ids=("A", "B", "C", "D"), key_option_ids=frozenset({"A"}))
OPTIONS_KEY_B = ItemOptions(option_ids=("A", "B", "C", "D"), key_option_ids=frozenset({"B"}))
# (choice item 1, choice item 2): A=0, B=1, C=2, D=3, omitted=-1.  Keys: A, B.
CHOICES = [[0, 1], [0, 2], [1, 1], [2, -1], [0, 1], [-1, 3]]
SCORES = [[1, 1], [1, 0], [0, 1], [0, 0], [1, 1], [0, 0]]  # totals 2, 1, 1, 0, 2, 0


def distractor_rows() -> tuple[ItemStatistics, dict[str | None, OptionStatistics]]:
    data = ExamResponses.build(
        item_ids=["q1", "q2"], scores=SCORES, choices=CHOICES, item_options=[OPTIONS, OPTIONS_KEY_B]
    )
    analysis = analyse_classical(data)
    return analysis.items[0], {row.option_id: row for row in analysis.items[0].options or []}


def test_distractor_counts_and_shares() -> None:
    item, rows = distractor_rows()
    assert item.n_answered == 5
    assert [rows[o].count for o in ("A", "B", "C", "D", None)] == [3, 1, 1, 0, 1]
    assert rows["A"].share_of_all == 0.5
    assert rows["B"].share_of_all == pytest.approx(1 / 6)
    assert rows["A"].share_of_responders == pytest.approx(3 / 5)
    assert rows["D"].share_of_responders == 0.0
    assert rows[None].share_of_responders is None
    assert rows["A"].is_key and not rows["B"].is_key and rows[None].is_omitted


def test_distractor_mean_totals() -> None:
    _, rows = distractor_rows()
    # A chosen by totals 2, 1, 2 -> 5/3; B by 1; C by 0; omitted by 0; D by nobody
    assert rows["A"].mean_total == pytest.approx(5 / 3)
    assert (rows["B"].mean_total, rows["C"].mean_total, rows[None].mean_total) == (1.0, 0.0, 0.0)
    assert rows["D"].mean_total is None


def test_option_rest_point_biserial() -> None:
    _, rows = distractor_rows()
    # rest R1 = T - X1 = (1, 0, 1, 0, 1, 0): mean 1/2, var 1/4
    # A = (1,1,0,0,1,0): cov = 2/6 - 1/2*1/2 = 1/12, var 1/4 -> r = (1/12)/(1/4) = 1/3
    assert rows["A"].rest_point_biserial == pytest.approx(1 / 3, abs=1e-12)
    # B = examinee 3 (R = 1): cov = 1/6 - 1/6*1/2 = 1/12, var 5/36 -> r = 1/sqrt(5)
    assert rows["B"].rest_point_biserial == pytest.approx(1 / math.sqrt(5), abs=1e-12)
    # C = examinee 4 (R = 0): cov = 0 - 1/12 -> r = -1/sqrt(5); omitted likewise
    assert rows["C"].rest_point_biserial == pytest.approx(-1 / math.sqrt(5), abs=1e-12)
    assert rows[None].rest_point_biserial == pytest.approx(-1 / math.sqrt(5), abs=1e-12)
    assert rows["D"].rest_point_biserial is None  # chosen by nobody: undefined


def test_option_shares_in_the_upper_and_lower_groups() -> None:
    _, rows = distractor_rows()
    # n_g = floor(1.62 + 0.5) = 2: upper = the two 2s (both chose A), lower = the two 0s
    # (one chose C, one omitted)
    assert rows["A"].upper_share == 1.0 and rows["A"].lower_share == 0.0
    assert rows["C"].upper_share == 0.0 and rows["C"].lower_share == 0.5
    assert rows[None].lower_share == 0.5
    assert rows["D"].upper_share == 0.0


def test_omissions_row_comes_last() -> None:
    item, _ = distractor_rows()
    assert [row.option_id for row in item.options or []] == ["A", "B", "C", "D", None]
