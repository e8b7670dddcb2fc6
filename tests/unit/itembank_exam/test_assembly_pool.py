"""A prepared pool is only what every draw shares: reusing it changes no draw."""

from __future__ import annotations

from fractions import Fraction
from operator import sub

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from itembank import Kind
from itembank.assembly import BlueprintInfeasible, assemble_form, draw_form, prepare_pool
from itembank.assembly.draw import (
    common_size,
    draw_ranks,
    draw_units,
    preference,
    preference_order,
    ranks_in_key_order,
)
from itembank.blueprint import Blueprint, Candidate, InvalidCandidates
from itembank.blueprint.space import Unit, pool_supply, withdraw
from tests.unit.itembank_exam.strategies import Planted, exposures, planted

CASES = planted(max_items=14, max_sets=4)


@settings(max_examples=100, deadline=None)
@given(case=CASES, data=st.data())
def test_draws_from_one_kept_pool_equal_fresh_assemblies(
    case: Planted, data: st.DataObject
) -> None:
    pool = prepare_pool(case.blueprint, case.bank)
    item_ids = [c.item_id for c in case.bank]
    for _ in range(4):
        seed = data.draw(st.integers(0, 2**64))
        exposure = data.draw(exposures)
        seen = frozenset(data.draw(st.sets(st.sampled_from(item_ids))))
        kept = draw_form(pool, seed=seed, exposure=exposure, seen_by_learner=seen)
        fresh = assemble_form(
            case.blueprint, case.bank, seed=seed, exposure=exposure, seen_by_learner=seen
        )
        assert kept == fresh


def test_a_pool_that_cannot_make_a_form_refuses_every_draw_with_the_shortfalls() -> None:
    bank = [Candidate(f"r{n}", f"i{n}", "alpha", Kind.SCENARIO) for n in range(2)]
    blueprint = Blueprint({"alpha": 3}, recall_cap=Fraction(1, 5))
    pool = prepare_pool(blueprint, bank)
    assert not pool.feasible
    with pytest.raises(BlueprintInfeasible) as kept:
        draw_form(pool, seed=1)
    with pytest.raises(BlueprintInfeasible) as fresh:
        assemble_form(blueprint, bank, seed=1)
    assert kept.value.shortfalls and kept.value.shortfalls == fresh.value.shortfalls


def test_invalid_candidates_are_refused_when_the_pool_is_prepared() -> None:
    twice = [Candidate("r1", "i1", "alpha", Kind.SCENARIO)] * 2
    with pytest.raises(InvalidCandidates):
        prepare_pool(Blueprint({"alpha": 1}), twice)


@settings(max_examples=150, deadline=None)
@given(case=CASES, seed=st.integers(0, 2**64), exposure=exposures, data=st.data())
def test_the_whole_number_preference_orders_as_the_exact_fractions(
    case: Planted, seed: int, exposure: dict[str, int], data: st.DataObject
) -> None:
    seen = frozenset(data.draw(st.sets(st.sampled_from([c.item_id for c in case.bank]))))
    units = prepare_pool(case.blueprint, case.bank).units
    ranks = draw_ranks(units, seed)
    common = common_size(units)

    def exact(unit: Unit) -> tuple[Fraction, Fraction, int]:
        seen_share = Fraction(sum(m.item_id in seen for m in unit.members), unit.size)
        delivered = sum(exposure.get(m.revision_id, 0) for m in unit.members)
        return seen_share, Fraction(delivered, unit.size), ranks[unit.key]

    by_integers = sorted(units, key=lambda u: preference(u, ranks, exposure, seen, common))
    assert by_integers == sorted(units, key=exact)
    assert preference_order(units, ranks, exposure, seen, common) == by_integers


@settings(max_examples=150, deadline=None)
@given(case=CASES, seed=st.integers(0, 2**64), exposure=exposures)
def test_the_kept_supply_of_single_items_draws_as_the_one_counted_per_draw(
    case: Planted, seed: int, exposure: dict[str, int]
) -> None:
    pool = prepare_pool(case.blueprint, case.bank)
    if not pool.feasible:
        return
    ranks = draw_ranks(pool.units, seed)
    ordered = preference_order(pool.units, ranks, exposure, (), common_size(pool.units))
    counted = draw_units(pool.limits, ordered, pool.search_limit)
    assert draw_units(pool.limits, ordered, pool.search_limit, pool.singles_supply) == counted


_KINDS = (Kind.SCENARIO, Kind.DIAGNOSTIC, Kind.SYNTHESIS, Kind.RECALL)
_PINNED_BANK = [
    Candidate(
        f"r{n:02}",
        f"i{n:02}",
        "ab"[n % 2],
        _KINDS[n // 2 % 4],
        "s" if n >= 32 else None,
        (f"o{n}a", f"o{n}b", f"o{n}c"),
    )
    for n in range(36)
]


@pytest.mark.parametrize(
    ("seed", "seen", "revisions", "first_options"),
    [
        (
            0,
            {"i03", "i04"},
            ["r09", "r32", "r33", "r34", "r35", "r06", "r27", "r00", "r21", "r30"],
            ["o9b", "o32b", "o33b", "o34b", "o35b", "o6b", "o27b", "o0b", "o21c", "o30b"],
        ),
        (
            7,
            set(),
            ["r27", "r24", "r09", "r03", "r30", "r15", "r12", "r21", "r00", "r18"],
            ["o27b", "o24b", "o9c", "o3c", "o30b", "o15a", "o12b", "o21b", "o0c", "o18a"],
        ),
    ],
)
def test_a_seed_draws_the_form_it_always_drew(
    seed: int, seen: set[str], revisions: list[str], first_options: list[str]
) -> None:
    """Pinned from the draw as it was before the in-place supply, kept pool keys and folded
    preference keys: making a draw cheaper must not change which form a seed gives. The
    first is drawn for a learner with seen items and holds the item set; the second, for a
    new learner, holds single items only."""
    pool = prepare_pool(Blueprint({"a": 5, "b": 5}), _PINNED_BANK)
    exposure = {f"r{n:02}": n % 3 for n in range(32)}
    form = draw_form(pool, seed=seed, exposure=exposure, seen_by_learner=frozenset(seen))
    assert [item.revision_id for item in form.items] == revisions
    assert [item.option_order[0] for item in form.items] == first_options


@settings(max_examples=100, deadline=None)
@given(case=CASES, seed=st.integers(0, 2**64))
def test_the_pool_keeps_the_ranks_keys_and_common_size_a_draw_would_count(
    case: Planted, seed: int
) -> None:
    pool = prepare_pool(case.blueprint, case.bank)
    assert ranks_in_key_order(pool.unit_keys, seed) == draw_ranks(pool.units, seed)
    assert pool.common == common_size(pool.units)


@settings(max_examples=100, deadline=None)
@given(case=CASES)
def test_withdrawing_a_unit_subtracts_its_supply(case: Planted) -> None:
    pool = prepare_pool(case.blueprint, case.bank)
    supply = list(pool_supply(pool.limits, pool.units))
    for unit in pool.units:
        expected = tuple(map(sub, supply, unit.supply))
        withdraw(supply, unit)
        assert tuple(supply) == expected
    assert not any(supply)
