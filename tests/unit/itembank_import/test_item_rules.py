"""One test per item rule: each names the item, the line, the field and the reason."""

from __future__ import annotations

import pytest

from itembank import Problem
from itembank.importing import BankFormat, parse_bank_file
from itembank.items import Kind, ResponseFormat
from tests.unit.itembank_import.bank_texts import (
    DOMAIN_LINE,
    FORMAT_LINE,
    ITEM_LINE,
    KEY_LINE,
    KIND_LINE,
    OPTION_A_LINE,
    OPTION_A_TEXT_LINE,
    OPTION_B_LINE,
    OPTION_B_TEXT_LINE,
    OPTIONS_LINE,
    STEM_LINE,
    TIERS_LINE,
    VALID_ITEM,
    bank,
    item_with,
    problems_in,
)

ID = "RPT-0001"
TWO_OPTIONS = """\
      - id: A
        text: A relative date filter
        rationale: It moves with the calendar.
      - id: B
        text: A fixed date range
"""


def only_problem(item: str) -> Problem:
    found = problems_in(bank(item))
    assert len(found) == 1, found
    return found[0]


def test_unknown_kind_names_the_allowed_kinds_and_a_close_match() -> None:
    item = item_with("kind: scenario", "kind: senario")
    assert only_problem(item) == Problem(
        item=ID,
        line=KIND_LINE,
        field="kind",
        reason="unknown kind 'senario' (did you mean 'scenario'?); "
        "use one of scenario, diagnostic, synthesis, recall",
    )


def test_words_are_read_case_insensitively() -> None:
    item = item_with("kind: scenario", "kind: Scenario").replace("format: single", "format: SINGLE")
    parsed = parse_bank_file(bank(item), BankFormat.YAML)
    assert parsed.items[0].content.kind is Kind.SCENARIO
    assert parsed.items[0].content.response_format is ResponseFormat.SINGLE


def test_an_item_that_is_not_a_mapping() -> None:
    assert problems_in(bank(VALID_ITEM, "  - RPT-0002\n")) == [
        Problem(
            line=ITEM_LINE + VALID_ITEM.count("\n"),
            reason="item 2 must be a mapping of fields (id, kind, stem, ...); got the text "
            "'RPT-0002'",
        )
    ]


def test_unknown_item_field_is_an_error_with_a_suggestion() -> None:
    item = item_with("    options:\n", "    optoins: []\n    options:\n")
    assert only_problem(item) == Problem(
        item=ID,
        line=OPTIONS_LINE,
        field="optoins",
        reason="unknown field 'optoins' (did you mean 'options'?); item fields are: id, kind, "
        "domain, "
        "tiers, format, stem, options, key, tags, status, item_set, objective",
    )


def test_unknown_option_field_is_an_error() -> None:
    item = item_with("        rationale: It", "        rational: It")
    assert only_problem(item) == Problem(
        item=ID,
        line=OPTION_A_TEXT_LINE + 1,
        field="options[1].rational",
        reason="unknown field 'rational' (did you mean 'rationale'?); option fields are: id, text, "
        "rationale",
    )


@pytest.mark.parametrize(
    ("line_to_drop", "field", "line", "reason"),
    [
        (
            "    kind: scenario\n",
            "kind",
            ITEM_LINE,
            "'kind' is required: one of scenario, diagnostic, synthesis, recall",
        ),
        (
            "    domain: reporting.filters\n",
            "domain",
            ITEM_LINE,
            "'domain' is required: the objective code, lowercase words joined by dots, "
            "e.g. reporting.filters",
        ),
        (
            "    tiers: [practitioner]\n",
            "tiers",
            ITEM_LINE,
            "'tiers' is required: a list of one or more of foundation, practitioner, expert",
        ),
        (
            "    format: single\n",
            "format",
            ITEM_LINE,
            "'format' is required: one of single, multiple",
        ),
        (
            "    stem: Which filter keeps the last seven complete days?\n",
            "stem",
            ITEM_LINE,
            "'stem' is required: the question text",
        ),
        (
            "    key: A\n",
            "key",
            ITEM_LINE,
            "'key' is required: the id of the correct option, or a list of ids for format: "
            "multiple",
        ),
    ],
)
def test_missing_required_field_is_reported_at_the_item(
    line_to_drop: str, field: str, line: int, reason: str
) -> None:
    assert only_problem(item_with(line_to_drop, "")) == Problem(
        item=ID, line=line, field=field, reason=reason
    )


