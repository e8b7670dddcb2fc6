"""Hand-made cases for form assembly."""

from __future__ import annotations

from fractions import Fraction

import pytest

from itembank import Kind
from itembank.assembly import BlueprintInfeasible, assemble_form
from itembank.blueprint import Blueprint, Candidate, InvalidCandidates

SCENARIO, DIAGNOSTIC, RECALL = Kind.SCENARIO, Kind.DIAGNOSTIC, Kind.RECALL


def item(n: int, domain: str, kind: Kind, set_id: str | None = None) -> Candidate:
    return Candidate(f"rev-{n}", f"item-{n}", domain, kind, set_id, ("a", "b", "c", "d"))


def test_an_all_unseen_form_is_found_even_when_greed_would_miss_it() -> None:
    # Taking rev-1 (unseen) first would force rev-4, which the learner has seen.
    bank = [
        item(1, "A", SCENARIO),
        item(2, "A", RECALL),
        item(3, "B", SCENARIO),
        item(4, "B", RECALL),
    ]
    blueprint = Blueprint(
        {"A": 1, "B": 1}, kind_counts={SCENARIO: 1, RECALL: 1}, recall_cap=Fraction(1, 2)
    )
    for seed in range(40):
        form = assemble_form(blueprint, bank, seed=seed, seen_by_learner={"item-4"})
        assert set(form.revision_ids) == {"rev-2", "rev-3"}


def test_seen_items_fill_in_only_what_unseen_items_cannot() -> None:
    bank = [item(n, "A", SCENARIO) for n in range(5)]
    seen = {"item-0", "item-1", "item-2"}
    for seed in range(20):
        form = assemble_form(Blueprint({"A": 3}), bank, seed=seed, seen_by_learner=seen)
        assert {"rev-3", "rev-4"} <= set(form.revision_ids)


def test_an_item_set_is_delivered_whole_contiguous_and_in_its_own_order() -> None:
    bank = [
        item(0, "A", SCENARIO, "case"),
        item(1, "A", SCENARIO),
        item(2, "A", DIAGNOSTIC, "case"),
        item(3, "A", SCENARIO),
        item(4, "A", RECALL, "case"),
        item(5, "A", SCENARIO),
    ]
    blueprint = Blueprint({"A": 5}, kind_counts={SCENARIO: 3, DIAGNOSTIC: 1, RECALL: 1})
    for seed in range(30):
        ids = list(assemble_form(blueprint, bank, seed=seed).revision_ids)
        start = ids.index("rev-0")
        assert ids[start : start + 3] == ["rev-0", "rev-2", "rev-4"]


def test_the_recall_cap_holds_even_when_the_bank_is_mostly_recall() -> None:
    bank = [item(n, "A", RECALL) for n in range(20)] + [
        item(n, "A", SCENARIO) for n in range(20, 28)
    ]
    blueprint = Blueprint({"A": 10}, recall_cap=0.2)
    for seed in range(30):
        form = assemble_form(blueprint, bank, seed=seed)
        assert sum(i.kind == RECALL for i in form.items) <= 2


def test_unshuffled_forms_keep_bank_order_and_option_order() -> None:
    bank = [item(n, "A", SCENARIO) for n in range(6)]
    form = assemble_form(
        Blueprint({"A": 6}), bank, seed=5, shuffle_items=False, shuffle_options=False
    )
    assert form.revision_ids == tuple(c.revision_id for c in bank)
    assert all(i.option_order == ("a", "b", "c", "d") for i in form.items)
    assert form.seed == 5


def test_shuffled_forms_vary_with_the_seed_and_record_each_option_order() -> None:
    bank = [item(n, "A", SCENARIO) for n in range(6)]
    forms = [assemble_form(Blueprint({"A": 6}), bank, seed=seed) for seed in range(10)]
    assert len({form.revision_ids for form in forms}) > 1
    assert len({form.items[0].option_order for form in forms}) > 1
    for form in forms:
        assert all(sorted(i.option_order) == ["a", "b", "c", "d"] for i in form.items)


def test_candidates_outside_the_blueprint_domains_are_never_drawn() -> None:
    bank = [item(n, "A", SCENARIO) for n in range(3)] + [
        item(3, "Z", SCENARIO),
        item(4, "A", SCENARIO, "mixed"),
        item(5, "Z", SCENARIO, "mixed"),
    ]
    for seed in range(20):
        form = assemble_form(Blueprint({"A": 3}), bank, seed=seed)
        assert set(form.revision_ids) == {"rev-0", "rev-1", "rev-2"}


def test_an_impossible_blueprint_raises_with_the_shortfalls() -> None:
    bank = [item(n, "data.modeling", SCENARIO) for n in range(5)]
    with pytest.raises(BlueprintInfeasible) as refused:
        assemble_form(Blueprint({"data.modeling": 8}), bank, seed=1)
    (shortfall,) = refused.value.shortfalls
    assert (shortfall.domains, shortfall.short_by) == (("data.modeling",), 3)
    assert "short by 3" in str(refused.value)


def test_two_revisions_of_one_item_are_refused() -> None:
    twin = Candidate("rev-9", "item-1", "A", SCENARIO)
    with pytest.raises(InvalidCandidates) as refused:
        assemble_form(Blueprint({"A": 1}), [item(1, "A", SCENARIO), twin], seed=1)
    assert [p.field for p in refused.value.problems] == ["candidates.item-1"]
