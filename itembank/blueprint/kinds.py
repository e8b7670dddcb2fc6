"""The order kinds take in blueprint counting, and the min/max range a blueprint sets per kind.

The kinds themselves are the item model's `Kind`: one enum for items, blueprints, forms
and scores.
"""

from __future__ import annotations

from dataclasses import dataclass

from itembank.items import Kind

KIND_ORDER: tuple[Kind, ...] = tuple(Kind)
"""The fixed order kinds take in count vectors and bit masks (bit i is KIND_ORDER[i])."""


@dataclass(frozen=True, slots=True)
class KindRange:
    """How many items of one kind a form may hold; `maximum=None` means no upper limit."""

    minimum: int = 0
    maximum: int | None = None