def test_missing_id_is_reported_without_an_item_id() -> None:
    item = item_with("  - id: RPT-0001\n    kind", "  - kind")
    assert only_problem(item) == Problem(
        line=ITEM_LINE, field="id", reason="'id' is required: the item's own id, e.g. RPT-0012"
    )


def test_missing_options_are_reported() -> None:
    item = item_with("    options:\n" + TWO_OPTIONS, "")
    found = problems_in(bank(item))
    assert found == [
        Problem(
            item=ID,
            line=ITEM_LINE,
            field="options",
            reason="'options' is required: a list of 2 to 8 options, each with an id and a text",
        )
    ]


@pytest.mark.parametrize("stem", ['""', "'   '", "|\n      \n"])
def test_empty_stem_is_an_error(stem: str) -> None:
    item = item_with("stem: Which filter keeps the last seven complete days?", f"stem: {stem}")
    assert only_problem(item) == Problem(
        item=ID,
        line=STEM_LINE,
        field="stem",
        reason="'stem' is empty; it is required: the question text",
    )


def test_a_single_option_is_too_few() -> None:
    item = item_with("      - id: B\n        text: A fixed date range\n", "")
    assert problems_in(bank(item)) == [
        Problem(
            item=ID,
            line=OPTIONS_LINE,
            field="options",
            reason="an item needs 2 to 8 options; this one has 1",
        )
    ]


def test_nine_options_are_too_many() -> None:
    options = "".join(f"      - id: O{n}\n        text: Option {n}\n" for n in range(9))
    item = item_with(TWO_OPTIONS, options).replace("key: A", "key: O1")
    assert only_problem(item) == Problem(
        item=ID,
        line=OPTIONS_LINE,
        field="options",
        reason="an item needs 2 to 8 options; this one has 9",
    )


def test_duplicate_option_ids_are_reported_on_the_second_option() -> None:
    item = item_with("      - id: B\n", "      - id: A\n")
    assert only_problem(item) == Problem(
        item=ID,
        line=OPTION_B_LINE,
        field="options[2].id",
        reason="option id 'A' is already used by option 1; option ids must be unique within an "
        "item",
    )


def test_duplicate_option_texts_ignore_case_and_spacing() -> None:
    item = item_with("text: A fixed date range", "text: '  a RELATIVE   date filter '")
    assert only_problem(item) == Problem(
        item=ID,
        line=OPTION_B_TEXT_LINE,
        field="options[2].text",
        reason="options 1 and 2 have the same text ('a RELATIVE date filter'); every option must "
        "be "
        "different",
    )


def test_invalid_option_id() -> None:
    item = item_with("      - id: B\n", "      - id: B 2\n").replace("key: A", "key: A")
    assert only_problem(item) == Problem(
        item=ID,
        line=OPTION_B_LINE,
        field="options[2].id",
        reason="invalid option id 'B 2': use 1-16 letters, digits, '-' or '_', starting with a "
        "letter "
        "or digit",
    )


def test_option_without_text() -> None:
    item = item_with("        text: A fixed date range\n", "")
    assert only_problem(item) == Problem(
        item=ID,
        line=OPTION_B_LINE,
        field="options[2].text",
        reason="'text' is required: the option's text",
    )


def test_key_not_among_the_options() -> None:
    item = item_with("key: A", "key: C")
    assert only_problem(item) == Problem(
        item=ID, line=KEY_LINE, field="key", reason="key 'C' is not one of the option ids (A, B)"
    )


