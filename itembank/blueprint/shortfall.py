"""Why a bank cannot fill a blueprint, in terms an exam owner can act on."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from itembank.blueprint.conditions import Bound, Violation
from itembank.blueprint.kinds import KIND_ORDER
from itembank.blueprint.model import Blueprint
from itembank.blueprint.space import KINDS, Limits
from itembank.items import Kind
from itembank.ratios import exact_ratio, format_percent


class ShortfallReason(StrEnum):
    """`domain_supply`: a domain has too few usable items at all.
    `kind_limit`: domains can be filled only with kinds whose maximum (or the recall cap)
    is too low. `kind_supply`: the bank cannot reach a kind's minimum within the domain
    counts. `item_sets`: enough items exist, but sets must be delivered whole and no
    combination of whole sets and single items fits.
    """

    DOMAIN_SUPPLY = "domain_supply"
    KIND_LIMIT = "kind_limit"
    KIND_SUPPLY = "kind_supply"
    ITEM_SETS = "item_sets"


@dataclass(frozen=True, slots=True)
class Shortfall:
    """One reason no form exists: the domains and/or kinds involved, needed vs. available."""

    reason: ShortfallReason
    domains: tuple[str, ...]
    kinds: tuple[Kind, ...]
    required: int
    available: int
    message: str

    @property
    def short_by(self) -> int:
        return self.required - self.available


class BlueprintInfeasible(Exception):
    """No form meets the blueprint from these candidates; `shortfalls` says why."""

    def __init__(self, shortfalls: Sequence[Shortfall]) -> None:
        self.shortfalls: tuple[Shortfall, ...] = tuple(shortfalls)
        super().__init__(" ".join(s.message for s in self.shortfalls))


def kinds_in(mask: int) -> tuple[Kind, ...]:
    return tuple(KIND_ORDER[k] for k in range(KINDS) if mask >> k & 1)


def _names(values: tuple[str, ...]) -> str:
    return ", ".join(f'"{value}"' for value in values)


def _kind_words(kinds: tuple[Kind, ...]) -> str:
    return " or ".join(kind.value for kind in kinds)


def _cap_note(blueprint: Blueprint, kinds: tuple[Kind, ...]) -> str:
    if Kind.RECALL not in kinds or not blueprint.kind_maximum_is_recall_cap():
        return ""
    cap = format_percent(exact_ratio(blueprint.recall_cap))
    return (
        f" (recall cap {cap} of {blueprint.total_items} = at most "
        f"{blueprint.recall_limit} recall items)"
    )


def from_violation(blueprint: Blueprint, limits: Limits, violation: Violation) -> Shortfall:
    """The shortfall a violated flow condition stands for."""
    domains = tuple(limits.domains[d] for d in violation.domains)
    kinds = kinds_in(violation.kinds_mask)
    short = violation.amount
    if violation.bound is Bound.DOMAIN:
        message = (
            f"Domain {_names(domains)} needs {violation.required} active items, "
            f"the bank has {violation.available} usable: short by {short}."
        )
        reason = ShortfallReason.DOMAIN_SUPPLY
    elif violation.bound is Bound.UPPER:
        message = (
            f"Domain{'s' if len(domains) > 1 else ''} {_names(domains)} can be filled only by "
            f"using at least {violation.required} {_kind_words(kinds)} items, but the blueprint "
            f"allows at most {violation.available}{_cap_note(blueprint, kinds)}: short by {short}."
        )
        reason = ShortfallReason.KIND_LIMIT
    else:
        message = (
            f"The blueprint needs at least {violation.required} {_kind_words(kinds)} items, "
            f"but the bank can supply at most {violation.available} of them within the "
            f"domain counts: short by {short}."
        )
        reason = ShortfallReason.KIND_SUPPLY
    return Shortfall(reason, domains, kinds, violation.required, violation.available, message)


def item_set_shortfall(limits: Limits, missing: int, involved: list[Violation]) -> Shortfall:
    """The shortfall when only keeping item sets whole makes the blueprint impossible."""
    domains = tuple(limits.domains[d] for d in sorted({d for v in involved for d in v.domains}))
    mask = 0
    for violation in involved:
        mask |= violation.kinds_mask
    kinds = kinds_in(mask)
    where = " and ".join(
        part
        for part in (
            f"domains {_names(domains)}" if domains else "",
            f"kinds {_kind_words(kinds)}" if kinds else "",
        )
        if part
    )
    total = limits.total
    message = (
        "Item sets must be delivered whole, and no combination of whole sets and single "
        f"items meets the blueprint: the closest combination found is still {missing} item"
        f"{'s' if missing != 1 else ''} short{f' in {where}' if where else ''}."
    )
    return Shortfall(ShortfallReason.ITEM_SETS, domains, kinds, total, total - missing, message)
