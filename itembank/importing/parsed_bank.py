"""The valid content of one bank file."""

from __future__ import annotations

from dataclasses import dataclass

from itembank.importing.foreign_question import ItemAssumption, SkippedQuestion
from itembank.items import Item, ItemSet
from itembank.study import DomainGuide


@dataclass(frozen=True, slots=True)
class ParsedBank:
    """Items in file order and the item sets they use, in declaration order.

    Each item in a set holds the same `ItemSet` value that is listed here. Files in foreign
    formats also report the questions they hold that Accredo cannot deliver (`skipped`) and,
    per item, what the import assumed (`assumptions`). `domains` are the file's domain
    descriptions (native formats only), in file order.
    """

    items: tuple[Item, ...]
    item_sets: tuple[ItemSet, ...] = ()
    skipped: tuple[SkippedQuestion, ...] = ()
    assumptions: tuple[ItemAssumption, ...] = ()
    domains: tuple[DomainGuide, ...] = ()
