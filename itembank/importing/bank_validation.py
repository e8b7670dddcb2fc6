"""Check a whole raw bank document: its top level, item sets, items and the rules across them."""

from __future__ import annotations

from collections.abc import Mapping

from itembank.importing.field_readers import (
    check_known_fields,
    describe,
    read_list,
    read_text,
    shorten,
)
from itembank.importing.guide_validation import read_domain_guides
from itembank.importing.item_validation import read_identifier, read_item
from itembank.importing.native_format import ITEM_SET_FIELDS, TOP_LEVEL_FIELDS
from itembank.importing.parsed_bank import ParsedBank
from itembank.importing.problem_log import ProblemLog
from itembank.importing.problems import BankFileInvalid
from itembank.importing.raw_document import RawDocument
from itembank.importing.suggestions import did_you_mean
from itembank.items import MAX_STIMULUS_LENGTH, Item, ItemSet

_ITEMS_REQUIRED = "'items' is required: the list of the bank's items"


def validate_document(document: RawDocument) -> ParsedBank:
    """Return the bank, or raise `BankFileInvalid` with every problem in the document."""
    log = ProblemLog(document)
    root = document.root
    if not isinstance(root, dict):
        hint = " (a list of items belongs under 'items')" if isinstance(root, list) else ""
        log.add(
            (),
            "the file must be a mapping with 'items' (and optionally 'item_sets') at the top; "
            f"got {describe(root)}{hint}",
        )
        raise BankFileInvalid(log.problems)
    check_known_fields(log, root, (), TOP_LEVEL_FIELDS, "top-level")
    described = read_domain_guides(log, root)
    item_sets = _read_item_sets(log, root)
    guide_only = root.get("items") is None and bool(root.get("domains"))
    items = [] if guide_only else _read_items(log, root, item_sets)
    _check_every_item_set_used(log, root, item_sets)
    _check_objectives_described(log, items, described.declared)
    if log.problems:
        raise BankFileInvalid(log.problems)
    return ParsedBank(
        items=tuple(items),
        item_sets=tuple(item_set for item_set in item_sets.values() if item_set is not None),
        domains=tuple(described.guides.values()),
    )


def _check_objectives_described(
    log: ProblemLog, items: list[Item], declared: Mapping[str, frozenset[str]]
) -> None:
    """An item's objective must be one its domain lists, when the file describes the domain.

    A file that does not describe the domain (a CSV file, or items kept apart from the guide)
    may name any objective code; the study plan then shows the code without a title.
    """
    positions: dict[str, int] | None = None
    for item in items:
        objectives = declared.get(item.content.domain)
        if item.objective is None or objectives is None or item.objective in objectives:
            continue
        if positions is None:
            positions = _item_positions(log)
        known = sorted(objectives)
        log.add(
            ("items", positions[item.external_id], "objective"),
            f"objective '{item.objective}' is not one of domain '{item.content.domain}'s "
            f"objectives ({', '.join(known) or 'none listed'})"
            f"{did_you_mean(item.objective, known)}",
        )


def _item_positions(log: ProblemLog) -> dict[str, int]:
    entries = log.root.get("items") if isinstance(log.root, dict) else None
    positions: dict[str, int] = {}
    for index, raw in enumerate(entries if isinstance(entries, list) else []):
        if isinstance(raw, dict) and isinstance(raw.get("id"), str):
            positions.setdefault(raw["id"].strip(), index)
    return positions


def _read_item_sets(log: ProblemLog, root: Mapping[str, object]) -> dict[str, ItemSet | None]:
    """Every declared set id, mapped to its set or to None if the declaration is invalid."""
    entries = read_list(log, root, (), "item_sets", "[{id: CS-1, stimulus: ...}]") or []
    declared: dict[str, ItemSet | None] = {}
    for index, raw in enumerate(entries):
        path = ("item_sets", index)
        if not isinstance(raw, dict):
            log.add(
                path,
                f"item set {index + 1} must be a mapping with id and stimulus; got {describe(raw)}",
            )
            continue
        before = log.count()
        check_known_fields(log, raw, path, ITEM_SET_FIELDS, "item set")
        set_id = read_identifier(log, raw, path, "the item set's id, e.g. CS-NORTHWIND")
        before_stimulus = log.count()
        stimulus = read_text(log, raw, path, "stimulus", max_length=MAX_STIMULUS_LENGTH)
        if stimulus is None and log.count() == before_stimulus:
            named = f"'{set_id}'" if set_id else str(index + 1)
            log.add(
                (*path, "stimulus"),
                f"item set {named} has no stimulus: give the case-study text its items share",
            )
        if set_id is None:
            continue
        if set_id in declared:
            log.add((*path, "id"), f"item set '{set_id}' is declared twice")
            continue
        valid = stimulus is not None and log.count() == before
        declared[set_id] = ItemSet(id=set_id, stimulus=stimulus) if valid and stimulus else None
    return declared


def _read_items(
    log: ProblemLog, root: Mapping[str, object], item_sets: Mapping[str, ItemSet | None]
) -> list[Item]:
    entries = read_list(log, root, (), "items", "[{id: RPT-0012, kind: scenario, ...}]")
    if entries is None:
        if root.get("items") is None:
            log.add(("items",), _ITEMS_REQUIRED)
        return []
    if not entries:
        log.add(("items",), "the file has no items")
        return []
    items: list[Item] = []
    first_index: dict[str, int] = {}
    for index, raw in enumerate(entries):
        item = read_item(log, raw, index, item_sets)
        if item is not None:
            items.append(item)
        external_id = raw.get("id") if isinstance(raw, dict) else None
        if not isinstance(external_id, str) or not external_id.strip():
            continue
        external_id = external_id.strip()
        if external_id in first_index:
            log.add(
                ("items", index, "id"),
                f"id '{shorten(external_id)}' is already used by the item on line "
                f"{log.line_of(('items', first_index[external_id]))}; ids must be unique "
                "within a file",
            )
        else:
            first_index[external_id] = index
    return items


def _check_every_item_set_used(
    log: ProblemLog, root: Mapping[str, object], item_sets: Mapping[str, ItemSet | None]
) -> None:
    entries = root.get("items")
    referenced = {
        raw["item_set"].strip()
        for raw in (entries if isinstance(entries, list) else [])
        if isinstance(raw, dict) and isinstance(raw.get("item_set"), str)
    }
    for index, set_id in enumerate(item_sets):
        if set_id not in referenced:
            log.add(
                ("item_sets", index, "id"),
                f"item set '{set_id}' is declared but no item uses it; set item_set: {set_id} "
                "on its items, or remove the declaration",
            )
