"""Infit/outfit against a direct examinee-by-item computation, and misfit detection."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from itembank.statistics import (
    ExamResponses,
    FlagCode,
    StatisticsSettings,
    analyse_exam,
    calibrate_rasch,
)
from tests.unit.itembank_statistics.known import known, known_array


def simulated(n: int, b: ArrayLike, seed: int, random_item: int | None = None) -> NDArray[np.uint8]:
    rng = np.random.default_rng(seed)
    theta = rng.normal(0, 1, n)
    difficulty = np.asarray(b, dtype=np.float64)
    scores = rng.random((n, len(difficulty))) < 1 / (1 + np.exp(-(theta[:, None] - difficulty)))
    if random_item is not None:  # answers unrelated to ability: a misfitting item
        scores[:, random_item] = rng.random(n) < 0.5
    return np.asarray(scores, dtype=np.uint8)


def build(scores: NDArray[np.uint8]) -> ExamResponses:
    return ExamResponses.build(item_ids=[f"i{j}" for j in range(scores.shape[1])], scores=scores)


def test_fit_equals_the_definition_computed_per_examinee() -> None:
    scores = simulated(500, np.linspace(-1.5, 1.5, 8), seed=2)
    calibration = calibrate_rasch(build(scores), StatisticsSettings())
    b = np.array([item.difficulty for item in calibration.items])
    theta_by_score = {a.raw_score: a.theta for a in calibration.abilities}
    raw = scores.sum(axis=1)
    keep = (raw > 0) & (raw < scores.shape[1])
    theta = np.array([theta_by_score[r] for r in raw[keep]])
    x = scores[keep].astype(float)
    expected = 1 / (1 + np.exp(-(theta[:, None] - b[None, :])))
    variance = expected * (1 - expected)
    residual = x - expected
    outfit = (residual**2 / variance).mean(axis=0)
    infit = (residual**2).sum(axis=0) / variance.sum(axis=0)
    assert np.allclose(known_array(item.outfit for item in calibration.items), outfit, rtol=1e-10)
    assert np.allclose(known_array(item.infit for item in calibration.items), infit, rtol=1e-10)


def test_an_item_unrelated_to_ability_is_flagged_as_misfitting() -> None:
    scores = simulated(3000, np.linspace(-1.5, 1.5, 10), seed=4, random_item=3)
    analysis = analyse_exam(build(scores), StatisticsSettings())
    assert analysis.rasch is not None
    misfit = {(f.item_id, f.reason.split()[1]) for f in analysis.flags if f.code == FlagCode.MISFIT}
    # with ten items the random one also drags the abilities it is judged by: its infit is
    # about 1.27, its outfit (sensitive to surprises far from the item) about 1.41
    assert misfit == {("i3", "outfit")}
    random_item = analysis.rasch.items[3]
    assert known(random_item.outfit) > 1.3 and known(random_item.infit) > 1.2
    fitting = [item for item in analysis.rasch.items if item.item_id != "i3"]
    assert all(0.85 < known(i.infit) < 1.15 and 0.8 < known(i.outfit) < 1.2 for i in fitting)


def test_misfit_is_not_judged_on_too_few_examinees() -> None:
    scores = simulated(3000, np.linspace(-1.5, 1.5, 10), seed=4, random_item=3)
    settings = StatisticsSettings(misfit_min_persons=5000)
    flags = analyse_exam(build(scores), settings).flags
    assert not [f for f in flags if f.code == FlagCode.MISFIT]
