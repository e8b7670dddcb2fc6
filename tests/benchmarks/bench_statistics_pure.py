"""Timings of itembank.statistics on Rasch-simulated data (a script, not a pytest test).

    python tests/benchmarks/bench_statistics_pure.py [--examinees 10000] [--items 100]

Simulates N examinees x k four-option items under the Rasch model (abilities ~ N(0, 1),
difficulties ~ U(-2.5, 2.5)), 2% omissions, wrong answers spread unevenly over the three
distractors, times on item (5% not recorded) and attempt outcomes; then times building the
input, the classical analysis, the Rasch calibration and the whole ``analyse_exam``, each the
best of several runs, and prints the peak RSS of the process. Targets on the 2-core dev
machine: classical < 1 s and Rasch < 5 s for 10,000 x 100.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from itembank.statistics import (
    ExamResponses,
    ItemOptions,
    StatisticsSettings,
    analyse_classical,
    analyse_exam,
    calibrate_rasch,
)

OPTIONS = ("A", "B", "C", "D")


def simulate(n: int, k: int, seed: int) -> dict[str, Any]:
    rng = np.random.default_rng(seed)
    theta = rng.normal(0.0, 1.0, n)
    b = rng.uniform(-2.5, 2.5, k)
    correct = rng.random((n, k)) < 1.0 / (1.0 + np.exp(-(theta[:, None] - b[None, :])))
    omitted = rng.random((n, k)) < 0.02
    keys = rng.integers(0, len(OPTIONS), k)
    distractor_rank = rng.choice([0, 0, 0, 1, 1, 2], size=(n, k))
    wrong = (keys[None, :] + 1 + distractor_rank) % len(OPTIONS)
    choices = np.where(correct, keys[None, :], wrong)
    choices = np.where(omitted, -1, choices)
    scores = (choices == keys[None, :]).astype(np.uint8)
    times = rng.lognormal(3.5, 0.5, (n, k))
    times[rng.random((n, k)) < 0.05] = np.nan
    attempt_numbers = rng.choice([1, 1, 1, 2, 3], size=n)
    cut = int(0.6 * k)
    return {
        "item_ids": [f"rev-{j:04d}" for j in range(k)],
        "scores": scores,
        "choices": choices,
        "item_options": [
            ItemOptions(option_ids=OPTIONS, key_option_ids=frozenset({OPTIONS[key]}))
            for key in keys.tolist()
        ],
        "times": times,
        "passed": scores.sum(axis=1) >= cut,
        "attempt_numbers": attempt_numbers,
        "cut_score": float(cut),
        "tier": "practitioner",
        "true_b": b,
    }


def best_of(runs: int, action: Callable[[], Any]) -> tuple[float, Any]:
    best = float("inf")
    result = None
    for _ in range(runs):
        start = time.perf_counter()
        result = action()
        best = min(best, time.perf_counter() - start)
    return best, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examinees", type=int, default=10_000)
    parser.add_argument("--items", type=int, default=100)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=20240601)
    args = parser.parse_args()

    raw = simulate(args.examinees, args.items, args.seed)
    true_b = raw.pop("true_b")
    settings = StatisticsSettings()
    print(f"{args.examinees:,} examinees x {args.items} items, best of {args.runs} runs")

    t_build, data = best_of(args.runs, lambda: ExamResponses.build(**raw))
    t_classical, classical = best_of(args.runs, lambda: analyse_classical(data))
    t_rasch, rasch = best_of(args.runs, lambda: calibrate_rasch(data, settings))
    t_all, analysis = best_of(args.runs, lambda: analyse_exam(data, settings))

    estimated = np.array([item.difficulty for item in rasch.items], dtype=float)
    error = estimated - (true_b - true_b.mean())
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"  build + validate input       {t_build * 1000:8.1f} ms")
    print(f"  classical statistics         {t_classical * 1000:8.1f} ms   (target < 1000 ms)")
    print(
        f"  Rasch CML calibration        {t_rasch * 1000:8.1f} ms   (target < 5000 ms;"
        f" {rasch.iterations} Newton steps)"
    )
    print(f"  analyse_exam (all + flags)   {t_all * 1000:8.1f} ms")
    print(f"  peak RSS                     {peak_kib / 1024:8.1f} MiB")
    print(
        f"  recovery: RMSE(b) = {np.sqrt(np.mean(error**2)):.3f} logits,"
        f" alpha = {classical.exam.alpha:.3f}, flags = {len(analysis.flags)}"
    )


if __name__ == "__main__":
    main()
