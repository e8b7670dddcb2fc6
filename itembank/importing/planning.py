"""Plan a re-import: which items of a file are new, which get a new revision, which are unchanged.

Only content decides: an item whose content fingerprint matches the current revision is
`unchanged` even if its status or tags differ in the file. The service applies status and
tags from the file either way; neither creates a revision.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from itembank.fingerprint import content_fingerprint
from itembank.importing.parsed_bank import ParsedBank
from itembank.items import Item


class ItemChange(StrEnum):
    CREATED = "created"
    REVISED = "revised"
    UNCHANGED = "unchanged"


@dataclass(frozen=True, slots=True)
class PlannedItem:
    item: Item
    fingerprint: str
    change: ItemChange


@dataclass(frozen=True, slots=True)
class ImportPlan:
    """Every item of the file, in file order, with what importing it will do.

    `not_in_file` lists, sorted, the ids the bank has but the file does not mention; the plan
    does not decide what happens to them.
    """

    items: tuple[PlannedItem, ...]
    not_in_file: tuple[str, ...]

    @property
    def created(self) -> int:
        return self._count(ItemChange.CREATED)

    @property
    def revised(self) -> int:
        return self._count(ItemChange.REVISED)

    @property
    def unchanged(self) -> int:
        return self._count(ItemChange.UNCHANGED)

    def _count(self, change: ItemChange) -> int:
        return sum(1 for planned in self.items if planned.change is change)


def plan_import(existing: Mapping[str, str], parsed: ParsedBank) -> ImportPlan:
    """Classify each parsed item against `existing`: external id -> current fingerprint."""
    planned = []
    for item in parsed.items:
        fingerprint = content_fingerprint(item)
        current = existing.get(item.external_id)
        if current is None:
            change = ItemChange.CREATED
        elif current == fingerprint:
            change = ItemChange.UNCHANGED
        else:
            change = ItemChange.REVISED
        planned.append(PlannedItem(item=item, fingerprint=fingerprint, change=change))
    in_file = {item.external_id for item in parsed.items}
    return ImportPlan(
        items=tuple(planned),
        not_in_file=tuple(sorted(set(existing) - in_file)),
    )
