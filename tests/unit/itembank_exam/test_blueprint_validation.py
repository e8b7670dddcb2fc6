"""Blueprint validation lists every problem at once; valid blueprints expose exact bounds."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from itembank import Kind
from itembank.blueprint import Blueprint, InvalidBlueprint, KindRange

SCENARIO, DIAGNOSTIC, SYNTHESIS, RECALL = tuple(Kind)


def problem_fields(**fields: object) -> list[str | None]:
    with pytest.raises(InvalidBlueprint) as invalid:
        Blueprint(**fields)  # type: ignore[arg-type]
    return [problem.field for problem in invalid.value.problems]


def test_a_valid_blueprint_totals_its_domains_and_floors_the_recall_cap_exactly() -> None:
    blueprint = Blueprint({"b": 60, "a": 40}, recall_cap=0.29)
    assert blueprint.total_items == 100
    assert blueprint.recall_limit == 29
    assert list(blueprint.domain_counts) == ["a", "b"]
    assert Blueprint({"a": 40}).recall_limit == 8
    assert Blueprint({"a": 7}, recall_cap=Decimal("0.5")).recall_limit == 3


def test_every_problem_is_reported_at_once() -> None:
    fields = problem_fields(
        domain_counts={"a": 0, " ": 2},
        kind_counts={SCENARIO: 1, "essay": 1},
        recall_cap=1.5,
    )
    assert fields == [
        "domain_counts.a",
        "domain_counts",
        "recall_cap",
        "kind_counts.essay",
    ]


def test_an_empty_blueprint_is_refused() -> None:
    assert problem_fields(domain_counts={}) == ["domain_counts"]


def test_exact_kind_counts_must_add_up_and_respect_the_recall_cap() -> None:
    assert problem_fields(domain_counts={"a": 10}, kind_counts={SCENARIO: 9}) == ["kind_counts"]
    assert problem_fields(domain_counts={"a": 10}, kind_counts={SCENARIO: 7, RECALL: 3}) == [
        "kind_counts.recall"
    ]
    assert problem_fields(domain_counts={"a": 2}, kind_counts={SCENARIO: 3, RECALL: -1}) == [
        "kind_counts.recall"
    ]


def test_kind_counts_and_ranges_exclude_each_other() -> None:
    fields = problem_fields(
        domain_counts={"a": 1}, kind_counts={SCENARIO: 1}, kind_ranges={SCENARIO: KindRange()}
    )
    assert fields == ["kind_counts"]


def test_kind_ranges_must_be_ordered_and_able_to_sum_to_the_total() -> None:
    assert problem_fields(domain_counts={"a": 5}, kind_ranges={SCENARIO: KindRange(3, 2)}) == [
        "kind_ranges.scenario"
    ]
    assert problem_fields(
        domain_counts={"a": 5}, kind_ranges={SCENARIO: KindRange(3), DIAGNOSTIC: KindRange(3)}
    ) == ["kind_ranges"]
    tight = {kind: KindRange(0, 1) for kind in (SCENARIO, DIAGNOSTIC, SYNTHESIS)}
    assert problem_fields(domain_counts={"a": 5}, kind_ranges=tight, recall_cap=0.2) == [
        "kind_ranges"
    ]
    assert problem_fields(domain_counts={"a": 10}, kind_ranges={RECALL: KindRange(3)}) == [
        "kind_ranges.recall"
    ]


def test_kind_bounds_follow_the_mode_and_fold_in_the_recall_cap() -> None:
    exact = Blueprint({"a": 10}, kind_counts={SCENARIO: 8, RECALL: 2})
    assert exact.kind_bounds(SCENARIO) == (8, 8)
    assert exact.kind_bounds(DIAGNOSTIC) == (0, 0)
    ranged = Blueprint({"a": 10}, kind_ranges={SCENARIO: KindRange(2, 20), RECALL: KindRange(1, 5)})
    assert ranged.kind_bounds(SCENARIO) == (2, 10)
    assert ranged.kind_bounds(RECALL) == (1, 2)
    assert ranged.kind_bounds(SYNTHESIS) == (0, 10)
    free = Blueprint({"a": 10}, recall_cap=Fraction(1, 2))
    assert free.kind_bounds(RECALL) == (0, 5)
