"""Hand-made feasibility cases: each kind of shortfall, and its numbers and wording."""

from __future__ import annotations

import pytest

from itembank import Kind
from itembank.blueprint import (
    Blueprint,
    Candidate,
    FeasibilitySearchTooLarge,
    KindRange,
    ShortfallReason,
    check_feasibility,
)

SCENARIO, DIAGNOSTIC, SYNTHESIS, RECALL = tuple(Kind)


def items(domain: str, kind: Kind, count: int, set_id: str | None = None) -> list[Candidate]:
    prefix = f"{domain}-{kind}-{set_id or 'single'}"
    return [
        Candidate(f"{prefix}-{n}", f"item-{prefix}-{n}", domain, kind, set_id) for n in range(count)
    ]


def test_a_domain_with_too_few_items_is_short_by_the_difference() -> None:
    bank = items("data.modeling", SCENARIO, 5) + items("reporting.filters", SCENARIO, 6)
    blueprint = Blueprint({"reporting.filters": 6, "data.modeling": 8})
    (shortfall,) = check_feasibility(blueprint, bank)
    assert shortfall.reason == ShortfallReason.DOMAIN_SUPPLY
    assert (shortfall.domains, shortfall.kinds) == (("data.modeling",), ())
    assert (shortfall.required, shortfall.available, shortfall.short_by) == (8, 5, 3)
    assert shortfall.message == (
        'Domain "data.modeling" needs 8 active items, the bank has 5 usable: short by 3.'
    )


def test_the_recall_cap_blocks_a_domain_that_only_recall_can_fill() -> None:
    bank = items("x", RECALL, 10) + items("y", SCENARIO, 30)
    blueprint = Blueprint({"x": 10, "y": 30}, recall_cap=0.2)
    (shortfall,) = check_feasibility(blueprint, bank)
    assert shortfall.reason == ShortfallReason.KIND_LIMIT
    assert (shortfall.domains, shortfall.kinds) == (("x",), (RECALL,))
    assert (shortfall.required, shortfall.available) == (10, 8)
    assert "recall cap 20% of 40 = at most 8 recall items" in shortfall.message


def test_several_domains_can_share_one_kind_shortage() -> None:
    bank = items("a", RECALL, 1) + items("b", RECALL, 1) + items("c", SCENARIO, 8)
    blueprint = Blueprint({"a": 1, "b": 1, "c": 8}, recall_cap=0.1)
    (shortfall,) = check_feasibility(blueprint, bank)
    assert shortfall.reason == ShortfallReason.KIND_LIMIT
    assert (shortfall.domains, shortfall.kinds) == (("a", "b"), (RECALL,))
    assert (shortfall.required, shortfall.available, shortfall.short_by) == (2, 1, 1)
    assert shortfall.message.startswith('Domains "a", "b" can be filled only by using at least 2')


def test_a_kind_minimum_the_bank_cannot_reach_is_reported() -> None:
    bank = items("a", SCENARIO, 2) + items("a", DIAGNOSTIC, 5)
    blueprint = Blueprint({"a": 4}, kind_counts={SCENARIO: 3, DIAGNOSTIC: 1})
    # The same gap seen from both sides: too few scenario items, or too low a diagnostic cap.
    too_low, too_few = sorted(check_feasibility(blueprint, bank), key=lambda s: s.reason)
    assert too_few.reason == ShortfallReason.KIND_SUPPLY
    assert (too_few.kinds, too_few.required, too_few.available) == ((SCENARIO,), 3, 2)
    assert too_low.reason == ShortfallReason.KIND_LIMIT
    assert (too_low.kinds, too_low.required, too_low.available) == ((DIAGNOSTIC,), 2, 1)


def test_a_kind_minimum_limited_by_the_domain_counts_is_reported() -> None:
    bank = items("a", SYNTHESIS, 5) + items("b", SCENARIO, 5)
    blueprint = Blueprint({"a": 2, "b": 3}, kind_ranges={SYNTHESIS: KindRange(minimum=3)})
    (shortfall,) = check_feasibility(blueprint, bank)
    assert shortfall.reason == ShortfallReason.KIND_SUPPLY
    assert (shortfall.kinds, shortfall.required, shortfall.available) == ((SYNTHESIS,), 3, 2)


def test_whole_item_sets_that_cannot_be_combined_are_reported() -> None:
    bank = [
        Candidate("s1-a", "i1", "a", SCENARIO, "s1"),
        Candidate("s1-b", "i2", "b", SCENARIO, "s1"),
        Candidate("s2-a", "i3", "a", SCENARIO, "s2"),
        Candidate("s2-b", "i4", "b", SCENARIO, "s2"),
    ]
    (shortfall,) = check_feasibility(Blueprint({"a": 2, "b": 1}), bank)
    assert shortfall.reason == ShortfallReason.ITEM_SETS
    assert shortfall.short_by >= 1
    assert "whole" in shortfall.message


def test_a_set_too_big_for_its_domain_does_not_count_as_supply() -> None:
    bank = items("a", SCENARIO, 3, set_id="big") + items("a", SCENARIO, 1)
    (shortfall,) = check_feasibility(Blueprint({"a": 2}), bank)
    assert (shortfall.reason, shortfall.available) == (ShortfallReason.DOMAIN_SUPPLY, 1)


def test_a_set_reaching_into_an_unlisted_domain_is_unusable() -> None:
    bank = items("a", SCENARIO, 1, set_id="mixed") + items("z", SCENARIO, 1, set_id="mixed")
    (shortfall,) = check_feasibility(Blueprint({"a": 1}), bank)
    assert (shortfall.reason, shortfall.available) == (ShortfallReason.DOMAIN_SUPPLY, 0)


def test_exact_kind_counts_and_sets_that_fit_are_feasible() -> None:
    bank = (
        items("a", SCENARIO, 2, set_id="case")
        + items("a", RECALL, 1, set_id="case")
        + items("a", DIAGNOSTIC, 4)
        + items("b", SCENARIO, 3)
    )
    blueprint = Blueprint(
        {"a": 5, "b": 2}, kind_counts={SCENARIO: 4, DIAGNOSTIC: 2, RECALL: 1}, recall_cap=0.2
    )
    assert check_feasibility(blueprint, bank) == []


def test_the_search_stops_at_its_limit_instead_of_guessing() -> None:
    bank = [
        Candidate(f"r{n}", f"i{n}", "a", kind, f"set-{n}")
        for n, kind in enumerate([SCENARIO, DIAGNOSTIC, SYNTHESIS, RECALL] * 2)
    ] + items("a", SCENARIO, 1)
    blueprint = Blueprint(
        {"a": 6}, kind_counts={SCENARIO: 3, DIAGNOSTIC: 1, SYNTHESIS: 1, RECALL: 1}, recall_cap=1
    )
    assert check_feasibility(blueprint, bank) == []
    with pytest.raises(FeasibilitySearchTooLarge):
        check_feasibility(blueprint, bank, search_limit=1)
