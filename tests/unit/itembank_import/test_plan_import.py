"""Re-import planning: created, revised or unchanged, decided by content alone."""

from __future__ import annotations

from itembank.fingerprint import content_fingerprint
from itembank.importing import BankFormat, ItemChange, ParsedBank, parse_bank_file, plan_import
from tests.unit.itembank_import.bank_texts import SECOND_ITEM, VALID_ITEM, bank, item_with

THIRD_ITEM = VALID_ITEM.replace("RPT-0001", "RPT-0003")


def parse(*items: str) -> ParsedBank:
    return parse_bank_file(bank(*items), BankFormat.YAML)


def test_first_import_creates_every_item() -> None:
    plan = plan_import({}, parse(VALID_ITEM, SECOND_ITEM))
    assert [planned.change for planned in plan.items] == [ItemChange.CREATED] * 2
    assert (plan.created, plan.revised, plan.unchanged) == (2, 0, 0)
    assert plan.not_in_file == ()


def test_reimport_classifies_each_item_by_its_fingerprint() -> None:
    before = parse(VALID_ITEM, SECOND_ITEM)
    existing = {item.external_id: content_fingerprint(item) for item in before.items}
    existing["RPT-0099"] = "f" * 64
    existing["RPT-0050"] = "e" * 64
    edited_second = item_with("text: A fixed date range", "text: A fixed range", SECOND_ITEM)
    plan = plan_import(existing, parse(VALID_ITEM, edited_second, THIRD_ITEM))
    assert [(planned.item.external_id, planned.change) for planned in plan.items] == [
        ("RPT-0001", ItemChange.UNCHANGED),
        ("RPT-0002", ItemChange.REVISED),
        ("RPT-0003", ItemChange.CREATED),
    ]
    assert (plan.created, plan.revised, plan.unchanged) == (1, 1, 1)
    assert plan.not_in_file == ("RPT-0050", "RPT-0099")


def test_a_status_change_alone_is_not_a_revision() -> None:
    existing = {"RPT-0001": content_fingerprint(parse(VALID_ITEM).items[0])}
    retired = item_with("    key: A\n", "    key: A\n    status: retired\n")
    [planned] = plan_import(existing, parse(retired)).items
    assert planned.change is ItemChange.UNCHANGED
    assert planned.fingerprint == existing["RPT-0001"]
