"""Rules about the file as a whole: its top level, YAML syntax and item sets."""

from __future__ import annotations

from itembank import Problem
from itembank.importing import BankFormat, parse_bank_file
from itembank.items import ItemSet
from tests.unit.itembank_import.bank_texts import (
    ITEM_LINE,
    KEY_LINE,
    SECOND_ITEM,
    VALID_ITEM,
    bank,
    item_with,
    problems_in,
)

ID = "RPT-0001"
ITEM_SETS = """\
item_sets:
  - id: CS-NORTHWIND
    stimulus: |
      Northwind runs 40 stores.
      Each region has a manager.
"""
SETS_LINES = ITEM_SETS.count("\n")


def in_set(item: str, set_id: str = "CS-NORTHWIND") -> str:
    return item_with("    key: A\n", f"    key: A\n    item_set: {set_id}\n", item)


def test_items_in_a_set_share_the_declared_item_set() -> None:
    parsed = parse_bank_file(
        bank(in_set(VALID_ITEM), in_set(SECOND_ITEM), item_sets=ITEM_SETS), BankFormat.YAML
    )
    northwind = ItemSet("CS-NORTHWIND", "Northwind runs 40 stores.\nEach region has a manager.")
    assert parsed.item_sets == (northwind,)
    assert [item.content.item_set for item in parsed.items] == [northwind, northwind]


def test_reference_to_an_undeclared_item_set_suggests_the_declared_one() -> None:
    found = problems_in(
        bank(in_set(VALID_ITEM), in_set(SECOND_ITEM, "CS-NORTHWND"), item_sets=ITEM_SETS)
    )
    assert found == [
        Problem(
            item="RPT-0002",
            line=SETS_LINES + 1 + VALID_ITEM.count("\n") + 1 + KEY_LINE,
            field="item_set",
            reason="item set 'CS-NORTHWND' is not declared under item_sets (did you mean "
            "'CS-NORTHWIND'?); declared item sets: CS-NORTHWIND",
        )
    ]


def test_reference_when_no_item_sets_are_declared() -> None:
    assert problems_in(bank(in_set(VALID_ITEM))) == [
        Problem(
            item=ID,
            line=KEY_LINE + 1,
            field="item_set",
            reason="item set 'CS-NORTHWIND' is not declared; add it under item_sets with its id "
            "and "
            "stimulus",
        )
    ]


def test_declared_item_set_that_no_item_uses() -> None:
    assert problems_in(bank(VALID_ITEM, item_sets=ITEM_SETS)) == [
        Problem(
            line=2,
            field="item_sets[1].id",
            reason="item set 'CS-NORTHWIND' is declared but no item uses it; set item_set: "
            "CS-NORTHWIND on its items, or remove the declaration",
        )
    ]


def test_item_set_without_stimulus_does_not_blame_its_items() -> None:
    sets = "item_sets:\n  - id: CS-NORTHWIND\n"
    assert problems_in(bank(in_set(VALID_ITEM), item_sets=sets)) == [
        Problem(
            line=2,
            field="item_sets[1].stimulus",
            reason="item set 'CS-NORTHWIND' has no stimulus: give the case-study text its items "
            "share",
        )
    ]


def test_item_set_declared_twice_and_with_an_unknown_field() -> None:
    sets = ITEM_SETS + "  - id: CS-NORTHWIND\n    stimulus: Again.\n    title: Northwind\n"
    assert problems_in(bank(in_set(VALID_ITEM), item_sets=sets)) == [
        Problem(
            line=SETS_LINES + 1,
            field="item_sets[2].id",
            reason="item set 'CS-NORTHWIND' is declared twice",
        ),
        Problem(
            line=SETS_LINES + 3,
            field="item_sets[2].title",
            reason="unknown field 'title'; item set fields are: id, stimulus",
        ),
    ]


def test_unknown_top_level_field() -> None:
    data = b"bank: Lumen\n" + bank(VALID_ITEM)
    assert problems_in(data) == [
        Problem(
            line=1,
            field="bank",
            reason="unknown field 'bank'; top-level fields are: items, item_sets, domains",
        )
    ]


def test_a_bare_list_of_items_gets_a_hint() -> None:
    data = VALID_ITEM.replace("\n  ", "\n").removeprefix("  ").encode()
    assert problems_in(data) == [
        Problem(
            line=1,
            reason="the file must be a mapping with 'items' (and optionally 'item_sets') at the "
            "top; "
            "got a list (a list of items belongs under 'items')",
        )
    ]


