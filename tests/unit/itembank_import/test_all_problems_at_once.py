"""A writer fixes a file in one pass: every problem is reported, in file order."""

from __future__ import annotations

from itembank.importing import BankFormat
from tests.unit.itembank_import.bank_texts import (
    CSV_HEADER,
    SECOND_ITEM,
    VALID_ITEM,
    bank,
    item_with,
    problems_in,
)


def test_problems_in_several_items_and_fields_come_together_in_line_order() -> None:
    first = item_with("kind: scenario", "kind: quiz")
    first = item_with("    key: A\n", "    key: C\n    tags: dates\n", first)
    second = item_with("domain: reporting.filters", "domain: Reporting", SECOND_ITEM)
    second = item_with("      - id: B\n", "      - id: A\n", second)
    third = item_with("    stem: Which", "    steem: Which", VALID_ITEM.replace("0001", "0003"))
    sets = "item_sets:\n  - id: CS-1\n"
    found = problems_in(bank(first, second, third, item_sets=sets))
    assert [(problem.item, problem.line, problem.field) for problem in found] == [
        (None, 2, "item_sets[1].stimulus"),
        (None, 2, "item_sets[1].id"),
        ("RPT-0001", 5, "kind"),
        ("RPT-0001", 16, "key"),
        ("RPT-0001", 17, "tags"),
        ("RPT-0002", 20, "domain"),
        ("RPT-0002", 28, "options[2].id"),
        ("RPT-0003", 31, "stem"),
        ("RPT-0003", 36, "steem"),
    ]


def test_every_bad_csv_row_is_reported() -> None:
    rows = "".join(
        f"RPT-{number:04d},quiz,a.b,expert,single,Stem,x,y,A\n" for number in range(1, 51)
    )
    found = problems_in((CSV_HEADER + rows).encode(), BankFormat.CSV)
    assert [(problem.item, problem.line, problem.field) for problem in found] == [
        (f"RPT-{number:04d}", number + 1, "kind") for number in range(1, 51)
    ]
