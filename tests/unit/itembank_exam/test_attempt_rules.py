"""The rules of a running attempt (deadline, grace, answer check) and the one 0/1 scoring rule."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from itembank import Kind, Problem, ResponseFormat
from itembank.attempts import answer_problems, attempt_deadline, closing_time, is_overdue
from itembank.scoring import MultipleResponseScoring, ScoringItem, dichotomous_score, item_points

START = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
OPTIONS = ("A", "B", "C", "D")


def test_the_deadline_is_the_start_plus_the_time_limit() -> None:
    assert attempt_deadline(START, 3600) == START + timedelta(hours=1)


def test_an_accommodation_stretches_the_time_limit_to_the_microsecond() -> None:
    assert attempt_deadline(START, 3600, 1.5) == START + timedelta(minutes=90)
    assert attempt_deadline(START, 61, 1.25) == START + timedelta(seconds=76, microseconds=250_000)


@pytest.mark.parametrize(
    ("limit", "multiplier"),
    [(0, 1.0), (-60, 1.0), (60, 0.0), (60, -1.0), (60, float("nan")), (60, float("inf"))],
)
def test_a_deadline_needs_a_positive_limit_and_multiplier(limit: int, multiplier: float) -> None:
    with pytest.raises(ValueError, match=r"must be (a )?positive"):
        attempt_deadline(START, limit, multiplier)


def test_an_attempt_is_overdue_only_after_the_deadline_plus_grace() -> None:
    deadline = attempt_deadline(START, 600)
    grace = timedelta(seconds=30)
    assert closing_time(deadline, grace) == START + timedelta(seconds=630)
    assert not is_overdue(deadline, grace, START + timedelta(seconds=629))
    assert not is_overdue(deadline, grace, START + timedelta(seconds=630))
    assert is_overdue(deadline, grace, START + timedelta(seconds=630, microseconds=1))
    assert is_overdue(deadline, timedelta(0), deadline + timedelta(microseconds=1))


def test_the_grace_period_cannot_be_negative() -> None:
    with pytest.raises(ValueError, match="grace period cannot be negative"):
        closing_time(START, timedelta(seconds=-1))


@pytest.mark.parametrize(
    ("response_format", "chosen"),
    [
        (ResponseFormat.SINGLE, []),
        (ResponseFormat.SINGLE, ["C"]),
        (ResponseFormat.MULTIPLE, []),
        (ResponseFormat.MULTIPLE, ["A"]),
        (ResponseFormat.MULTIPLE, ["D", "A", "B"]),
    ],
)
def test_valid_answers_have_no_problem(response_format: ResponseFormat, chosen: list[str]) -> None:
    assert answer_problems(OPTIONS, response_format, chosen) == []


def test_an_answer_names_every_problem_at_once() -> None:
    problems = answer_problems(OPTIONS, ResponseFormat.SINGLE, ["A", "Z", "A"], where="item 3")
    assert problems == [
        Problem(field="chosen", reason="'Z' is not an option of item 3"),
        Problem(field="chosen", reason="an option is chosen twice"),
        Problem(field="chosen", reason="this item takes a single answer"),
    ]


def test_an_unknown_option_is_named_for_the_item() -> None:
    assert answer_problems(OPTIONS, ResponseFormat.MULTIPLE, ["E"]) == [
        Problem(field="chosen", reason="'E' is not an option of this item")
    ]


@pytest.mark.parametrize(
    ("chosen", "score"),
    [
        (["B", "D"], 1),
        (["D", "B"], 1),
        (["B"], 0),
        (["B", "D", "A"], 0),
        ([], 0),
        (["B", "B"], 0),
        (["B", "B", "D"], 0),
    ],
)
def test_dichotomous_score_is_one_only_for_exactly_the_keys(chosen: list[str], score: int) -> None:
    assert dichotomous_score(frozenset({"B", "D"}), chosen) == score


@given(
    keys=st.sets(st.sampled_from(OPTIONS), min_size=1),
    chosen=st.sets(st.sampled_from((*OPTIONS, "Z"))),
    response_format=st.sampled_from(ResponseFormat),
)
def test_statistics_and_all_or_nothing_scoring_agree(
    keys: set[str], chosen: set[str], response_format: ResponseFormat
) -> None:
    item = ScoringItem("r1", "d", Kind.RECALL, response_format, frozenset(keys))
    points = item_points(item, frozenset(chosen), MultipleResponseScoring.ALL_OR_NOTHING)
    assert points == Fraction(dichotomous_score(frozenset(keys), sorted(chosen)))
