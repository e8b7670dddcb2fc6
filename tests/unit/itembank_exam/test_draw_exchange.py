"""The draw's exchange shortcut (`itembank.assembly.draw._exchange_settles`) only ever says
yes where the exact completion check would, so it never changes a form: the same draws with
the shortcut switched off give identical forms, over random banks and blueprints (kind
minimums, exact kind counts, recall caps, item sets) and on a launch-sized bank."""

from __future__ import annotations

from fractions import Fraction
from unittest import mock

from hypothesis import given, settings
from hypothesis import strategies as st

from itembank import Kind
from itembank.assembly import Form, assemble_form, draw
from itembank.blueprint import Blueprint, Candidate, KindRange
from itembank.blueprint.space import Limits, Unit, Usage
from tests.unit.itembank_exam.strategies import Planted, exposures, planted

SEEDS = st.integers(0, 2**64)
CASES = planted(max_items=24, max_sets=6)
KINDS = (Kind.SCENARIO, Kind.DIAGNOSTIC, Kind.SYNTHESIS, Kind.RECALL)


def _exact_only(blueprint: Blueprint, bank: list[Candidate], **draw_args: object) -> Form:
    with mock.patch.object(draw, "_exchange_settles", lambda *_: False):
        return assemble_form(blueprint, bank, **draw_args)  # type: ignore[arg-type]


@settings(max_examples=300, deadline=None)
@given(case=CASES, seed=SEEDS, exposure=exposures)
def test_the_shortcut_never_changes_a_form(
    case: Planted, seed: int, exposure: dict[str, int]
) -> None:
    bank = list(case.bank)
    form = assemble_form(case.blueprint, bank, seed=seed, exposure=exposure)
    assert form == _exact_only(case.blueprint, bank, seed=seed, exposure=exposure)


def test_on_a_launch_sized_bank_it_settles_most_single_items_and_changes_nothing() -> None:
    domains = ["reporting", "modeling", "security", "sharing"]
    bank = [
        Candidate(f"rev-{n}", f"item-{n}", domains[n % 4], KINDS[n // 4 % 4], None, ("a", "b"))
        for n in range(400)
    ]
    blueprint = Blueprint({domain: 15 for domain in domains}, recall_cap=Fraction(1, 5))
    settled: list[bool] = []
    shortcut = draw._exchange_settles

    def counted(limits: Limits, state: Usage, single: Unit) -> bool:
        settled.append(shortcut(limits, state, single))
        return settled[-1]

    for seed in range(20):
        with mock.patch.object(draw, "_exchange_settles", counted):
            form = assemble_form(blueprint, bank, seed=seed)
        assert form == _exact_only(blueprint, bank, seed=seed)
    assert sum(settled) > len(settled) // 2


def _item(name: str, domain: str, kind: Kind) -> Candidate:
    return Candidate(f"rev-{name}", f"item-{name}", domain, kind, None, ("a", "b"))


def test_a_single_that_would_spend_the_last_recall_place_is_checked_exactly() -> None:
    # Taking the recall item of A first leaves B only a recall item, over the cap of one:
    # the swap with A's scenario item would need a second recall place.
    bank = [
        _item("a-recall", "A", Kind.RECALL),
        _item("a-scenario", "A", Kind.SCENARIO),
        _item("b-recall", "B", Kind.RECALL),
    ]
    blueprint = Blueprint({"A": 1, "B": 1}, recall_cap=Fraction(1, 2))
    for seed in range(60):
        form = assemble_form(blueprint, bank, seed=seed)
        assert set(form.revision_ids) == {"rev-a-scenario", "rev-b-recall"}
        assert form == _exact_only(blueprint, bank, seed=seed)


def test_a_single_taken_before_a_kind_minimum_is_met_is_checked_exactly() -> None:
    # Two recall items would fill A without the one scenario item the blueprint requires.
    bank = [
        _item("r1", "A", Kind.RECALL),
        _item("r2", "A", Kind.RECALL),
        _item("s1", "A", Kind.SCENARIO),
    ]
    blueprint = Blueprint(
        {"A": 2}, kind_ranges={Kind.SCENARIO: KindRange(1, None)}, recall_cap=Fraction(1)
    )
    for seed in range(60):
        form = assemble_form(blueprint, bank, seed=seed)
        assert "rev-s1" in form.revision_ids
        assert form == _exact_only(blueprint, bank, seed=seed)
