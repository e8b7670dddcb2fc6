"""Exact test: can single items from a supply complete a partly chosen form?

Choosing x[d][k] single items of domain d and kind k is a flow problem: source -> domain d
(exactly need[d]) -> kind k (at most the supply in cell d,k) -> sink (between low[k] and
high[k]), plus a sink -> source return edge. By Hoffman's circulation theorem an integral
flow exists iff no vertex set X has more lower bound entering it than capacity leaving it.
Working through the possible X for this graph leaves two families of conditions, one per
subset Q of the four kinds (16 subsets each):

  upper(Q): sum over d of max(0, need[d] - supply[d][not Q])  <=  sum of high[k] for k in Q
            (the items domains cannot take from other kinds must fit under Q's maximums)
  lower(Q): sum of low[k] for k in Q  <=  sum over d of min(need[d], supply[d][Q])
            (Q's minimums must be reachable within the domain counts)

upper(empty set) says every domain has enough items at all. These 32 inequalities are
necessary and sufficient, so the check is exact, and each violated one names a concrete
reason (which domains, which kinds, how many items short) for a shortfall report.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from itembank.blueprint.space import FULL_MASK, KINDS, MASKS, Limits, Supply, Usage


class Bound(StrEnum):
    DOMAIN = "domain"
    UPPER = "upper"
    LOWER = "lower"


@dataclass(frozen=True, slots=True)
class Violation:
    """A failed condition: its `domains` (indices), `kinds_mask`, and how far it fails."""

    bound: Bound
    kinds_mask: int
    domains: tuple[int, ...]
    required: int
    available: int

    @property
    def amount(self) -> int:
        return self.required - self.available


@dataclass(frozen=True, slots=True)
class _Residual:
    need: tuple[int, ...]
    low: tuple[int, ...]
    high: tuple[int, ...]


def _residual(limits: Limits, used: Usage) -> _Residual:
    domains = len(limits.domains)
    return _Residual(
        need=tuple(n - u for n, u in zip(limits.need, used[:domains], strict=True)),
        low=tuple(max(0, lo - u) for lo, u in zip(limits.low, used[domains:], strict=True)),
        high=tuple(hi - u for hi, u in zip(limits.high, used[domains:], strict=True)),
    )


_LOWEST_KIND = {1 << k: k for k in range(KINDS)}


def _mask_sums(values: tuple[int, ...]) -> list[int]:
    sums = [0] * MASKS
    for mask in range(1, MASKS):
        lowest = mask & -mask
        sums[mask] = sums[mask ^ lowest] + values[_LOWEST_KIND[lowest]]
    return sums


def deficit(limits: Limits, used: Usage, supply: Supply) -> int:
    """0 iff items from `supply` can complete `used` to a form; else the largest violation."""
    return _worst_violation(limits, used, supply, first_only=False)


def completes(limits: Limits, used: Usage, supply: Supply) -> bool:
    """Whether items from `supply` can complete `used` to a form (`deficit` is 0), faster."""
    return _worst_violation(limits, used, supply, first_only=True) == 0


def _worst_violation(limits: Limits, used: Usage, supply: Supply, first_only: bool) -> int:
    overflow = max(u - limit for u, limit in zip(used, (*limits.need, *limits.high), strict=True))
    if overflow > 0:
        return overflow
    residual = _residual(limits, used)
    high_sums = _mask_sums(residual.high)
    low_sums = _mask_sums(residual.low)
    worst = 0
    for mask in range(MASKS):
        outside_mask = FULL_MASK ^ mask
        forced = 0
        reachable = 0
        for domain, need in enumerate(residual.need):
            outside = supply[domain * MASKS + outside_mask]
            if need > outside:
                forced += need - outside
            inside = supply[domain * MASKS + mask]
            reachable += need if need < inside else inside
        worst = max(worst, forced - high_sums[mask], low_sums[mask] - reachable)
        if first_only and worst > 0:
            break
    return worst


def violations(limits: Limits, used: Usage, supply: Supply) -> list[Violation]:
    """The violated conditions worth reporting: none iff `deficit` is 0.

    Domains short of items are reported one by one. A kind-subset condition is reported
    only when it is violated by more than every condition on a smaller subset, so the
    same shortage is not repeated once per superset of kinds. At least one violation is
    always kept: a largest violation with the fewest kinds beats all its subsets.
    """
    residual = _residual(limits, used)
    found = [
        Violation(Bound.DOMAIN, 0, (domain,), need, supply[domain * MASKS + FULL_MASK])
        for domain, need in enumerate(residual.need)
        if need > supply[domain * MASKS + FULL_MASK]
    ]
    upper = {mask: _upper(residual, supply, mask) for mask in range(MASKS)}
    lower = {mask: _lower(residual, supply, mask) for mask in range(1, MASKS)}
    found += _beating_subsets(upper, floor=upper[0].amount)
    found += _beating_subsets(lower, floor=0)
    return found


def _upper(residual: _Residual, supply: Supply, mask: int) -> Violation:
    outside_mask = FULL_MASK ^ mask
    forced = {
        domain: need - supply[domain * MASKS + outside_mask]
        for domain, need in enumerate(residual.need)
        if need > supply[domain * MASKS + outside_mask]
    }
    allowed = sum(residual.high[k] for k in range(KINDS) if mask >> k & 1)
    return Violation(Bound.UPPER, mask, tuple(forced), sum(forced.values()), allowed)


def _lower(residual: _Residual, supply: Supply, mask: int) -> Violation:
    wanted = sum(residual.low[k] for k in range(KINDS) if mask >> k & 1)
    reachable = sum(
        min(need, supply[domain * MASKS + mask]) for domain, need in enumerate(residual.need)
    )
    return Violation(Bound.LOWER, mask, (), wanted, reachable)


def _beating_subsets(by_mask: dict[int, Violation], floor: int) -> list[Violation]:
    kept = []
    for mask, violation in by_mask.items():
        if mask == 0 or violation.amount <= max(floor, 0):
            continue
        smaller = [
            other.amount for sub, other in by_mask.items() if sub != mask and sub & mask == sub
        ]
        if all(violation.amount > amount for amount in smaller):
            kept.append(violation)
    return kept
