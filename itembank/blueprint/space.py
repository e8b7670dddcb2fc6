"""The counting model behind feasibility and assembly.

A blueprint becomes `Limits`: the exact count each domain needs and the (low, high) count
each kind allows, recall cap folded into `high`. Candidates become `Unit`s: a single item,
or a whole item set (all or nothing). A unit is summarised by its `usage` (items per
domain, then items per kind) and its `supply`: for every domain d and every subset Q of
kinds (a 4-bit mask), how many of its items lie in d with a kind in Q. Supplies add up, so
the supply of any pool of units is the sum of its units' supplies.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from operator import add, le

from itembank.blueprint.candidates import Candidate
from itembank.blueprint.kinds import KIND_ORDER
from itembank.blueprint.model import Blueprint

KINDS = len(KIND_ORDER)
MASKS = 1 << KINDS
FULL_MASK = MASKS - 1
_MASKS_WITH = tuple(tuple(m for m in range(MASKS) if m >> k & 1) for k in range(KINDS))

Usage = tuple[int, ...]
"""Items per domain (in `Limits.domains` order), then items per kind (in `KIND_ORDER`)."""

Supply = tuple[int, ...]
"""`supply[d * MASKS + mask]`: items in domain d whose kind is one of the kinds in `mask`."""


@dataclass(frozen=True, slots=True)
class Limits:
    """A blueprint as numbers: exact need per domain, (low, high) per kind."""

    domains: tuple[str, ...]
    need: tuple[int, ...]
    low: tuple[int, ...]
    high: tuple[int, ...]
    caps: Usage = field(init=False, repr=False, compare=False)
    """`need` then `high`: the most a `Usage` may hold, position by position."""
    total: int = field(init=False, repr=False, compare=False)
    """Items on a form: the sum of `need`."""

    def __post_init__(self) -> None:
        # Kept rather than derived on each use: a draw asks `fits` about a hundred times.
        object.__setattr__(self, "caps", (*self.need, *self.high))
        object.__setattr__(self, "total", sum(self.need))

    @classmethod
    def of(cls, blueprint: Blueprint) -> Limits:
        bounds = [blueprint.kind_bounds(kind) for kind in KIND_ORDER]
        return cls(
            domains=tuple(blueprint.domain_counts),
            need=tuple(blueprint.domain_counts.values()),
            low=tuple(low for low, _ in bounds),
            high=tuple(high for _, high in bounds),
        )

    def zero_usage(self) -> Usage:
        return (0,) * (len(self.domains) + KINDS)

    def zero_supply(self) -> Supply:
        return (0,) * (len(self.domains) * MASKS)

    def fits(self, usage: Usage) -> bool:
        """True when `usage` stays within every domain count and every kind maximum."""
        return all(map(le, usage, self.caps))


@dataclass(frozen=True, slots=True)
class Unit:
    """What assembly picks or leaves as a whole: one single item, or one complete item set."""

    key: str
    members: tuple[Candidate, ...]
    usage: Usage
    supply: Supply
    cells: tuple[int, ...]
    """Per member, `domain index * KINDS + kind index`."""
    is_set: bool = field(init=False, repr=False, compare=False)
    """Whether this is an item set rather than a single item."""
    size: int = field(init=False, repr=False, compare=False)
    """How many items it holds."""

    def __post_init__(self) -> None:
        # Kept rather than derived on each use: a draw asks both of every unit it visits.
        object.__setattr__(self, "is_set", self.members[0].item_set_id is not None)
        object.__setattr__(self, "size", len(self.members))


def plus(first: tuple[int, ...], second: tuple[int, ...]) -> tuple[int, ...]:
    return tuple(map(add, first, second))


def pool_supply(limits: Limits, units: Iterable[Unit]) -> Supply:
    """The supply of all `units` together."""
    total = list(limits.zero_supply())
    for unit in units:
        for cell in unit.cells:
            domain, kind = divmod(cell, KINDS)
            for mask in _MASKS_WITH[kind]:
                total[domain * MASKS + mask] += 1
    return tuple(total)


def withdraw(supply: list[int], unit: Unit) -> None:
    """Take ``unit``'s items out of ``supply`` in place: ``supply`` minus ``unit.supply``,
    touching only the eight masks per item that hold its kind. A draw does this for every
    single item it visits, and a new 64-entry tuple each time was a tenth of the draw."""
    for cell in unit.cells:
        domain, kind = divmod(cell, KINDS)
        base = domain * MASKS
        for mask in _MASKS_WITH[kind]:
            supply[base + mask] -= 1


def group_members(candidates: Sequence[Candidate]) -> list[tuple[str, tuple[Candidate, ...]]]:
    """Candidates grouped into (unit key, members); set members keep the order they came in."""
    groups: dict[str, list[Candidate]] = {}
    for candidate in candidates:
        key = (
            f"item:{candidate.revision_id}"
            if candidate.item_set_id is None
            else f"set:{candidate.item_set_id}"
        )
        groups.setdefault(key, []).append(candidate)
    return [(key, tuple(members)) for key, members in groups.items()]


def usable_units(limits: Limits, candidates: Sequence[Candidate]) -> list[Unit]:
    """The units a form could hold, sorted by key so input order never changes a draw.

    A unit is left out when one of its items is in a domain the blueprint does not list,
    or when it alone already exceeds a domain count or a kind maximum: such a set can
    never be delivered whole.
    """
    index = {domain: position for position, domain in enumerate(limits.domains)}
    units = []
    for key, members in sorted(group_members(candidates), key=lambda group: group[0]):
        if any(member.domain not in index for member in members):
            continue
        unit = _unit(limits, index, key, members)
        if limits.fits(unit.usage):
            units.append(unit)
    return units


def _unit(limits: Limits, index: dict[str, int], key: str, members: tuple[Candidate, ...]) -> Unit:
    domains = len(limits.domains)
    usage = [0] * (domains + KINDS)
    supply = [0] * (domains * MASKS)
    cells = []
    for member in members:
        domain = index[member.domain]
        kind = KIND_ORDER.index(member.kind)
        usage[domain] += 1
        usage[domains + kind] += 1
        cells.append(domain * KINDS + kind)
        for mask in _MASKS_WITH[kind]:
            supply[domain * MASKS + mask] += 1
    return Unit(key, members, tuple(usage), tuple(supply), tuple(cells))
