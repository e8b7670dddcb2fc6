"""Precision at the cut (information, CSEM), Rudner's decision accuracy and consistency,
Feldt's interval for alpha (formula and coverage) and the reliability of domain subscores."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.special import betainc

from itembank.statistics import (
    ExamResponses,
    analyse_classical,
    decision_consistency,
    domain_reliability,
    feldt_interval,
    precision_at_cut,
    rasch_parameters,
)
from tests.unit.itembank_statistics.known import known
from tests.unit.itembank_statistics.lsat6 import lsat6_scores


def test_information_and_csem_at_the_cut_by_hand() -> None:
    # three Rasch items at b = -1, 0, 1 and the cut at 0: P = (e/(1+e), 1/2, 1/(1+e))
    p = np.array([math.e / (1 + math.e), 0.5, 1 / (1 + math.e)])
    info = float((p * (1 - p)).sum())  # 2 * 0.196612 + 0.25 = 0.643224
    result = precision_at_cut(0.0, *rasch_parameters([-1.0, 0.0, 1.0]))
    assert result.information == pytest.approx(info, abs=1e-12)
    assert result.information == pytest.approx(0.643224, abs=1e-6)
    assert result.csem_theta == pytest.approx(1 / math.sqrt(info), abs=1e-12)
    assert result.expected_raw_score == pytest.approx(1.5, abs=1e-12)
    assert result.csem_raw == pytest.approx(math.sqrt(info), abs=1e-12)
    # 2PL: same P at the cut, slopes 2 -> information times a^2 = 4
    doubled = precision_at_cut(0.0, np.array([2.0, 2.0, 2.0]), np.array([1.0, 0.0, -1.0]))
    assert doubled.information == pytest.approx(4 * info, abs=1e-12)


def test_rudner_accuracy_and_consistency_by_hand() -> None:
    theta = np.array([1.0, -0.5, 0.2, np.nan])
    se = np.array([0.5, 0.25, 0.4, 0.3])
    result = decision_consistency(theta, se, theta_cut=0.0)
    p = np.array([0.9772498680518208, 0.022750131948179195, 0.6914624612740131])  # Phi(2, -2, .5)
    assert result.examinees == 3 and result.pass_rate == pytest.approx(2 / 3)
    assert result.accuracy == pytest.approx((p[0] + (1 - p[1]) + p[2]) / 3, abs=1e-12)
    consistency = float(np.mean(p**2 + (1 - p) ** 2))
    assert result.consistency == pytest.approx(consistency, abs=1e-12)
    chance = p.mean() ** 2 + (1 - p.mean()) ** 2
    assert known(result.kappa) == pytest.approx((consistency - chance) / (1 - chance), abs=1e-12)
    assert result.false_pass == pytest.approx(((1 - p[0]) + (1 - p[2])) / 3, abs=1e-12)
    assert result.false_fail == pytest.approx(p[1] / 3, abs=1e-12)
    assert result.accuracy + result.false_pass + result.false_fail == pytest.approx(1.0)


def f_cdf(x: float, d1: float, d2: float) -> float:
    return float(betainc(d1 / 2, d2 / 2, d1 * x / (d1 * x + d2)))


def test_feldt_interval_is_the_f_quantile_formula() -> None:
    interval = feldt_interval(0.8, examinees=100, items=20, level=0.95)
    assert interval is not None and interval.level == 0.95
    d1, d2 = 99.0, 99.0 * 19
    # lower = 1 - 0.2 F_0.975 and upper = 1 - 0.2 F_0.025: invert through the F CDF
    assert f_cdf((1 - interval.lower) / 0.2, d1, d2) == pytest.approx(0.975, abs=1e-9)
    assert f_cdf((1 - interval.upper) / 0.2, d1, d2) == pytest.approx(0.025, abs=1e-9)
    assert interval.lower < 0.8 < interval.upper
    wider = feldt_interval(0.8, examinees=30, items=20)
    assert wider is not None and wider.lower < interval.lower and wider.upper > interval.upper
    assert feldt_interval(math.nan, 100, 20) is None
    assert feldt_interval(0.8, 1, 20) is None and feldt_interval(0.8, 100, 1.5) is None


def test_feldt_interval_covers_the_population_alpha() -> None:
    """Parallel (essentially tau-equivalent) normal items with known population alpha: the
    95% interval should cover it in about 95% of samples."""
    rng = np.random.default_rng(7)
    k, n, reps = 8, 150, 600
    loading, error = 1.0, 1.5
    item_variance = loading**2 + error**2
    population = k / (k - 1) * (1 - k * item_variance / (k * k * loading**2 + k * error**2))
    covered = 0
    for _ in range(reps):
        true = rng.normal(size=(n, 1))
        x = loading * true + error * rng.normal(size=(n, k))
        alpha = k / (k - 1) * (1 - x.var(axis=0).sum() / x.sum(axis=1).var())
        interval = feldt_interval(float(alpha), n, k)
        assert interval is not None
        covered += interval.lower <= population <= interval.upper
    assert 0.92 <= covered / reps <= 0.98


def test_domain_alphas_equal_the_alpha_of_each_domain_alone() -> None:
    scores = lsat6_scores()
    data = ExamResponses.build(item_ids=[f"i{j}" for j in range(5)], scores=scores)
    domains = ["law", "logic", "law", "logic", "law"]
    result = domain_reliability(data, domains)
    assert [d.domain for d in result] == ["law", "logic"]
    for domain, columns in (("law", [0, 2, 4]), ("logic", [1, 3])):
        x = scores[:, columns].astype(float)
        k = len(columns)
        alpha = k / (k - 1) * (1 - x.var(axis=0).sum() / x.sum(axis=1).var())
        found = next(d for d in result if d.domain == domain)
        assert found.items == k and found.mean_form_length == k
        assert known(found.alpha) == pytest.approx(alpha, abs=1e-12)
        assert known(found.sem) == pytest.approx(
            x.sum(axis=1).std() * math.sqrt(1 - alpha), abs=1e-12
        )
        assert found.interval is not None
    single = domain_reliability(data, ["a", "b", "b", "b", "b"])
    assert single[0].alpha is None and single[0].interval is None


def test_domain_alphas_with_pool_forms_use_the_average_form_estimator() -> None:
    rng = np.random.default_rng(3)
    n, k = 600, 12
    theta = rng.normal(size=n)
    b = np.linspace(-1, 1, k)
    scores = (rng.random((n, k)) < 1 / (1 + np.exp(-(theta[:, None] - b)))).astype(np.uint8)
    presented = rng.random((n, k)) < 0.7
    presented[:, 0] = True
    data = ExamResponses.build(
        item_ids=[f"i{j}" for j in range(k)], scores=scores, presented=presented
    )
    domains = ["a"] * 6 + ["b"] * 6
    result = domain_reliability(data, domains)
    for found, columns in zip(result, (slice(0, 6), slice(6, 12)), strict=True):
        seen = presented[:, columns]
        answered = seen.any(axis=1)
        alone = ExamResponses.build(
            item_ids=[f"i{j}" for j in range(6)],
            scores=scores[answered][:, columns],
            presented=seen[answered],
        )
        assert found.alpha == pytest.approx(analyse_classical(alone).exam.alpha, abs=1e-12)
        assert found.mean_form_length == pytest.approx(seen[answered].sum() / answered.sum())
