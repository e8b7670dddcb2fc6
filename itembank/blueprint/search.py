"""Exact search over item sets: which whole sets to take, with single items filling the rest.

Only how many items a choice of sets puts in each domain and each kind matters to the
single items that complete it (see `conditions`), so the search works on those
usage vectors and merges choices that reach the same one. It walks the sets largest first,
taking or leaving each, depth first, and drops a partial choice as soon as it cannot be
completed by either of two necessary conditions: the flow conditions with every undecided
set allowed to split into single items, and the one-domain/one-kind subset sums of
`projection`. Neither drops a choice that could succeed.

Guarantee: `find_completion` is exact. Its cost is bounded by the number of distinct usage
vectors reachable by subsets of the sets, at most min(2^sets, product of (count + 1) over
domains and kind maximums); in practice the pruning keeps it small, and with no item sets
it is one evaluation of 32 inequalities. Past `limit` visited states it raises
`FeasibilitySearchTooLarge` rather than answer without proof.
"""

from __future__ import annotations

from collections.abc import Sequence

from itembank.blueprint.conditions import completes, deficit
from itembank.blueprint.errors import FeasibilitySearchTooLarge
from itembank.blueprint.projection import suffix_reaches, within_reach
from itembank.blueprint.space import Limits, Supply, Unit, Usage, plus

DEFAULT_SEARCH_LIMIT = 100_000
EXPLANATION_LIMIT = 5_000

_Node = tuple[int, Usage]


def find_completion(
    limits: Limits,
    used: Usage,
    singles: Supply,
    sets: Sequence[Unit],
    limit: int = DEFAULT_SEARCH_LIMIT,
) -> tuple[Unit, ...] | None:
    """Sets that, with `used` and some `singles` items, make a form exactly; None if none do."""
    order = sorted(sets, key=lambda unit: -unit.size)
    suffix = _suffix_supplies(singles, order)
    reaches = suffix_reaches(limits, order)

    def viable(node: _Node) -> bool:
        depth, state = node
        return within_reach(limits, state, singles, reaches[depth]) and completes(
            limits, state, suffix[depth]
        )

    root: _Node = (0, used)
    if not viable(root):
        return None
    parent: dict[_Node, _Node | None] = {root: None}
    stack = [root]
    while stack:
        node = stack.pop()
        depth, state = node
        if depth == len(order) or completes(limits, state, singles):
            return _taken_sets(node, parent, order)
        for following in (state, plus(state, order[depth].usage)):
            child = (depth + 1, following)
            if child in parent or not viable(child):
                continue
            if len(parent) >= limit:
                raise FeasibilitySearchTooLarge(limit)
            parent[child] = node
            stack.append(child)
    return None


def closest_choice(
    limits: Limits, singles: Supply, sets: Sequence[Unit], limit: int = EXPLANATION_LIMIT
) -> tuple[int, Usage]:
    """Among choices of whole sets, one leaving the smallest `deficit`, and that deficit.

    For explaining an infeasible blueprint. Every choice within the domain counts and kind
    maximums is a candidate; after `limit` of them the rest are not examined, so the answer
    is the closest choice found (exact whenever fewer than `limit` choices exist).
    """
    states = [limits.zero_usage()]
    seen = set(states)
    for unit in sets:
        for state in list(states):
            taken = plus(state, unit.usage)
            if len(seen) >= limit:
                break
            if taken not in seen and limits.fits(taken):
                seen.add(taken)
                states.append(taken)
    return min(((deficit(limits, state, singles), state) for state in states), key=_first)


def _first(pair: tuple[int, Usage]) -> int:
    return pair[0]


def _taken_sets(
    node: _Node, parent: dict[_Node, _Node | None], order: Sequence[Unit]
) -> tuple[Unit, ...]:
    taken = []
    child: _Node = node
    previous = parent[child]
    while previous is not None:
        if previous[1] != child[1]:
            taken.append(order[previous[0]])
        child, previous = previous, parent[previous]
    return tuple(taken)


def _suffix_supplies(singles: Supply, sets: Sequence[Unit]) -> list[Supply]:
    """`suffix[i]`: single items plus every set from index i on, as if split into singles."""
    suffix = [singles]
    for unit in reversed(sets):
        suffix.append(plus(suffix[-1], unit.supply))
    suffix.reverse()
    return suffix