def test_items_missing_not_a_list_or_empty() -> None:
    assert problems_in(b"item_sets: []\n") == [
        Problem(line=1, field="items", reason="'items' is required: the list of the bank's items")
    ]
    assert problems_in(b"items: RPT-0001\n") == [
        Problem(
            line=1,
            field="items",
            reason="'items' must be a list, e.g. [{id: RPT-0012, kind: scenario, ...}]; got the "
            "text "
            "'RPT-0001'",
        )
    ]
    assert problems_in(b"items: []\n") == [
        Problem(line=1, field="items", reason="the file has no items")
    ]


def test_invalid_yaml_names_line_column_and_a_hint() -> None:
    item = item_with(
        "stem: Which filter keeps the last seven complete days?",
        "stem: Filters: which keeps the last seven days?",
    )
    [problem] = problems_in(bank(item))
    assert (problem.item, problem.line, problem.field) == (None, 7, None)
    # libyaml says "in this context", the pure-Python parser "here".
    assert problem.reason.startswith("not valid YAML: mapping values are not allowed")
    assert problem.reason.endswith(
        "(line 7, column 18); text containing ': ' must be quoted or written as a block, "
        "e.g. `stem: |` followed by the text indented on the next lines"
    )


def test_tab_indentation_gets_a_hint() -> None:
    found = problems_in(b"items:\n\t- id: RPT-0001\n")
    assert len(found) == 1
    assert found[0].line == 2
    assert found[0].reason.endswith("YAML does not allow tabs for indentation; indent with spaces")


def test_several_yaml_documents_are_rejected() -> None:
    found = problems_in(bank(VALID_ITEM) + b"---\n" + bank(SECOND_ITEM))
    assert found == [
        Problem(
            line=15,
            reason="not valid YAML: expected a single document in the stream: but found another "
            "document (line 15, column 1); the file holds several YAML documents (separated "
            "by ---); put all items in one",
        )
    ]


def test_only_comments_is_not_a_bank() -> None:
    assert problems_in(b"# items will follow\n") == [
        Problem(reason="the file has no content, only comments or blank lines")
    ]


def test_repeated_field_in_yaml_is_an_error() -> None:
    item = item_with("    key: A\n", "    key: A\n    key: B\n")
    assert problems_in(bank(item)) == [
        Problem(
            item=ID,
            line=KEY_LINE + 1,
            field="key",
            reason=f"field 'key' appears more than once (first on line {KEY_LINE}); keep only one",
        )
    ]


def test_aliases_are_not_expanded() -> None:
    item = item_with("tiers: [practitioner]", "tiers: &tiers [practitioner]")
    second = item_with("tiers: [practitioner]", "tiers: *tiers", SECOND_ITEM)
    assert problems_in(bank(item, second)) == [
        Problem(
            item="RPT-0002",
            line=ITEM_LINE + 13 + 3,
            field="tiers",
            reason="anchors and aliases (&name, *name) are not supported; write it out",
        )
    ]


def test_a_recursive_alias_is_reported_not_followed() -> None:
    found = problems_in(b"items: &loop\n  - *loop\n")
    assert [problem.reason for problem in found] == [
        "anchors and aliases (&name, *name) are not supported; write it out",
        "item 1 must be a mapping of fields (id, kind, stem, ...); got nothing",
    ]


def test_explicit_yaml_tags_are_rejected() -> None:
    item = item_with("kind: scenario", "kind: !!python/name:os.system scenario")
    assert problems_in(bank(item)) == [
        Problem(
            item=ID,
            line=3,
            field="kind",
            reason="YAML tags such as 'tag:yaml.org,2002:python/name:os.system' are not supported; "
            "write plain values",
        )
    ]


def test_yaml_scalars_stay_the_text_that_was_typed() -> None:
    item = (
        VALID_ITEM.replace("id: RPT-0001", "id: 0012")
        .replace("text: A relative date filter", "text: Yes")
        .replace("text: A fixed date range", "text: 'No'")
    )
    parsed = parse_bank_file(bank(item), BankFormat.YAML)
    assert parsed.items[0].external_id == "0012"
    assert [option.text for option in parsed.items[0].content.options] == ["Yes", "No"]
