"""Mantel-Haenszel DIF: a hand-computed three-stratum table (base R mantelhaen.test
formulas), the ETS categories, minimum group sizes, and a simulation in which the two items
given DIF are found and the others are not."""

from __future__ import annotations

import math

import numpy as np
import pytest

from itembank.statistics import (
    DifSettings,
    ExamResponses,
    InvalidResponsesError,
    mantel_haenszel_dif,
)
from itembank.statistics.dif import _category
from tests.unit.itembank_statistics.known import known

# (stratum, A = reference right, B = reference wrong, C = focal right, D = focal wrong)
TABLE = ((0, 10, 20, 5, 25), (1, 30, 10, 20, 20), (2, 40, 5, 30, 10))


def table_data() -> tuple[ExamResponses, list[str | None], list[int]]:
    scores: list[list[int]] = []
    groups: list[str | None] = []
    strata: list[int] = []
    for stratum, a, b, c, d in TABLE:
        for group, right, count in (("R", 1, a), ("R", 0, b), ("F", 1, c), ("F", 0, d)):
            for _ in range(count):
                scores.append([right, 1])
                groups.append(group)
                strata.append(stratum)
    # an examinee in neither group changes nothing
    scores.append([1, 0])
    groups.append(None)
    strata.append(0)
    data = ExamResponses.build(item_ids=["studied", "other"], scores=np.array(scores))
    return data, groups, strata


def test_hand_computed_mantel_haenszel() -> None:
    data, groups, strata = table_data()
    settings = DifSettings(min_reference=10, min_focal=10)
    result = mantel_haenszel_dif(
        data, groups, reference="R", focal="F", settings=settings, matching=np.array(strata)
    )
    item = result.items[0]
    assert item.status == "ok" and item.n_reference == 115 and item.n_focal == 110
    assert item.strata == 3 and result.matching == "strata given by the caller"
    # R_k = A D / T: 10*25/60, 30*20/80, 40*10/85;  S_k = B C / T: 20*5/60, 10*20/80, 5*30/85
    r = 10 * 25 / 60 + 30 * 20 / 80 + 40 * 10 / 85  # 16.372549
    s = 20 * 5 / 60 + 10 * 20 / 80 + 5 * 30 / 85  # 5.931373
    assert known(item.common_odds_ratio) == pytest.approx(r / s, rel=1e-12)
    assert r / s == pytest.approx(2.760331, abs=1e-6)
    # E(A_k) = n_R m_1 / T: 30*15/60 + 40*50/80 + 45*70/85 = 69.558824; sum A = 80
    expected = 30 * 15 / 60 + 40 * 50 / 80 + 45 * 70 / 85
    # Var(A_k) = n_R n_F m_1 m_0 / (T^2 (T - 1))
    variance = (
        30 * 30 * 15 * 45 / (60**2 * 59)
        + 40 * 40 * 50 * 30 / (80**2 * 79)
        + 45 * 40 * 70 * 15 / (85**2 * 84)
    )  # 10.721192
    chi = (abs(80 - expected) - 0.5) ** 2 / variance
    assert chi == pytest.approx(9.217911, abs=1e-6)
    assert known(item.chi_square) == pytest.approx(chi, rel=1e-12)
    assert known(item.p_value) == pytest.approx(math.erfc(math.sqrt(chi / 2)), rel=1e-12)
    assert known(item.p_value) == pytest.approx(0.0023966, abs=1e-7)
    assert known(item.delta) == pytest.approx(-2.35 * math.log(r / s), rel=1e-12)
    # Robins-Breslow-Greenland: P = (A + D) / T, Q = (B + C) / T
    p = (35 / 60, 50 / 80, 50 / 85)
    q = (25 / 60, 30 / 80, 35 / 85)
    rk = (10 * 25 / 60, 30 * 20 / 80, 40 * 10 / 85)
    sk = (20 * 5 / 60, 10 * 20 / 80, 5 * 30 / 85)
    var_log = (
        sum(pi * ri for pi, ri in zip(p, rk, strict=True)) / (2 * r * r)
        + sum(pi * si + qi * ri for pi, qi, ri, si in zip(p, q, rk, sk, strict=True)) / (2 * r * s)
        + sum(qi * si for qi, si in zip(q, sk, strict=True)) / (2 * s * s)
    )
    assert known(item.delta_se) == pytest.approx(2.35 * math.sqrt(var_log), rel=1e-12)
    # D = -2.386, SE 0.757: significant, |D| >= 1.5 and (2.386 - 1) / 0.757 = 1.83 > 1.645 -> C
    assert known(item.delta) == pytest.approx(-2.38607, abs=1e-5)
    assert known(item.delta_se) == pytest.approx(0.75695, abs=1e-5)
    assert item.category == "C" and item.favours == "reference"
    # the other item: everyone in the two groups answered it right -> no informative stratum
    assert result.items[1].status == "insufficient data"
    assert "no stratum" in (result.items[1].reason or "")


