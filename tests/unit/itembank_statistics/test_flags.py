"""Each flag fires past its threshold, not before, and carries the threshold it used."""

from __future__ import annotations

import numpy as np
import pytest

from itembank.statistics import (
    ExamResponses,
    ExamStatistics,
    Flag,
    FlagCode,
    ItemOptions,
    ItemStatistics,
    OptionStatistics,
    StatisticsSettings,
    TierBand,
    analyse_exam,
)
from itembank.statistics.flags import exam_flags, item_flags

SETTINGS = StatisticsSettings()
ABCD = ItemOptions(option_ids=("A", "B", "C", "D"), key_option_ids=frozenset({"A"}))


def item(
    p: float = 0.6, r: float | None = 0.3, options: list[OptionStatistics] | None = None
) -> ItemStatistics:
    return ItemStatistics(
        item_id="q",
        n=100,
        n_answered=None,
        p=p,
        point_biserial=None,
        corrected_item_total=r,
        p_upper=None,
        p_lower=None,
        discrimination_index=None,
        alpha_if_deleted=None,
        mean_time_seconds=None,
        n_timed=0,
        options=options,
    )


def option(option_id: str, share: float, upper: float, key: bool = False) -> OptionStatistics:
    return OptionStatistics(
        option_id=option_id,
        is_key=key,
        is_omitted=False,
        count=int(share * 100),
        share_of_all=share,
        share_of_responders=share,
        mean_total=None,
        rest_point_biserial=None,
        upper_share=upper,
        lower_share=None,
    )


def codes(flags: list[Flag]) -> list[FlagCode]:
    return [flag.code for flag in flags]


def test_too_easy_above_the_threshold_only() -> None:
    assert codes(item_flags(item(p=0.96), None, SETTINGS)) == [FlagCode.TOO_EASY]
    assert codes(item_flags(item(p=0.95), None, SETTINGS)) == []


def test_too_hard_uses_the_floor_or_the_chance_score_whichever_is_higher() -> None:
    assert codes(item_flags(item(p=0.19), None, SETTINGS)) == [FlagCode.TOO_HARD]
    assert codes(item_flags(item(p=0.22), None, SETTINGS)) == []
    # four options: guessing alone gives 0.25, so 0.22 is below chance
    [flag] = item_flags(item(p=0.22), ABCD, SETTINGS)
    assert (flag.code, flag.threshold) == (FlagCode.TOO_HARD, 0.25)
    assert "chance score" in flag.reason
    # five options: chance 0.2 equals the floor
    five = ItemOptions(option_ids=tuple("ABCDE"), key_option_ids=frozenset({"A"}))
    assert item_flags(item(p=0.21), five, SETTINGS) == []


def test_low_and_negative_discrimination_are_exclusive() -> None:
    assert codes(item_flags(item(r=0.14), None, SETTINGS)) == [FlagCode.LOW_DISCRIMINATION]
    assert codes(item_flags(item(r=-0.01), None, SETTINGS)) == [FlagCode.NEGATIVE_DISCRIMINATION]
    assert codes(item_flags(item(r=0.15), None, SETTINGS)) == []
    assert codes(item_flags(item(p=1.0, r=None), None, SETTINGS)) == [FlagCode.TOO_EASY]


def test_non_functioning_distractor() -> None:
    options = [
        option("A", 0.70, 0.9, key=True),
        option("B", 0.20, 0.1),
        option("C", 0.06, 0.0),
        option("D", 0.04, 0.0),
    ]
    flags = item_flags(item(options=options), ABCD, SETTINGS)
    assert [(f.code, f.option_id, f.threshold) for f in flags] == [
        (FlagCode.NON_FUNCTIONING_DISTRACTOR, "D", 0.05)
    ]


def test_likely_miskeyed_when_a_distractor_draws_more_of_the_upper_group() -> None:
    options = [
        option("A", 0.30, 0.20, key=True),
        option("B", 0.50, 0.70),
        option("C", 0.10, 0.05),
        option("D", 0.10, 0.05),
    ]
    flags = [f for f in item_flags(item(options=options), ABCD, SETTINGS) if f.option_id == "B"]
    assert [(f.code, f.value, f.threshold) for f in flags] == [
        (FlagCode.LIKELY_MISKEYED, 0.70, 0.20)
    ]


