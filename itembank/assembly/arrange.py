"""Ordering a chosen set of items into a form: item order, option order, sets kept together.

Each random decision draws from its own generator seeded from the form seed (string seeds
are hashed with SHA-512 by `random`, the same on every machine and Python run). The item
order depends only on the seed and which units were chosen, and each item's option order
only on the seed and its revision id, so `arrange_form(form's revisions, seed)` rebuilds a
stored form exactly, whatever the bank and exposure look like by then.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from itembank.assembly.form import Form, FormItem
from itembank.blueprint.candidates import Candidate, raise_for_invalid_candidates
from itembank.blueprint.space import group_members


def arrange_form(
    chosen: Sequence[Candidate], *, seed: int, shuffle_items: bool, shuffle_options: bool
) -> Form:
    """The form holding exactly `chosen`.

    Unshuffled, items keep the order they are passed in, except that each item set sits
    as one block where its first member appears. Shuffled, whole units (single items or
    item sets) are shuffled; set members always keep the order they are passed in.
    """
    raise_for_invalid_candidates(chosen)
    units = group_members(chosen)
    if shuffle_items:
        units.sort()
        random.Random(f"accredo/item-order/{seed}").shuffle(units)  # noqa: S311 - not security
    items = tuple(
        _form_item(member, seed, shuffle_options) for _, members in units for member in members
    )
    return Form(seed=seed, items=items)


def _form_item(candidate: Candidate, seed: int, shuffle_options: bool) -> FormItem:
    options = list(candidate.option_ids)
    if shuffle_options:
        generator = random.Random(f"accredo/option-order/{seed}/{candidate.revision_id}")  # noqa: S311
        generator.shuffle(options)
    return FormItem(
        revision_id=candidate.revision_id,
        item_id=candidate.item_id,
        domain=candidate.domain,
        kind=candidate.kind,
        item_set_id=candidate.item_set_id,
        option_order=tuple(options),
    )
