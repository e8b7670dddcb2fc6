"""The two ways a form's option orders come from its seed (`itembank.assembly.arrange`)."""

from __future__ import annotations

from collections import Counter
from itertools import permutations

import pytest

from itembank import Kind
from itembank.assembly import ARRANGEMENTS, BY_DIGEST, BY_GENERATOR, arrange_form
from itembank.blueprint import Candidate

OPTIONS = ("a", "b", "c", "d", "e")


def _bank(count: int, options: tuple[str, ...] = OPTIONS) -> list[Candidate]:
    return [
        Candidate(f"rev-{n}", f"item-{n}", "A", Kind.SCENARIO, None, options) for n in range(count)
    ]


def _option_orders(arrangement: int, seed: int = 20261126) -> list[tuple[str, ...]]:
    form = arrange_form(
        _bank(3), seed=seed, shuffle_items=False, shuffle_options=True, arrangement=arrangement
    )
    assert form.arrangement == arrangement
    return [item.option_order for item in form.items]


def test_the_first_arrangement_still_gives_the_orders_stored_before_there_was_a_second() -> None:
    """Worked out by the code as it was before arrangements had a number: attempts stored
    then must still be rebuilt exactly from their seeds."""
    assert _option_orders(BY_GENERATOR) == [
        ("b", "e", "d", "c", "a"),
        ("a", "d", "b", "c", "e"),
        ("c", "b", "a", "d", "e"),
    ]


def test_the_digest_arrangement_is_pinned() -> None:
    """Any change to how it derives orders is a new arrangement, not an edit of this one."""
    assert _option_orders(BY_DIGEST) == [
        ("c", "a", "e", "b", "d"),
        ("c", "d", "b", "a", "e"),
        ("b", "a", "c", "d", "e"),
    ]


@pytest.mark.parametrize("arrangement", ARRANGEMENTS)
def test_each_arrangement_rebuilds_its_own_forms(arrangement: int) -> None:
    for seed in range(50):
        first = arrange_form(
            _bank(8), seed=seed, shuffle_items=True, shuffle_options=True, arrangement=arrangement
        )
        again = arrange_form(
            _bank(8), seed=seed, shuffle_items=True, shuffle_options=True, arrangement=arrangement
        )
        assert first == again
        assert all(sorted(item.option_order) == list(OPTIONS) for item in first.items)


def test_the_digest_arrangement_gives_every_order_about_as_often() -> None:
    """24,000 items of four options: each of the 24 orders about 1,000 times (a standard
    deviation is about 31), and each option first about a quarter of the time."""
    form = arrange_form(
        _bank(24_000, ("a", "b", "c", "d")),
        seed=7,
        shuffle_items=False,
        shuffle_options=True,
        arrangement=BY_DIGEST,
    )
    orders = Counter(item.option_order for item in form.items)
    assert set(orders) == set(permutations("abcd"))
    assert all(850 < count < 1150 for count in orders.values())
    firsts = Counter(item.option_order[0] for item in form.items)
    assert all(5_700 < count < 6_300 for count in firsts.values())


def test_an_unknown_arrangement_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown arrangement 3"):
        arrange_form(_bank(2), seed=1, shuffle_items=False, shuffle_options=True, arrangement=3)
