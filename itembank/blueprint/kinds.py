"""Item kinds as blueprints see them, and the min/max range a blueprint may set per kind.

The item model defines its own kind enum; this one carries the same values so the two
convert by value (`ItemKind(item.kind.value)`) without the blueprint depending on it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class ItemKind(StrEnum):
    """What kind of thinking an item asks for; `recall` (pure fact recall) is capped per form."""

    SCENARIO = "scenario"
    DIAGNOSTIC = "diagnostic"
    SYNTHESIS = "synthesis"
    RECALL = "recall"


KIND_ORDER: tuple[ItemKind, ...] = tuple(ItemKind)
"""The fixed order kinds take in count vectors and bit masks (bit i is KIND_ORDER[i])."""


@dataclass(frozen=True, slots=True)
class KindRange:
    """How many items of one kind a form may hold; `maximum=None` means no upper limit."""

    minimum: int = 0
    maximum: int | None = None