def test_single_format_with_two_keys() -> None:
    item = item_with("key: A", "key: [A, B]")
    assert only_problem(item) == Problem(
        item=ID,
        line=KEY_LINE,
        field="key",
        reason="format is single but 2 keys are given (A, B); give exactly one key, or set format: "
        "multiple",
    )


def test_multiple_format_with_one_key() -> None:
    item = item_with("format: single", "format: multiple")
    assert only_problem(item) == Problem(
        item=ID,
        line=KEY_LINE,
        field="key",
        reason="format is multiple but only one key is given (A); give two or more keys, or set "
        "format: single",
    )


def test_multiple_format_needs_a_wrong_option() -> None:
    item = item_with("format: single", "format: multiple").replace("key: A", "key: [B, A]")
    assert only_problem(item) == Problem(
        item=ID,
        line=KEY_LINE,
        field="key",
        reason="every option is a key; a multiple-response item needs at least one wrong option",
    )


def test_key_listed_twice() -> None:
    item = item_with("key: A", "key: [A, A]")
    assert only_problem(item) == Problem(
        item=ID, line=KEY_LINE, field="key[2]", reason="key 'A' is listed twice"
    )


def test_empty_key_list() -> None:
    item = item_with("key: A", "key: []")
    assert only_problem(item) == Problem(
        item=ID,
        line=KEY_LINE,
        field="key",
        reason="'key' is empty; it is required: the id of the correct option, or a list of ids for "
        "format: multiple",
    )


def test_tags_must_be_a_list() -> None:
    item = item_with("    key: A\n", "    key: A\n    tags: filters\n")
    assert only_problem(item) == Problem(
        item=ID,
        line=KEY_LINE + 1,
        field="tags",
        reason="'tags' must be a list, e.g. [filters, dates]; got the text 'filters'",
    )


@pytest.mark.parametrize(
    ("tags", "field", "reason"),
    [
        ("[dates, dates]", "tags[2]", "tag 'dates' is listed twice"),
        (
            "['dates, filters']",
            "tags[1]",
            "tag 'dates, filters' contains a comma, semicolon or line break; give each tag "
            "separately (a list entry, or separated by ';' in a CSV cell)",
        ),
        ("[dates, '']", "tags[2]", "tag 2 is empty; write the tag or remove the entry"),
        ("[[dates]]", "tags[1]", "'tag' must be text; got a list"),
    ],
)
def test_invalid_tags(tags: str, field: str, reason: str) -> None:
    item = item_with("    key: A\n", f"    key: A\n    tags: {tags}\n")
    assert only_problem(item) == Problem(item=ID, line=KEY_LINE + 1, field=field, reason=reason)


def test_stem_must_be_text_not_a_list() -> None:
    item = item_with(
        "stem: Which filter keeps the last seven complete days?", "stem: [Which filter?]"
    )
    assert only_problem(item) == Problem(
        item=ID, line=STEM_LINE, field="stem", reason="'stem' must be text; got a list"
    )


def test_options_must_be_a_list_of_mappings() -> None:
    item = item_with(
        "      - id: B\n        text: A fixed date range\n", "      - A fixed date range\n"
    )
    assert only_problem(item) == Problem(
        item=ID,
        line=OPTION_B_LINE,
        field="options[2]",
        reason="option 2 must be a mapping with id, text and optionally rationale; got the text "
        "'A fixed date range'",
    )


@pytest.mark.parametrize(
    ("domain", "hint"),
    [
        ("Reporting.Filters", "; write it in lowercase: reporting.filters"),
        ("reporting filters", ""),
        ("reporting..filters", ""),
        ("reporting.filters.", ""),
    ],
)
def test_invalid_domain_code(domain: str, hint: str) -> None:
    item = item_with("domain: reporting.filters", f"domain: '{domain}'")
    assert only_problem(item) == Problem(
        item=ID,
        line=DOMAIN_LINE,
        field="domain",
        reason=f"invalid domain '{domain}': use lowercase words (letters, digits, _) joined by "
        "dots, "
        f"at most 100 characters, e.g. reporting.filters{hint}",
    )


