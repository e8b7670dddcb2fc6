"""Ordering a chosen set of items into a form: item order, option order, sets kept together.

Each random decision is derived from the form seed, so `arrange_form(form's revisions,
seed, arrangement=the form's)` rebuilds a stored form exactly, whatever the bank and
exposure look like by then. The item order depends only on the seed and which units were
chosen (one generator, string seed hashed with SHA-512 by `random`, the same on every
machine and Python run); each item's option order only on the seed and its revision id, by
one of two arrangements, and a stored attempt records which:

- `BY_GENERATOR` (the first): a `random.Random` per item, seeded with a string. Seeding one
  costs about 5 µs, 60 times a form: a tenth of a start's CPU.
- `BY_DIGEST` (new forms): the item's BLAKE2b digest of the seed and revision id, read as
  the choices of a Fisher-Yates shuffle. About a sixth of the cost (0.07 against 0.44 ms a
  60-item form); 128 bits leave its bias below 2^-100 for any item with fewer than ten
  options.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Callable, Sequence

from itembank.assembly.form import Form, FormItem
from itembank.blueprint.candidates import Candidate, raise_for_invalid_candidates
from itembank.blueprint.space import group_members

BY_GENERATOR = 1
BY_DIGEST = 2
ARRANGEMENT = BY_DIGEST
"""The arrangement new forms are given."""
ARRANGEMENTS = (BY_GENERATOR, BY_DIGEST)


def arrange_form(
    chosen: Sequence[Candidate],
    *,
    seed: int,
    shuffle_items: bool,
    shuffle_options: bool,
    arrangement: int = ARRANGEMENT,
) -> Form:
    """The form holding exactly `chosen`.

    Unshuffled, items keep the order they are passed in, except that each item set sits
    as one block where its first member appears. Shuffled, whole units (single items or
    item sets) are shuffled; set members always keep the order they are passed in.
    """
    raise_for_invalid_candidates(chosen)
    return arrange_checked_form(
        chosen,
        seed=seed,
        shuffle_items=shuffle_items,
        shuffle_options=shuffle_options,
        arrangement=arrangement,
    )


def arrange_checked_form(
    chosen: Sequence[Candidate],
    *,
    seed: int,
    shuffle_items: bool,
    shuffle_options: bool,
    arrangement: int = ARRANGEMENT,
) -> Form:
    """`arrange_form` of candidates already known valid: whole units of a checked pool, as
    a draw picks them (checking them again was a twentieth of a draw)."""
    if arrangement not in ARRANGEMENTS:
        raise ValueError(f"unknown arrangement {arrangement}")
    units = group_members(chosen)
    if shuffle_items:
        units.sort()
        random.Random(f"accredo/item-order/{seed}").shuffle(units)  # noqa: S311 - not security
    order = _by_digest if arrangement == BY_DIGEST else _by_generator
    items = tuple(
        _form_item(member, seed, order if shuffle_options else None)
        for _, members in units
        for member in members
    )
    return Form(seed=seed, items=items, arrangement=arrangement)


_OptionOrder = Callable[[int, str, list[str]], None]
"""Puts an item's option ids in their order on the form, in place."""


def _by_generator(seed: int, revision_id: str, options: list[str]) -> None:
    generator = random.Random(f"accredo/option-order/{seed}/{revision_id}")  # noqa: S311
    generator.shuffle(options)


def _by_digest(seed: int, revision_id: str, options: list[str]) -> None:
    digest = hashlib.blake2b(f"accredo/option-order/{seed}/{revision_id}".encode(), digest_size=16)
    left = int.from_bytes(digest.digest(), "big")
    for last in range(len(options) - 1, 0, -1):
        left, pick = divmod(left, last + 1)
        options[last], options[pick] = options[pick], options[last]


def _form_item(candidate: Candidate, seed: int, order: _OptionOrder | None) -> FormItem:
    options = list(candidate.option_ids)
    if order is not None:
        order(seed, candidate.revision_id, options)
    return FormItem(
        revision_id=candidate.revision_id,
        item_id=candidate.item_id,
        domain=candidate.domain,
        kind=candidate.kind,
        item_set_id=candidate.item_set_id,
        option_order=tuple(options),
    )
