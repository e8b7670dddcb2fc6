"""Scoring: single and multiple response, both multiple-response rules, sub-scores, study plan."""

from __future__ import annotations

from fractions import Fraction

import pytest

from itembank import Kind, ResponseFormat
from itembank.scoring import (
    InvalidScoringInput,
    MultipleResponseScoring,
    ScoringItem,
    ScoringRules,
    item_points,
    score_form,
)

SINGLE, MULTIPLE = ResponseFormat.SINGLE, ResponseFormat.MULTIPLE
ALL_OR_NOTHING, PARTIAL = MultipleResponseScoring.ALL_OR_NOTHING, MultipleResponseScoring.PARTIAL
MULTI = ScoringItem("m", "d", Kind.SCENARIO, MULTIPLE, frozenset({"a", "b", "c"}))


@pytest.mark.parametrize(
    ("chosen", "partial", "all_or_nothing"),
    [
        ({"a", "b", "c"}, Fraction(1), Fraction(1)),
        ({"a", "b"}, Fraction(2, 3), Fraction(0)),
        ({"a", "b", "d"}, Fraction(1, 3), Fraction(0)),
        ({"a", "b", "c", "d", "e"}, Fraction(1, 3), Fraction(0)),
        ({"a", "d", "e"}, Fraction(0), Fraction(0)),
        ({"d"}, Fraction(0), Fraction(0)),
        (set(), Fraction(0), Fraction(0)),
    ],
)
def test_multiple_response_points(
    chosen: set[str], partial: Fraction, all_or_nothing: Fraction
) -> None:
    assert item_points(MULTI, frozenset(chosen), PARTIAL) == partial
    assert item_points(MULTI, frozenset(chosen), ALL_OR_NOTHING) == all_or_nothing


def test_single_response_needs_exactly_the_key_whatever_the_rule() -> None:
    item = ScoringItem("s", "d", Kind.RECALL, SINGLE, frozenset({"b"}))
    assert item_points(item, frozenset({"b"}), PARTIAL) == 1
    assert item_points(item, frozenset({"a"}), PARTIAL) == 0
    assert item_points(item, frozenset({"a", "b"}), PARTIAL) == 0
    assert item_points(item, frozenset(), PARTIAL) == 0


ITEMS = [
    ScoringItem("q1", "modeling", Kind.SCENARIO, SINGLE, frozenset({"a"})),
    ScoringItem("q2", "modeling", Kind.SCENARIO, SINGLE, frozenset({"b"})),
    ScoringItem("q3", "modeling", Kind.RECALL, MULTIPLE, frozenset({"a", "c"})),
    ScoringItem("q4", "filters", Kind.DIAGNOSTIC, SINGLE, frozenset({"c"})),
    ScoringItem("q5", "filters", Kind.DIAGNOSTIC, SINGLE, frozenset({"d"})),
    ScoringItem("q6", "security", Kind.SYNTHESIS, MULTIPLE, frozenset({"a", "b"})),
    ScoringItem("q7", "security", Kind.SYNTHESIS, SINGLE, frozenset({"a"})),
    ScoringItem("q8", "security", Kind.RECALL, SINGLE, frozenset({"a"})),
    ScoringItem("q9", "security", Kind.SCENARIO, SINGLE, frozenset({"a"})),
    ScoringItem("q10", "security", Kind.SCENARIO, SINGLE, frozenset({"a"})),
]
RESPONSES = {
    "q1": ["a"],
    "q2": ["b"],
    "q3": ["a"],
    "q4": ["c"],
    "q5": ["a"],
    "q6": ["a", "b"],
    "q7": ["a"],
    "q8": ["b"],
    "q9": ["a"],
}


def test_the_report_totals_and_passes_at_exactly_the_cut_score() -> None:
    report = score_form(
        ITEMS, RESPONSES, ScoringRules(cut_score_percent=65, multiple_response=PARTIAL)
    )
    assert report.raw == Fraction(13, 2)
    assert report.max_points == 10
    assert report.percent == 65
    assert report.passed
    strict = score_form(ITEMS, RESPONSES, ScoringRules(cut_score_percent=70))
    assert (strict.raw, strict.percent, strict.passed) == (Fraction(6), Fraction(60), False)


def test_sub_scores_per_domain_and_per_kind() -> None:
    report = score_form(
        ITEMS, RESPONSES, ScoringRules(cut_score_percent=70, multiple_response=PARTIAL)
    )
    domains = {s.name: (s.raw, s.max_points, s.percent) for s in report.by_domain}
    assert domains == {
        "filters": (1, 2, 50),
        "modeling": (Fraction(5, 2), 3, Fraction(250, 3)),
        "security": (3, 5, 60),
    }
    kinds = {s.name: (s.raw, s.max_points) for s in report.by_kind}
    assert kinds == {
        "scenario": (3, 4),
        "diagnostic": (1, 2),
        "synthesis": (2, 2),
        "recall": (Fraction(1, 2), 2),
    }
    assert [s.name for s in report.by_kind] == ["scenario", "diagnostic", "synthesis", "recall"]


def test_the_study_plan_lists_domains_below_mastery_weakest_first() -> None:
    report = score_form(
        ITEMS, RESPONSES, ScoringRules(cut_score_percent=70, multiple_response=PARTIAL)
    )
    assert [(s.name, s.share) for s in report.study_plan] == [
        ("filters", Fraction(1, 2)),
        ("security", Fraction(3, 5)),
    ]
    lenient = ScoringRules(cut_score_percent=70, multiple_response=PARTIAL, mastery_threshold=0.6)
    assert [s.name for s in score_form(ITEMS, RESPONSES, lenient).study_plan] == ["filters"]


def test_each_item_result_shows_keys_choices_and_points() -> None:
    report = score_form(
        ITEMS, RESPONSES, ScoringRules(cut_score_percent=70, multiple_response=PARTIAL)
    )
    by_id = {result.revision_id: result for result in report.items}
    assert by_id["q3"].keys == ("a", "c")
    assert (by_id["q3"].chosen, by_id["q3"].points, by_id["q3"].correct) == (
        ("a",),
        Fraction(1, 2),
        False,
    )
    assert (by_id["q10"].answered, by_id["q10"].correct, by_id["q10"].points) == (
        False,
        False,
        Fraction(0),
    )
    assert (by_id["q1"].answered, by_id["q1"].correct) == (True, True)
    assert [r.revision_id for r in report.items] == [i.revision_id for i in ITEMS]


def test_unscorable_input_lists_every_problem() -> None:
    items = [
        ScoringItem("x", "d", Kind.RECALL, SINGLE, frozenset({"a", "b"})),
        ScoringItem("y", "d", Kind.RECALL, MULTIPLE, frozenset()),
        ScoringItem("y", "d", Kind.RECALL, SINGLE, frozenset({"a"})),
    ]
    with pytest.raises(InvalidScoringInput) as invalid:
        score_form(items, {"stray": ["a"]}, ScoringRules(cut_score_percent=70))
    assert [p.field for p in invalid.value.problems] == [
        "items.y",
        "items.x",
        "items.y",
        "responses.stray",
    ]
    with pytest.raises(InvalidScoringInput):
        score_form([], {}, ScoringRules(cut_score_percent=70))


def test_rules_out_of_range_are_refused() -> None:
    with pytest.raises(InvalidScoringInput) as invalid:
        ScoringRules(cut_score_percent=101, mastery_threshold=Fraction(3, 2))
    assert [p.field for p in invalid.value.problems] == ["cut_score_percent", "mastery_threshold"]
