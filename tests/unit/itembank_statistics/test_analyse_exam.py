"""The entry point end to end: every part present, JSON-ready, deterministic."""

from __future__ import annotations

import dataclasses
import json

import numpy as np

from itembank.statistics import (
    ExamResponses,
    FlagCode,
    ItemOptions,
    StatisticsSettings,
    analyse_classical,
    analyse_exam,
)

OPTIONS = ("A", "B", "C", "D")


def simulated_exam(n: int = 600, k: int = 12, seed: int = 9) -> ExamResponses:
    rng = np.random.default_rng(seed)
    theta = rng.normal(size=n)
    b = np.linspace(-2, 2, k)
    correct = rng.random((n, k)) < 1 / (1 + np.exp(-(theta[:, None] - b)))
    keys = rng.integers(0, 4, k)
    wrong = (keys + 1 + rng.choice([0, 0, 1, 2], size=(n, k))) % 4
    choices = np.where(correct, keys, wrong)
    choices[rng.random((n, k)) < 0.02] = -1
    choices[:, 0] = keys[0]  # an item everyone answers correctly
    scores = (choices == keys).astype(np.uint8)
    times = rng.lognormal(3, 0.4, (n, k))
    times[rng.random((n, k)) < 0.1] = np.nan
    return ExamResponses.build(
        item_ids=[f"rev-{j}" for j in range(k)],
        scores=scores,
        choices=choices,
        item_options=[
            ItemOptions(option_ids=OPTIONS, key_option_ids=frozenset({OPTIONS[key]}))
            for key in keys
        ],
        times=times,
        passed=scores.sum(axis=1) >= 7,
        attempt_numbers=rng.choice([1, 1, 2], size=n),
        cut_score=7,
        tier="practitioner",
    )


def test_everything_is_reported_and_json_ready() -> None:
    analysis = analyse_exam(simulated_exam(), StatisticsSettings())
    document = json.loads(json.dumps(dataclasses.asdict(analysis), allow_nan=False))
    assert set(document) == {"exam", "items", "rasch", "flags"}
    assert len(document["items"]) == 12
    assert all(len(item["options"]) == 5 for item in document["items"])
    assert all(item["mean_time_seconds"] is not None for item in document["items"])
    assert document["exam"]["first_attempt_pass_rate"] is not None
    assert document["rasch"]["estimable"] is True
    first = document["rasch"]["items"][0]
    assert (first["estimable"], first["not_estimable_reason"]) == (
        False,
        "everyone answered it correctly (p = 1)",
    )
    assert (FlagCode.TOO_EASY.value, "rev-0") in [
        (flag["code"], flag["item_id"]) for flag in document["flags"]
    ]


def test_the_classical_part_equals_analyse_classical() -> None:
    data = simulated_exam()
    analysis = analyse_exam(data, StatisticsSettings())
    classical = analyse_classical(data)
    assert analysis.exam == classical.exam
    assert analysis.items == classical.items


def test_deterministic() -> None:
    data = simulated_exam()
    assert analyse_exam(data, StatisticsSettings()) == analyse_exam(data, StatisticsSettings())


def test_rasch_can_be_switched_off() -> None:
    analysis = analyse_exam(simulated_exam(), StatisticsSettings(run_rasch=False))
    assert analysis.rasch is None
    assert not [flag for flag in analysis.flags if flag.code == FlagCode.MISFIT]
