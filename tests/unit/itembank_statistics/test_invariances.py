"""Properties that must hold for any data: row order does not matter, KR-20 equals alpha."""

from __future__ import annotations

from random import Random

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from numpy.typing import NDArray

from itembank.statistics import ExamResponses, analyse_classical

matrices = st.integers(2, 40).flatmap(
    lambda n: st.integers(2, 8).flatmap(
        lambda k: arrays(np.uint8, (n, k), elements=st.integers(0, 1))
    )
)


@settings(max_examples=150, deadline=None)
@given(matrices, st.randoms(use_true_random=False))
def test_permuting_rows_changes_nothing(scores: NDArray[np.uint8], random: Random) -> None:
    order = list(range(len(scores)))
    random.shuffle(order)
    ids = [f"i{j}" for j in range(scores.shape[1])]
    original = analyse_classical(ExamResponses.build(item_ids=ids, scores=scores))
    shuffled = analyse_classical(ExamResponses.build(item_ids=ids, scores=scores[order]))
    for before, after in zip(original.items, shuffled.items, strict=True):
        for name in ("p_upper", "p_lower", "discrimination_index", "corrected_item_total"):
            a, b = getattr(before, name), getattr(after, name)
            assert (a is None and b is None) or abs(a - b) < 1e-12, name
    assert original.exam == shuffled.exam


def test_sort_and_cut_would_depend_on_row_order() -> None:
    """The reason for the tie rule: a naive top-n_g cut gives different answers per order."""
    # N = 26, n_g = 7: three examinees with T = 2, then 20 tied at T = 1 (ten chose item a,
    # ten item b, in that order), three with T = 0. Four of the 20 tied go into the upper group.
    scores = np.array([[1, 1]] * 3 + [[1, 0]] * 10 + [[0, 1]] * 10 + [[0, 0]] * 3, dtype=np.uint8)
    n_g = (27 * len(scores) + 50) // 100
    totals = scores.sum(axis=1).astype(np.int64)

    def naive_p_upper(order: NDArray[np.int64]) -> float:
        ranked = order[np.argsort(-totals[order], kind="stable")]
        return float(scores[ranked[:n_g], 0].mean())

    identity = np.arange(len(scores))
    assert naive_p_upper(identity) == 7 / 7  # the four tied taken are all "a" examinees
    assert naive_p_upper(identity[::-1]) == 3 / 7  # ... or all "b" examinees
    ids = ["a", "b"]
    fair = [
        analyse_classical(ExamResponses.build(item_ids=ids, scores=scores[o])).items[0].p_upper
        for o in (identity, identity[::-1])
    ]
    # 3 at T = 2 (weight 1) + 20 tied sharing 4 places (weight 4/20), 10 of them correct on a
    assert fair[0] == fair[1] == (3 + 10 * 4 / 20) / 7


@settings(max_examples=150, deadline=None)
@given(matrices)
def test_kr20_equals_cronbach_alpha_for_dichotomous_items(scores: NDArray[np.uint8]) -> None:
    k = scores.shape[1]
    exam = analyse_classical(
        ExamResponses.build(item_ids=[str(j) for j in range(k)], scores=scores)
    ).exam
    totals = scores.sum(axis=1).astype(float)
    p = scores.mean(axis=0)
    if totals.var() == 0:
        assert exam.alpha is None
        return
    kr20 = k / (k - 1) * (1 - (p * (1 - p)).sum() / totals.var())  # p q and var_T, divisor N
    sample = scores.astype(float)
    alpha_n1 = k / (k - 1) * (1 - sample.var(axis=0, ddof=1).sum() / totals.var(ddof=1))
    assert abs(exam.alpha - kr20) < 1e-12
    assert abs(exam.alpha - alpha_n1) < 1e-12  # same divisor in both places: it cancels
