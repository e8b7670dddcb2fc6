"""Form assembly: a seeded draw that meets the blueprint exactly.

Guarantees, all for the same inputs and seed giving the identical form:
- domain counts, kind counts or ranges and the recall cap are met exactly;
- item sets are taken whole and delivered as one contiguous block;
- no item appears twice (candidates must hold one revision per item);
- if the items the learner has not seen can make a form on their own, the form uses only
  those; otherwise units with a smaller share of seen items are preferred;
- then lower exposure is preferred (mean exposure for a set), ties broken at random;
- within one domain and kind, no chosen single item is less preferred than one left out;
- the order candidates are passed in does not change which items are drawn.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from collections.abc import Set as AbstractSet
from types import MappingProxyType

from itembank.assembly.arrange import arrange_checked_form
from itembank.assembly.draw import common_size, draw_units, preference_order, ranks_in_key_order
from itembank.assembly.form import Form
from itembank.assembly.pool import AssemblyPool, prepare_pool
from itembank.blueprint.candidates import Candidate
from itembank.blueprint.feasibility import explain, pool_is_feasible
from itembank.blueprint.model import Blueprint
from itembank.blueprint.search import DEFAULT_SEARCH_LIMIT
from itembank.blueprint.shortfall import BlueprintInfeasible
from itembank.blueprint.space import Unit

_NO_EXPOSURE: Mapping[str, int] = MappingProxyType({})


def assemble_form(
    blueprint: Blueprint,
    candidates: Sequence[Candidate],
    *,
    seed: int,
    exposure: Mapping[str, int] = _NO_EXPOSURE,
    seen_by_learner: AbstractSet[str] = frozenset(),
    shuffle_items: bool = True,
    shuffle_options: bool = True,
    search_limit: int = DEFAULT_SEARCH_LIMIT,
) -> Form:
    """Draw a form; raise `BlueprintInfeasible` with the shortfalls when none exists.

    `exposure` counts past deliveries per revision id (missing = 0); `seen_by_learner`
    holds the item ids shown to this learner in earlier attempts.
    """
    return draw_form(
        prepare_pool(blueprint, candidates, search_limit=search_limit),
        seed=seed,
        exposure=exposure,
        seen_by_learner=seen_by_learner,
        shuffle_items=shuffle_items,
        shuffle_options=shuffle_options,
    )


def draw_form(
    pool: AssemblyPool,
    *,
    seed: int,
    exposure: Mapping[str, int] = _NO_EXPOSURE,
    seen_by_learner: AbstractSet[str] = frozenset(),
    shuffle_items: bool = True,
    shuffle_options: bool = True,
) -> Form:
    """`assemble_form` from a prepared pool: the same form for the same inputs and seed."""
    limits, units, search_limit = pool.limits, pool.units, pool.search_limit
    unseen = (
        units
        if not seen_by_learner
        else [u for u in units if all(m.item_id not in seen_by_learner for m in u.members)]
    )
    if len(unseen) == len(units):
        chosen_pool: Sequence[Unit] | None = units if pool.feasible else None
    elif pool_is_feasible(limits, unseen, search_limit):
        chosen_pool = unseen
    else:
        chosen_pool = units if pool.feasible else None
    if chosen_pool is None:
        raise BlueprintInfeasible(explain(pool.blueprint, limits, units))
    ranks = ranks_in_key_order(pool.unit_keys, seed)
    common = pool.common if chosen_pool is units else common_size(chosen_pool)
    ordered = preference_order(chosen_pool, ranks, exposure, seen_by_learner, common)
    singles = pool.singles_supply if chosen_pool is units else None
    chosen = {
        m.revision_id for u in draw_units(limits, ordered, search_limit, singles) for m in u.members
    }
    picked = [c for c in pool.candidates if c.revision_id in chosen]
    return arrange_checked_form(
        picked, seed=seed, shuffle_items=shuffle_items, shuffle_options=shuffle_options
    )
