"""The exam blueprint: how many items per domain and per kind a form holds.

Per kind a blueprint gives exact counts (kinds left out get none), or min/max ranges (kinds
left out are free), or neither. On top of that the recall cap limits recall items to
`floor(recall_cap x total)` on every form. Construction validates and raises
`InvalidBlueprint` listing every problem, so an invalid blueprint never exists.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from types import MappingProxyType

from itembank.blueprint.errors import InvalidBlueprint
from itembank.blueprint.kinds import KindRange
from itembank.blueprint.validation import blueprint_problems
from itembank.items import Kind
from itembank.ratios import Ratio, exact_ratio

DEFAULT_RECALL_CAP = Fraction(1, 5)


@dataclass(frozen=True)
class Blueprint:
    """Item counts per domain, per-kind counts or ranges, and the recall cap (a share, 0-1)."""

    domain_counts: Mapping[str, int]
    kind_counts: Mapping[Kind, int] | None = None
    kind_ranges: Mapping[Kind, KindRange] | None = None
    recall_cap: Ratio = DEFAULT_RECALL_CAP

    def __post_init__(self) -> None:
        problems = blueprint_problems(
            self.domain_counts, self.kind_counts, self.kind_ranges, self.recall_cap
        )
        if problems:
            raise InvalidBlueprint(problems)
        object.__setattr__(
            self, "domain_counts", MappingProxyType(dict(sorted(self.domain_counts.items())))
        )
        if self.kind_counts is not None:
            counts = {Kind(kind): count for kind, count in self.kind_counts.items()}
            object.__setattr__(self, "kind_counts", MappingProxyType(counts))
        if self.kind_ranges is not None:
            ranges = {Kind(kind): bounds for kind, bounds in self.kind_ranges.items()}
            object.__setattr__(self, "kind_ranges", MappingProxyType(ranges))

    @property
    def total_items(self) -> int:
        """How many items every form of this blueprint holds."""
        return sum(self.domain_counts.values())

    @property
    def recall_limit(self) -> int:
        """The most recall items a form may hold: floor(recall_cap x total_items)."""
        return math.floor(exact_ratio(self.recall_cap) * self.total_items)

    def kind_bounds(self, kind: Kind) -> tuple[int, int]:
        """The (minimum, maximum) items of `kind` on a form, the recall cap included."""
        total = self.total_items
        if self.kind_counts is not None:
            low = high = self.kind_counts.get(kind, 0)
        elif self.kind_ranges is not None and kind in self.kind_ranges:
            bounds = self.kind_ranges[kind]
            low = bounds.minimum
            high = total if bounds.maximum is None else min(bounds.maximum, total)
        else:
            low, high = 0, total
        if kind == Kind.RECALL:
            high = min(high, self.recall_limit)
        return low, high

    def kind_maximum_is_recall_cap(self) -> bool:
        """True when the recall cap, not a kind count or range, sets the recall maximum."""
        if self.kind_counts is not None:
            return False
        configured = (self.kind_ranges or {}).get(Kind.RECALL, KindRange()).maximum
        return configured is None or configured > self.recall_limit