def test_unknown_tier() -> None:
    item = item_with("tiers: [practitioner]", "tiers: [practitioner, advanced]")
    assert only_problem(item) == Problem(
        item=ID,
        line=TIERS_LINE,
        field="tiers[2]",
        reason="unknown tier 'advanced'; use one of foundation, practitioner, expert",
    )


def test_tier_listed_twice_and_empty_tiers() -> None:
    twice = item_with("tiers: [practitioner]", "tiers: [expert, Expert]")
    empty = item_with("tiers: [practitioner]", "tiers: []").replace("RPT-0001", "RPT-0002")
    assert problems_in(bank(twice, empty)) == [
        Problem(item=ID, line=TIERS_LINE, field="tiers[2]", reason="tier 'expert' is listed twice"),
        Problem(
            item="RPT-0002",
            line=TIERS_LINE + 13,
            field="tiers",
            reason="'tiers' is empty; list one or more of foundation, practitioner, expert",
        ),
    ]


def test_tiers_must_be_a_list() -> None:
    item = item_with("tiers: [practitioner]", "tiers: practitioner")
    assert only_problem(item) == Problem(
        item=ID,
        line=TIERS_LINE,
        field="tiers",
        reason="'tiers' must be a list, e.g. [practitioner, expert]; got the text 'practitioner'",
    )


def test_unknown_status() -> None:
    item = item_with("    key: A\n", "    key: A\n    status: live\n")
    assert only_problem(item) == Problem(
        item=ID,
        line=KEY_LINE + 1,
        field="status",
        reason="unknown status 'live'; use one of draft, active, retired",
    )


def test_unknown_format() -> None:
    item = item_with("format: single", "format: single-choice")
    assert only_problem(item) == Problem(
        item=ID,
        line=FORMAT_LINE,
        field="format",
        reason="unknown format 'single-choice'; use one of single, multiple",
    )


def test_invalid_external_id() -> None:
    item = item_with("id: RPT-0001", "id: RPT 0001")
    assert only_problem(item) == Problem(
        item="RPT 0001",
        line=ITEM_LINE,
        field="id",
        reason="invalid id 'RPT 0001': use 1-64 letters, digits, '.', '_', ':' or '-', starting "
        "with a "
        "letter or digit",
    )


def test_control_character_in_text() -> None:
    item = item_with("text: A fixed date range", 'text: "A fixed\\a date range"')
    assert only_problem(item) == Problem(
        item=ID,
        line=OPTION_B_TEXT_LINE,
        field="options[2].text",
        reason="'text' contains the invisible control character U+0007; remove it",
    )


def test_overlong_stem() -> None:
    item = item_with(
        "stem: Which filter keeps the last seven complete days?", f"stem: {'x' * 10_001}"
    )
    assert only_problem(item) == Problem(
        item=ID,
        line=STEM_LINE,
        field="stem",
        reason="'stem' is 10,001 characters long; the limit is 10,000",
    )


def test_duplicate_external_ids_point_to_the_first_use() -> None:
    second_line = ITEM_LINE + VALID_ITEM.count("\n")
    assert problems_in(bank(VALID_ITEM, VALID_ITEM)) == [
        Problem(
            item=ID,
            line=second_line,
            field="id",
            reason=f"id 'RPT-0001' is already used by the item on line {ITEM_LINE}; ids must be "
            "unique "
            "within a file",
        )
    ]


def test_an_option_without_id_is_not_blamed_on_the_key() -> None:
    item = item_with("      - id: A\n", "      - id: ''\n")
    assert only_problem(item) == Problem(
        item=ID,
        line=OPTION_A_LINE,
        field="options[1].id",
        reason="'id' is empty; it is required: a short id such as A, unique in the item",
    )
