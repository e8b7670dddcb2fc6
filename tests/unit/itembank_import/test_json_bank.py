"""The native structure written as JSON: same rules, JSON syntax errors, lines where cheap."""

from __future__ import annotations

import json

from itembank import Problem
from itembank.importing import BankFormat, parse_bank_file
from tests.unit.itembank_import.bank_texts import VALID_ITEM, bank, problems_in

ITEM: dict[str, object] = {
    "id": "RPT-0001",
    "kind": "scenario",
    "domain": "reporting.filters",
    "tiers": ["practitioner"],
    "format": "single",
    "stem": "Which filter keeps the last seven complete days?",
    "options": [
        {"id": "A", "text": "A relative date filter", "rationale": "It moves with the calendar."},
        {"id": "B", "text": "A fixed date range"},
    ],
    "key": "A",
}


def as_json(*items: dict[str, object]) -> bytes:
    return json.dumps({"items": list(items)}, indent=2).encode()


def test_json_and_yaml_give_the_same_bank() -> None:
    assert parse_bank_file(as_json(ITEM), BankFormat.JSON) == parse_bank_file(
        bank(VALID_ITEM), BankFormat.YAML
    )


def test_json_syntax_error_has_line_and_column() -> None:
    data = as_json(ITEM).replace(b'"format": "single",', b'"format": "single"')
    stem_line = data.decode().splitlines().index('      "stem": "' + str(ITEM["stem"]) + '",') + 1
    assert problems_in(data, BankFormat.JSON) == [
        Problem(
            line=stem_line,
            reason=f"not valid JSON: Expecting ',' delimiter (line {stem_line}, column 7)",
        )
    ]


def test_json_problems_carry_item_lines() -> None:
    second = {**ITEM, "id": "RPT-0002", "kind": "quiz", "tiers": "expert"}
    data = as_json(ITEM, second)
    lines = data.decode().splitlines()
    first_line_of_second = lines.index("    {", lines.index("    {") + 1) + 1
    assert problems_in(data, BankFormat.JSON) == [
        Problem(
            item="RPT-0002",
            line=first_line_of_second + 2,
            field="kind",
            reason="unknown kind 'quiz'; use one of scenario, diagnostic, synthesis, recall",
        ),
        Problem(
            item="RPT-0002",
            line=first_line_of_second + 4,
            field="tiers",
            reason="'tiers' must be a list, e.g. [practitioner, expert]; got the text 'expert'",
        ),
    ]


def test_json_numbers_where_text_belongs() -> None:
    data = json.dumps({"items": [{**ITEM, "id": 12}]}).encode()
    assert problems_in(data, BankFormat.JSON) == [
        Problem(
            line=1, field="id", reason="'id' must be text; got the number 12 (put it in quotes)"
        )
    ]


def test_json_repeated_key_is_an_error() -> None:
    text = as_json(ITEM).decode().replace('"key": "A"', '"key": "A",\n      "key": "B"')
    assert problems_in(text.encode(), BankFormat.JSON) == [
        Problem(
            item="RPT-0001",
            line=text.splitlines().index('      "key": "B"') + 1,
            field="key",
            reason="field 'key' appears more than once; keep only one",
        )
    ]


def test_json_lines_survive_tab_indentation() -> None:
    data = json.dumps({"items": [{**ITEM, "kind": "quiz"}]}, indent="\t").encode()
    [problem] = problems_in(data, BankFormat.JSON)
    assert data.decode().splitlines()[4] == '\t\t\t"kind": "quiz",'
    assert problem.line == 5