def test_miskey_is_found_in_real_data() -> None:
    # Item q: strong examinees pick B, but the author keyed A. Five sound items (right = A,
    # wrong = B) make the total score reflect ability.
    rng = np.random.default_rng(1)
    ability = rng.normal(size=400)
    sound = rng.random((400, 5)) < 1 / (1 + np.exp(-ability[:, None]))
    picks_b = rng.random(400) < 1 / (1 + np.exp(-2 * ability))
    q_choice = np.where(picks_b, 1, rng.choice([0, 2, 3], size=400))
    choices = np.column_stack([q_choice, np.where(sound, 0, 1)])
    scores = (choices == 0).astype(np.uint8)
    data = ExamResponses.build(
        item_ids=["q", "r1", "r2", "r3", "r4", "r5"],
        scores=scores,
        choices=choices,
        item_options=[ABCD] * 6,
    )
    flags = analyse_exam(data, StatisticsSettings(run_rasch=False)).flags
    found = [(f.code, f.item_id, f.option_id) for f in flags]
    assert (FlagCode.LIKELY_MISKEYED, "q", "B") in found
    assert (FlagCode.NEGATIVE_DISCRIMINATION, "q", None) in found
    assert not [f for f in found if f[0] == FlagCode.LIKELY_MISKEYED and f[1] != "q"]


def exam(rate: float | None, alpha: float | None = 0.9) -> ExamStatistics:
    return ExamStatistics(
        attempts=100,
        items=50,
        mean=30.0,
        sd=5.0,
        sd_sample=5.0,
        score_distribution=[],
        alpha=alpha,
        sem=1.0,
        group_size=27,
        cut_score=None,
        within_one_sem_of_cut=None,
        first_attempts=100 if rate is not None else None,
        first_attempt_pass_rate=rate,
        pass_rates_by_attempt=[],
    )


@pytest.mark.parametrize(
    ("tier", "rate", "expected"),
    [
        ("foundation", 0.75, []),
        ("foundation", 0.81, [FlagCode.FIRST_ATTEMPTS_ABOVE_BAND]),
        ("foundation", 0.69, [FlagCode.FIRST_ATTEMPTS_BELOW_BAND]),
        (
            "foundation",
            0.86,
            [FlagCode.FIRST_ATTEMPTS_ABOVE_CEILING, FlagCode.FIRST_ATTEMPTS_ABOVE_BAND],
        ),
        ("expert", 0.44, [FlagCode.FIRST_ATTEMPTS_BELOW_BAND]),
        ("expert", 0.60, []),
        ("practitioner", 0.71, [FlagCode.FIRST_ATTEMPTS_ABOVE_BAND]),
        (None, 0.86, [FlagCode.FIRST_ATTEMPTS_ABOVE_CEILING]),  # no tier: only the ceiling
        ("unknown-tier", 0.30, []),
        ("foundation", None, []),  # no outcomes: nothing to judge
    ],
)
def test_first_attempt_pass_rate_flags(
    tier: str | None, rate: float | None, expected: list[FlagCode]
) -> None:
    assert codes(exam_flags(exam(rate), tier, SETTINGS)) == expected


def test_tier_bands_come_from_the_settings() -> None:
    settings = StatisticsSettings(tier_bands=(TierBand(tier="foundation", low=0.5, high=0.6),))
    [flag] = exam_flags(exam(0.65), "foundation", settings)
    assert (flag.code, flag.threshold, flag.value) == (
        FlagCode.FIRST_ATTEMPTS_ABOVE_BAND,
        0.6,
        0.65,
    )


def test_low_reliability() -> None:
    [flag] = exam_flags(exam(None, alpha=0.69), None, SETTINGS)
    assert (flag.code, flag.threshold, flag.value) == (FlagCode.LOW_RELIABILITY, 0.7, 0.69)
    assert exam_flags(exam(None, alpha=0.7), None, SETTINGS) == []
    assert exam_flags(exam(None, alpha=None), None, SETTINGS) == []
