"""check_feasibility is exact: no shortfalls iff exhaustive search finds a form."""

from __future__ import annotations

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from itembank.assembly import assemble_form
from itembank.blueprint import Blueprint, BlueprintInfeasible, Candidate, check_feasibility
from tests.unit.itembank_exam.brute_force import form_exists
from tests.unit.itembank_exam.strategies import Planted, banks, blueprints, near_misses, planted


@settings(max_examples=500, deadline=None)
@given(case=st.one_of(st.tuples(blueprints(), banks()), near_misses()))
def test_no_shortfall_exactly_when_a_form_exists(case: tuple[Blueprint, list[Candidate]]) -> None:
    blueprint, bank = case
    shortfalls = check_feasibility(blueprint, bank)
    exists = form_exists(blueprint, bank)
    event("feasible" if exists else "infeasible")
    event(" ".join(sorted({s.reason.value for s in shortfalls})) or "no shortfall")
    assert (shortfalls == []) == exists


@settings(max_examples=200, deadline=None)
@given(case=st.one_of(st.tuples(blueprints(), banks()), near_misses()), seed=st.integers(0, 2**32))
def test_infeasible_blueprints_are_explained_and_refused(
    case: tuple[Blueprint, list[Candidate]], seed: int
) -> None:
    blueprint, bank = case
    shortfalls = check_feasibility(blueprint, bank)
    if not shortfalls:
        assemble_form(blueprint, bank, seed=seed)
        return
    assert all(s.short_by >= 1 and s.required > s.available and s.message for s in shortfalls)
    assert all(set(s.domains) <= set(blueprint.domain_counts) for s in shortfalls)
    with pytest.raises(BlueprintInfeasible) as refused:
        assemble_form(blueprint, bank, seed=seed)
    assert list(refused.value.shortfalls) == shortfalls


@settings(max_examples=100, deadline=None)
@given(case=planted(max_items=14, max_sets=5))
def test_a_planted_form_is_always_found(case: Planted) -> None:
    assert check_feasibility(case.blueprint, case.bank) == []