def test_continuity_correction_is_dropped_below_one_half() -> None:
    # one stratum, A = 2, B = 2, C = 2, D = 2: sum A - E(A) = 0 -> chi-square 0, not 0.25 / V
    data = ExamResponses.build(
        item_ids=["x", "y"], scores=np.array([[1, 1], [1, 1], [0, 1], [0, 1]] * 2)
    )
    groups: list[str | None] = [*(["R"] * 4), *(["F"] * 4)]
    item = mantel_haenszel_dif(
        data,
        groups,
        reference="R",
        focal="F",
        settings=DifSettings(min_reference=1, min_focal=1),
        matching=np.zeros(8, dtype=np.int64),
    ).items[0]
    assert item.chi_square == 0.0 and item.p_value == 1.0
    assert item.common_odds_ratio == 1.0 and item.category == "A" and item.favours is None


@pytest.mark.parametrize(
    ("delta", "se", "chi", "expected"),
    [
        (-0.9, 0.1, 50.0, "A"),  # small
        (-2.0, 1.5, 2.0, "A"),  # large but not significant
        (-1.2, 0.2, 20.0, "B"),
        (1.6, 0.5, 20.0, "B"),  # |D| >= 1.5 but (1.6 - 1) / 0.5 = 1.2 < 1.645
        (1.6, 0.3, 20.0, "C"),  # (1.6 - 1) / 0.3 = 2.0 > 1.645
        (-1.5, 0.2, 20.0, "C"),
    ],
)
def test_ets_categories(delta: float, se: float, chi: float, expected: str) -> None:
    assert _category(delta, se, chi, 1.6448536, 3.8414588) == expected


def test_small_groups_read_insufficient_data() -> None:
    data, groups, strata = table_data()
    matching = np.array(strata)
    result = mantel_haenszel_dif(data, groups, reference="R", focal="F", matching=matching)
    assert result.min_reference == 100 and result.min_focal == 100
    # 115 reference and 110 focal pass the default minimums
    assert result.items[0].status == "ok"
    strict = mantel_haenszel_dif(
        data,
        groups,
        reference="R",
        focal="F",
        settings=DifSettings(min_focal=200),
        matching=matching,
    )
    item = strict.items[0]
    assert item.status == "insufficient data" and item.delta is None and item.category is None
    assert "110 focal" in (item.reason or "") and "200" in (item.reason or "")


def test_bad_arguments_are_rejected() -> None:
    data, groups, _ = table_data()
    with pytest.raises(InvalidResponsesError):
        mantel_haenszel_dif(data, groups[:-1], reference="R", focal="F")
    with pytest.raises(InvalidResponsesError):
        mantel_haenszel_dif(data, groups, reference="R", focal="R")
    with pytest.raises(InvalidResponsesError):
        mantel_haenszel_dif(data, groups, reference="R", focal="F", matching=[0.5] * len(groups))


def simulate_dif(presented: bool) -> tuple[ExamResponses, list[str | None]]:
    rng = np.random.default_rng(2024)
    k, n = 20, 3000
    b = np.linspace(-1.5, 1.5, k)
    theta = np.concatenate([rng.normal(0, 1, n), rng.normal(-0.5, 1, n)])  # impact, not DIF
    focal = np.arange(2 * n) >= n
    shift = np.zeros((2 * n, k))
    shift[focal, 5] = 0.8  # item 5 is harder for the focal group at equal ability
    shift[focal, 12] = -0.8  # item 12 is easier for them
    p = 1 / (1 + np.exp(-(theta[:, None] - b[None, :] - shift)))
    scores = (rng.random(p.shape) < p).astype(np.uint8)
    mask = None
    if presented:
        mask = np.zeros((2 * n, k), dtype=bool)
        for i in range(2 * n):
            mask[i, rng.choice(k, size=15, replace=False)] = True
    data = ExamResponses.build(item_ids=[f"i{j}" for j in range(k)], scores=scores, presented=mask)
    return data, ["F" if f else "R" for f in focal]


@pytest.mark.parametrize("presented", [False, True])
def test_simulated_dif_is_found_and_nothing_else(presented: bool) -> None:
    data, groups = simulate_dif(presented)
    result = mantel_haenszel_dif(data, groups, reference="R", focal="F")
    categories = {item.item_id: item.category for item in result.items}
    assert categories.pop("i5") == "C" and result.items[5].favours == "reference"
    assert categories.pop("i12") == "C" and result.items[12].favours == "focal"
    assert set(categories.values()) == {"A"}
    # the size is recovered: D about -2.35 * 0.8 = -1.88 (within 2 SE)
    item = result.items[5]
    assert abs(known(item.delta) + 1.88) < 2 * known(item.delta_se)
