"""A fast necessary condition for the item-set search: one domain or one kind at a time.

Seen from a single domain, a choice of whole sets is a subset sum: each set adds its
count in that domain, single items then add any number up to how many there are. Bit x
of a "reachable" integer says x items are possible from the sets still undecided. If the
count a domain still needs (or any count in a kind's remaining range) is out of reach, no
completion exists. Item sets break the flow relaxation's splitting assumption, which this
check does not make, so it prunes exactly where that relaxation is weakest: banks made
mostly of item sets.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from itembank.blueprint.space import FULL_MASK, KINDS, MASKS, Limits, Supply, Unit, Usage


@dataclass(frozen=True, slots=True)
class Reach:
    """Per domain, then per kind: the bit set of counts whole sets from some index on can add."""

    counts: tuple[int, ...]


def suffix_reaches(limits: Limits, sets: Sequence[Unit]) -> list[Reach]:
    """`result[i]`: what the sets from index i on can add, per domain and kind (bit 0 = none)."""
    width = (1 << (limits.total + 1)) - 1
    current = [1] * (len(limits.domains) + KINDS)
    result = [Reach(tuple(current))]
    for unit in reversed(sets):
        current = [
            (reach | reach << added) & width if added else reach
            for reach, added in zip(current, unit.usage, strict=True)
        ]
        result.append(Reach(tuple(current)))
    result.reverse()
    return result


def _any_bit(bits: int, low: int, high: int) -> bool:
    """Whether `bits` has a bit set in positions low..high (inclusive)."""
    low = max(low, 0)
    if high < low:
        return False
    return (bits >> low) & ((1 << (high - low + 1)) - 1) != 0


def within_reach(limits: Limits, used: Usage, singles: Supply, reach: Reach) -> bool:
    """False when some domain or kind cannot hit its target whatever sets are taken."""
    domains = len(limits.domains)
    for d in range(domains):
        need = limits.need[d] - used[d]
        if not _any_bit(reach.counts[d], need - singles[d * MASKS + FULL_MASK], need):
            return False
    for k in range(KINDS):
        single_count = sum(singles[d * MASKS + (1 << k)] for d in range(domains))
        low = limits.low[k] - used[domains + k]
        high = limits.high[k] - used[domains + k]
        if not _any_bit(reach.counts[domains + k], low - single_count, high):
            return False
    return True
