"""Can this bank fill this blueprint? Exact, with reasons when it cannot.

`check_feasibility` returns an empty list iff at least one form meets the blueprint: it
runs the exact search of `itembank.blueprint.search` over the usable candidates. Only when that
fails does it look for reasons, first in the relaxation where item sets may split (each
reported shortfall is then a real shortage, true whatever sets are taken), and, when the
relaxation is satisfiable and the whole-set rule alone is the obstacle, in the combination
of whole sets that comes closest.
"""

from __future__ import annotations

from collections.abc import Sequence

from itembank.blueprint.candidates import Candidate, raise_for_invalid_candidates
from itembank.blueprint.conditions import violations
from itembank.blueprint.model import Blueprint
from itembank.blueprint.search import DEFAULT_SEARCH_LIMIT, closest_choice, find_completion
from itembank.blueprint.shortfall import Shortfall, from_violation, item_set_shortfall
from itembank.blueprint.space import Limits, Unit, pool_supply, usable_units


def check_feasibility(
    blueprint: Blueprint,
    candidates: Sequence[Candidate],
    *,
    search_limit: int = DEFAULT_SEARCH_LIMIT,
) -> list[Shortfall]:
    """Every shortfall that stops a form; empty iff some form meets the blueprint."""
    raise_for_invalid_candidates(candidates)
    limits = Limits.of(blueprint)
    units = usable_units(limits, candidates)
    if pool_is_feasible(limits, units, search_limit):
        return []
    return explain(blueprint, limits, units)


def pool_is_feasible(limits: Limits, units: Sequence[Unit], search_limit: int) -> bool:
    """True iff whole units from `units` make a form."""
    singles = pool_supply(limits, (u for u in units if not u.is_set))
    sets = [u for u in units if u.is_set]
    return find_completion(limits, limits.zero_usage(), singles, sets, search_limit) is not None


def explain(blueprint: Blueprint, limits: Limits, units: Sequence[Unit]) -> list[Shortfall]:
    """Shortfalls for a pool known to be infeasible; never empty."""
    relaxed = violations(limits, limits.zero_usage(), pool_supply(limits, units))
    if relaxed:
        return [from_violation(blueprint, limits, violation) for violation in relaxed]
    singles = pool_supply(limits, (u for u in units if not u.is_set))
    sets = [u for u in units if u.is_set]
    missing, closest = closest_choice(limits, singles, sets)
    return [item_set_shortfall(limits, missing, violations(limits, closest, singles))]
