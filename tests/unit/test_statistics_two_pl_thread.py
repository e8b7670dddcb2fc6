"""The report's 2PL is fitted in a thread of its own, and its result (or failure) reaches
the caller."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from itembank.statistics import ExamResponses, IrtSettings, TwoPLCalibration, calibrate_2pl
from service.statistics import two_pl_thread
from service.statistics.two_pl_thread import two_pl_beside


def _data() -> ExamResponses:
    rng = np.random.default_rng(3)
    theta = rng.normal(0.0, 1.0, 400)
    b = np.linspace(-1.0, 1.0, 6)
    scores = (rng.random((400, 6)) < 1 / (1 + np.exp(-(theta[:, None] - b)))).astype(np.uint8)
    return ExamResponses.build(item_ids=[f"i{j}" for j in range(6)], scores=scores)


def test_the_2pl_is_fitted_in_another_thread_and_equals_one_fitted_here(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    threads: list[str] = []
    used: list[IrtSettings | None] = []

    def recording(data: ExamResponses, settings: IrtSettings | None) -> TwoPLCalibration:
        threads.append(threading.current_thread().name)
        used.append(settings)
        return calibrate_2pl(data, settings)

    monkeypatch.setattr(two_pl_thread, "calibrate_2pl", recording)
    data = _data()
    settings = IrtSettings()
    with two_pl_beside(data, settings) as two_pl:
        fitted = two_pl()
    assert len(threads) == 1 and threads[0] != threading.current_thread().name
    assert threads[0].startswith("accredo-2pl") and used == [settings]
    assert fitted == calibrate_2pl(data, settings)


def test_a_failed_fit_raises_where_its_result_is_asked_for(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def failing(data: ExamResponses, settings: IrtSettings | None) -> TwoPLCalibration:
        raise FloatingPointError("diverged")

    monkeypatch.setattr(two_pl_thread, "calibrate_2pl", failing)
    with two_pl_beside(_data()) as two_pl, pytest.raises(FloatingPointError, match="diverged"):
        two_pl()
