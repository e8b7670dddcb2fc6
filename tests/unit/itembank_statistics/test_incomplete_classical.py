"""Classical statistics with a presented mask: hand case, brute force, complete-data identity."""

from __future__ import annotations

import numpy as np
import pytest
from numpy.typing import NDArray

from itembank.statistics import ExamResponses, ItemOptions, analyse_classical
from itembank.statistics.moments import response_moments
from itembank.statistics.reliability import alpha_if_deleted, cronbach_alpha

# 6 examinees, each shown 2 of 3 items (-1 below = not presented).
TINY = np.array([[1, 1, -1], [1, -1, 0], [-1, 0, 1], [0, 1, -1], [0, -1, 1], [-1, 1, 0]])


def tiny() -> ExamResponses:
    return ExamResponses.build(
        item_ids=["a", "b", "c"], scores=np.maximum(TINY, 0), presented=TINY >= 0
    )


def random_design(seed: int, n: int = 300, k: int = 12, length: int = 5) -> ExamResponses:
    rng = np.random.default_rng(seed)
    theta = rng.normal(0, 1, n)
    b = np.linspace(-1.5, 1.5, k)
    scores = (rng.random((n, k)) < 1 / (1 + np.exp(b - theta[:, None]))).astype(np.uint8)
    presented = np.zeros((n, k), dtype=bool)
    for i in range(n):
        presented[i, rng.choice(k, size=length, replace=False)] = True
    choices = np.where(scores == 1, 0, rng.integers(1, 4, (n, k)))
    return ExamResponses.build(
        item_ids=[f"i{j}" for j in range(k)],
        scores=scores * presented,
        presented=presented,
        choices=choices,
        item_options=[ItemOptions(option_ids=("A", "B", "C", "D"), key_option_ids=frozenset("A"))]
        * k,
        times=rng.uniform(10, 60, (n, k)),
    )


def test_tiny_incomplete_case_by_hand() -> None:
    analysis = analyse_classical(tiny())
    first = analysis.items[0]
    assert [item.n for item in analysis.items] == [4, 4, 4]
    assert [item.p for item in analysis.items] == pytest.approx([0.5, 0.75, 0.5])
    # item a, over the 4 who saw it: X = [1,1,0,0], T = [2,1,1,1], R = [1,0,1,1]
    assert first.point_biserial == pytest.approx(1 / np.sqrt(3))
    assert first.corrected_item_total == pytest.approx(-1 / np.sqrt(3))
    exam = analysis.exam
    assert (exam.attempts, exam.items, exam.mean_form_length) == (6, 3, 2.0)
    assert exam.score_distribution == [0, 5, 1]
    # KR-20 of the average form: L/(L-1) (1 - V / var T), V = sum (n_j/N) p_j q_j
    variance = 5 / 36
    v = (4 / 6) * (0.25 + 0.1875 + 0.25)
    assert exam.alpha == pytest.approx(2 * (1 - v / variance))


def test_unseen_cells_are_ignored_not_counted_as_wrong() -> None:
    scores = np.maximum(TINY, 0)
    scores[2, 0] = 1  # a "1" in a cell that was not presented must not count
    data = ExamResponses.build(item_ids=["a", "b", "c"], scores=scores, presented=TINY >= 0)
    assert analyse_classical(data).items[0].p == 0.5


def _upper_lower(totals: NDArray[np.int64], right: NDArray[np.uint8]) -> tuple[float, float]:
    """Brute-force fractional 27% rule: weights from ranks of the totals among the group."""
    n_g = (27 * len(totals) + 50) // 100
    shares = []
    for sign in (-1, 1):  # upper group (highest totals) first
        ordered = np.sort(sign * totals)
        cut = ordered[n_g - 1]
        beyond = sign * totals < cut
        tied = sign * totals == cut
        weight = beyond + tied * (n_g - beyond.sum()) / tied.sum()
        shares.append(float((weight * right).sum() / n_g))
    return shares[0], shares[1]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_each_item_equals_a_direct_computation_over_those_who_saw_it(seed: int) -> None:
    data = random_design(seed)
    assert data.presented is not None
    analysis = analyse_classical(data)
    totals = data.scores.sum(axis=1).astype(np.int64)
    for j, item in enumerate(analysis.items):
        seen = data.presented[:, j]
        x = data.scores[seen, j].astype(float)
        t = totals[seen].astype(float)
        assert item.n == seen.sum()
        assert item.p == pytest.approx(x.mean())
        assert item.point_biserial == pytest.approx(np.corrcoef(x, t)[0, 1])
        assert item.corrected_item_total == pytest.approx(np.corrcoef(x, t - x)[0, 1])
        upper, lower = _upper_lower(totals[seen], data.scores[seen, j])
        assert (item.p_upper, item.p_lower) == pytest.approx((upper, lower))
        assert item.mean_time_seconds == pytest.approx(data.times[seen, j].mean())  # type: ignore[index]
        assert item.options is not None
        key = next(option for option in item.options if option.is_key)
        assert key.count == x.sum()
        assert key.share_of_all == pytest.approx(x.mean())
        assert key.upper_share == pytest.approx(upper)


def test_masked_sums_with_everyone_presented_equal_the_complete_data_sums() -> None:
    data = random_design(4)
    scores = data.scores
    complete = response_moments(scores)
    masked = response_moments(scores, np.ones(scores.shape, dtype=bool))
    for name in ("n_item", "ss_total_seen", "ss_item", "sp_item_total", "ss_rest", "ss_rest_all"):
        assert np.array_equal(getattr(complete, name), getattr(masked, name)), name
    assert np.array_equal(complete.presented_by_score, masked.presented_by_score)
    assert cronbach_alpha(masked) == cronbach_alpha(complete)
    assert np.array_equal(alpha_if_deleted(masked), alpha_if_deleted(complete), equal_nan=True)


def test_average_form_kr20_is_ordinary_kr20_when_everyone_sees_the_same_form() -> None:
    scores = random_design(5).scores
    k = scores.shape[1]
    p = scores.mean(axis=0)
    totals = scores.sum(axis=1)
    textbook = k / (k - 1) * (1 - (p * (1 - p)).sum() / totals.var())
    masked = response_moments(scores, np.ones(scores.shape, dtype=bool))
    assert cronbach_alpha(masked) == pytest.approx(textbook, rel=1e-12)
    full = ExamResponses.build(item_ids=[str(j) for j in range(k)], scores=scores)
    assert analyse_classical(full).exam.alpha == pytest.approx(textbook, rel=1e-12)
    rest = totals[:, None] - scores
    deleted = (k - 1) / (k - 2) * (1 - ((p * (1 - p)).sum() - p * (1 - p)) / rest.var(axis=0))
    assert alpha_if_deleted(masked) == pytest.approx(deleted, rel=1e-12)


def test_presented_mask_is_validated() -> None:
    from itembank.statistics import InvalidResponsesError

    with pytest.raises(InvalidResponsesError) as raised:
        ExamResponses.build(
            item_ids=["a", "b"],
            scores=[[1, 0], [0, 0]],
            presented=[[True, False], [False, False]],
        )
    assert raised.value.problems == [
        "items presented to nobody: ['b']",
        "1 attempts were presented no item",
    ]
    all_true = ExamResponses.build(item_ids=["a"], scores=[[1], [0]], presented=[[True], [True]])
    assert all_true.complete
