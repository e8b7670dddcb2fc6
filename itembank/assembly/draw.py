"""Choosing which units go on a form: greedy in order of preference, never into a dead end.

Units are visited best first. A unit is taken iff the form chosen so far plus it can still
be completed from the units not yet visited (the exact check of `itembank.blueprint.search`), so
the result always meets the blueprint. For two single items of the same domain and kind,
the one visited first is never left out while the other is taken (swap them in any
completion), so within a domain-kind cell the chosen items are always the most preferred.
"""

from __future__ import annotations

import random
from collections.abc import Collection, Mapping, Sequence
from math import lcm
from operator import ge

from itembank.blueprint.conditions import completes
from itembank.blueprint.search import find_completion
from itembank.blueprint.space import (
    KINDS,
    Limits,
    Supply,
    Unit,
    Usage,
    plus,
    pool_supply,
    withdraw,
)

Preference = tuple[int, int, int]


def draw_ranks(units: Sequence[Unit], seed: int) -> dict[str, int]:
    """A random tie-break rank per unit key from `random.Random(seed)`.

    Ranks are dealt over the units in key order, so the order candidates are passed in
    never changes a draw.
    """
    return ranks_in_key_order(sorted(unit.key for unit in units), seed)


def ranks_in_key_order(keys: Sequence[str], seed: int) -> dict[str, int]:
    """`draw_ranks` of units whose keys, sorted, are ``keys``."""
    dealt = list(keys)
    random.Random(seed).shuffle(dealt)  # noqa: S311 - fairness, not security
    return dict(zip(dealt, range(len(dealt)), strict=True))


def common_size(units: Sequence[Unit]) -> int:
    """The least common multiple of the units' sizes: the denominator `preference` scales to."""
    return lcm(*(unit.size for unit in units))


def preference(
    unit: Unit,
    ranks: Mapping[str, int],
    exposure: Mapping[str, int],
    seen: Collection[str],
    common: int,
) -> Preference:
    """Share of items the learner has seen, then mean exposure, then the random rank.

    The shares and means are compared exactly: both are scaled to the denominator `common`
    (`common_size` of the pool), so they are whole numbers. Sorting a pool on integers is
    several times cheaper than on `Fraction`s, and a start sorts the whole pool.
    """
    scale = common // unit.size
    seen_count = sum(m.item_id in seen for m in unit.members)
    delivered = sum(exposure.get(m.revision_id, 0) for m in unit.members)
    return seen_count * scale, delivered * scale, ranks[unit.key]


def preference_order(
    units: Sequence[Unit],
    ranks: Mapping[str, int],
    exposure: Mapping[str, int],
    seen: Collection[str],
    common: int,
) -> list[Unit]:
    """`units` best first by `preference` (a stable sort: equal keys keep their order).

    A single item's parts are made inline rather than by `preference`'s sums over members,
    and each key is folded into one integer (shares, then means, then ranks, each below the
    next one's place value): a start orders the whole pool, mostly single items, and the
    calls and tuple comparisons were a fifth of a draw.
    """
    shares: list[int] = []
    means: list[int] = []
    for unit in units:
        members = unit.members
        if len(members) == 1:
            member = members[0]
            shares.append((member.item_id in seen) * common)
            means.append(exposure.get(member.revision_id, 0) * common)
        else:
            share, mean, _ = preference(unit, ranks, exposure, seen, common)
            shares.append(share)
            means.append(mean)
    mean_places = max(means, default=0) + 1
    rank_places = len(ranks)
    keys = [
        (share * mean_places + mean) * rank_places + ranks[unit.key]
        for share, mean, unit in zip(shares, means, units, strict=True)
    ]
    return [units[index] for index in sorted(range(len(units)), key=keys.__getitem__)]


def draw_units(
    limits: Limits,
    ordered: Sequence[Unit],
    search_limit: int,
    singles: Supply | None = None,
) -> list[Unit]:
    """The units taken, visiting `ordered` best first; the pool must be known feasible.
    ``singles``: the supply of `ordered`'s single items, when the caller has it already.

    A witness (sets that complete the current choice) is kept so most steps need no
    search: a set in the witness can be taken as it is, a single item can be taken when
    the witness still completes without it, and leaving a unit out never breaks the
    witness, because a completion using that unit would have been found.
    """
    used = limits.zero_usage()
    if singles is None:
        singles = pool_supply(limits, (u for u in ordered if not u.is_set))
    sets = [u for u in ordered if u.is_set]
    witness = _completion(limits, used, singles, sets, search_limit)
    remaining = list(singles)  # the singles not visited yet, kept up to date in place
    total = limits.total
    sets_visited = 0
    filled = 0
    chosen: list[Unit] = []
    for unit in ordered:
        if filled == total:
            break
        is_set = unit.is_set
        if is_set:
            sets_visited += 1
        else:
            withdraw(remaining, unit)
        attempt = plus(used, unit.usage)
        if not limits.fits(attempt):
            continue
        if unit.key in witness:
            del witness[unit.key]
        elif is_set or not (
            _exchange_settles(limits, state := _with(attempt, witness), unit)
            or completes(limits, state, tuple(remaining))
        ):
            found = find_completion(
                limits, attempt, tuple(remaining), sets[sets_visited:], search_limit
            )
            if found is None:
                continue
            witness = {u.key: u for u in found}
        used = attempt
        filled += unit.size
        chosen.append(unit)
    return chosen


def _exchange_settles(limits: Limits, state: Usage, single: Unit) -> bool:
    """True only if singles can still complete ``state``, which now holds ``single``: a
    shortcut past the exact check (`completes`), never a refusal.

    Before ``single`` was taken, some choice C of singles (``single`` among them) completed
    the form. If ``state`` still fits, ``single``'s domain had room, so C holds an item w of
    that domain: C itself if w can be ``single``, else C with w swapped for ``single``, which
    keeps every domain count. The swap moves one item from w's kind to ``single``'s: it
    cannot break a kind minimum when ``state`` already meets every minimum, nor ``single``'s
    kind maximum when that maximum has room for every item still needed. Then a completion
    exists. On the usual blueprint (domain counts and a recall cap) this settles most of the
    single items a draw takes, each otherwise 32 conditions over every domain.
    """
    domains = len(limits.domains)
    kind = single.cells[0] % KINDS
    still_needed = limits.total - sum(state[:domains])
    return (
        limits.fits(state)
        and all(map(ge, state[domains:], limits.low))
        and limits.high[kind] - state[domains + kind] >= still_needed
    )


def _completion(
    limits: Limits, used: Usage, singles: Supply, sets: Sequence[Unit], search_limit: int
) -> dict[str, Unit]:
    found = find_completion(limits, used, singles, sets, search_limit)
    if found is None:
        raise ValueError("draw_units needs a pool that can make a form")
    return {unit.key: unit for unit in found}


def _with(used: Usage, witness: dict[str, Unit]) -> Usage:
    for unit in witness.values():
        used = plus(used, unit.usage)
    return used
