"""Properties of assemble_form over random banks that hold at least one feasible form."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from collections.abc import Set as AbstractSet

from hypothesis import given, settings
from hypothesis import strategies as st

from itembank import Kind
from itembank.assembly import Form, arrange_form, assemble_form
from itembank.blueprint import Candidate
from tests.unit.itembank_exam.brute_force import (
    form_candidates,
    form_exists,
    meets_blueprint,
    units_of,
)
from tests.unit.itembank_exam.strategies import Planted, exposures, planted

SEEDS = st.integers(0, 2**64)
CASES = planted(max_items=14, max_sets=4)
LARGER_CASES = planted(max_items=24, max_sets=6)


def unit_sequence(form: Form) -> list[str]:
    """The form as a sequence of blocks: a set id once per contiguous run, else the revision."""
    sequence: list[str] = []
    for item in form.items:
        key = item.item_set_id or item.revision_id
        if not sequence or sequence[-1] != key:
            sequence.append(key)
    return sequence


def seen_items(data: st.DataObject, bank: Sequence[Candidate]) -> frozenset[str]:
    return frozenset(data.draw(st.sets(st.sampled_from([c.item_id for c in bank]))))


def draw(
    case: Planted,
    seed: int,
    exposure: Mapping[str, int],
    seen: AbstractSet[str],
    shuffle: bool = True,
    bank: Sequence[Candidate] | None = None,
) -> Form:
    return assemble_form(
        case.blueprint,
        case.bank if bank is None else bank,
        seed=seed,
        exposure=exposure,
        seen_by_learner=seen,
        shuffle_items=shuffle,
        shuffle_options=shuffle,
    )


@settings(max_examples=150, deadline=None)
@given(case=LARGER_CASES, seed=SEEDS, exposure=exposures, shuffle=st.booleans(), data=st.data())
def test_form_meets_the_blueprint_and_keeps_sets_whole(
    case: Planted, seed: int, exposure: dict[str, int], shuffle: bool, data: st.DataObject
) -> None:
    form = draw(case, seed, exposure, seen_items(data, case.bank), shuffle)
    items = form_candidates(form, case.bank)
    assert meets_blueprint(case.blueprint, items)
    recall = sum(item.kind == Kind.RECALL for item in items)
    assert recall <= case.blueprint.recall_cap * case.blueprint.total_items
    assert len({item.item_id for item in items}) == len(items)
    blocks = unit_sequence(form)
    assert len(blocks) == len(set(blocks)), "an item set was split"
    for set_id in {item.item_set_id for item in items} - {None}:
        delivered = [item for item in items if item.item_set_id == set_id]
        assert delivered == [c for c in case.bank if c.item_set_id == set_id]
    for item, candidate in zip(form.items, items, strict=True):
        assert sorted(item.option_order) == sorted(candidate.option_ids)
        if not shuffle:
            assert item.option_order == candidate.option_ids
    if not shuffle:
        starts = [
            case.bank.index(item)
            for n, item in enumerate(items)
            if item.item_set_id is None or n == 0 or items[n - 1].item_set_id != item.item_set_id
        ]
        assert starts == sorted(starts)


@settings(max_examples=100, deadline=None)
@given(case=CASES, seed=SEEDS, exposure=exposures, shuffle=st.booleans(), data=st.data())
def test_the_seed_determines_the_form(
    case: Planted, seed: int, exposure: dict[str, int], shuffle: bool, data: st.DataObject
) -> None:
    seen = seen_items(data, case.bank)
    form = draw(case, seed, exposure, seen, shuffle)
    assert draw(case, seed, dict(exposure), set(seen), shuffle, list(case.bank)) == form
    chosen = form_candidates(form, case.bank)
    assert arrange_form(chosen, seed=seed, shuffle_items=shuffle, shuffle_options=shuffle) == form
    reordered = data.draw(st.permutations(case.bank))
    shuffled = draw(case, seed, exposure, seen)
    from_reordered = draw(case, seed, exposure, seen, bank=reordered)
    assert unit_sequence(from_reordered) == unit_sequence(shuffled)
    assert {i.revision_id: i.option_order for i in from_reordered.items} == {
        i.revision_id: i.option_order for i in shuffled.items
    }


@settings(max_examples=100, deadline=None)
@given(case=CASES, seed=SEEDS, exposure=exposures, data=st.data())
def test_items_the_learner_saw_are_used_only_when_unavoidable(
    case: Planted, seed: int, exposure: dict[str, int], data: st.DataObject
) -> None:
    planted_items = {item.item_id for item in case.form}
    outside = [c.item_id for c in case.bank if c.item_id not in planted_items]
    seen_outside = (
        frozenset(data.draw(st.sets(st.sampled_from(outside)))) if outside else frozenset()
    )
    form = draw(case, seed, exposure, seen_outside)
    assert not {item.item_id for item in form.items} & seen_outside

    seen = seen_items(data, case.bank)
    form = draw(case, seed, exposure, seen)
    if {item.item_id for item in form.items} & seen:
        unseen_units = [u for u in units_of(case.bank) if all(c.item_id not in seen for c in u)]
        unseen_bank = [c for unit in unseen_units for c in unit]
        assert not form_exists(case.blueprint, unseen_bank)


@settings(max_examples=150, deadline=None)
@given(case=CASES, seed=SEEDS, exposure=exposures, data=st.data())
def test_chosen_single_items_are_the_most_preferred_of_their_domain_and_kind(
    case: Planted, seed: int, exposure: dict[str, int], data: st.DataObject
) -> None:
    seen = seen_items(data, case.bank)
    form = draw(case, seed, exposure, seen)
    chosen = {item.revision_id for item in form.items}
    singles = [c for c in case.bank if c.item_set_id is None]

    def rank(c: Candidate) -> tuple[bool, int]:
        return c.item_id in seen, exposure.get(c.revision_id, 0)

    for taken in (c for c in singles if c.revision_id in chosen):
        for left in (c for c in singles if c.revision_id not in chosen):
            if (taken.domain, taken.kind) == (left.domain, left.kind):
                assert rank(taken) <= rank(left)
