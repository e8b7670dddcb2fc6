"""Elementary symmetric functions in log space against direct enumeration."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from numpy.typing import NDArray

from itembank.statistics.esf import conditional_probabilities, leave_one_out_log_esf, log_esf
from tests.unit.itembank_statistics.brute_force import all_patterns

small_log_eps = arrays(np.float64, st.integers(1, 7), elements=st.floats(-6, 6))


@settings(max_examples=100, deadline=None)
@given(small_log_eps)
def test_log_esf_equals_the_sum_over_patterns(log_eps: NDArray[np.float64]) -> None:
    k = len(log_eps)
    every = all_patterns(k)
    direct = [np.exp(every[every.sum(axis=1) == r] @ log_eps).sum() for r in range(k + 1)]
    assert np.allclose(np.exp(log_esf(log_eps)), direct, rtol=1e-12, atol=0)


@settings(max_examples=100, deadline=None)
@given(small_log_eps)
def test_leave_one_out_equals_recomputing_without_the_item(
    log_eps: NDArray[np.float64],
) -> None:
    full, without = leave_one_out_log_esf(log_eps)
    assert np.allclose(full, log_esf(log_eps), atol=1e-12)
    for i in range(len(log_eps)):
        assert np.allclose(without[i], log_esf(np.delete(log_eps, i)), atol=1e-12)


def test_stable_for_many_items_far_apart() -> None:
    # 200 items over +-15 logits: gamma_100 is about e^1500, far beyond float64 (e^709).
    log_eps = np.linspace(-15.0, 15.0, 200)
    log_gamma, pi = conditional_probabilities(log_eps)
    assert np.isfinite(log_gamma).all()
    assert log_gamma.max() > 709  # would overflow if computed directly
    assert ((pi >= 0) & (pi <= 1)).all()
    # given raw score r, the expected number correct is r
    assert np.allclose(pi.sum(axis=1), np.arange(201), atol=1e-9)
    _, without = leave_one_out_log_esf(log_eps)
    for i in (0, 57, 199):
        assert np.allclose(without[i], log_esf(np.delete(log_eps, i)), atol=1e-9)


def test_conditional_probability_is_an_enumerated_ratio() -> None:
    log_eps = np.array([0.3, -1.2, 2.0, 0.0])
    every = all_patterns(4)
    weights = np.exp(every @ log_eps)
    _, pi = conditional_probabilities(log_eps)
    for r in range(5):
        same = every.sum(axis=1) == r
        assert np.allclose(pi[r], weights[same] @ every[same] / weights[same].sum(), atol=1e-14)
