"""The spreadsheet format: one row per item, letters as option ids, physical line numbers."""

from __future__ import annotations

from itembank import Problem
from itembank.importing import BankFormat, parse_bank_file
from itembank.items import ItemSet, ItemStatus, Option, ResponseFormat, Tier
from tests.unit.itembank_import.bank_texts import CSV_HEADER, CSV_ROW, problems_in

FULL_HEADER = (
    "id,kind,domain,tiers,format,stem,option_a,rationale_a,option_b,option_c,key,tags,status,"
    "item_set,item_set_stimulus\n"
)


def parse_csv(text: str) -> list[Problem]:
    return problems_in(text.encode(), BankFormat.CSV)


def test_a_row_becomes_an_item() -> None:
    row = (
        'RPT-0001,Scenario,reporting.filters,"foundation; expert",multiple,"Which two?",'
        'Relative,"It moves.",Fixed,Top N,"a, c","dates;filters",active,,\n'
    )
    [item] = parse_bank_file((FULL_HEADER + row).encode(), BankFormat.CSV).items
    assert item.content.tiers == (Tier.FOUNDATION, Tier.EXPERT)
    assert item.content.response_format is ResponseFormat.MULTIPLE
    assert item.content.options == (
        Option("A", "Relative", "It moves."),
        Option("B", "Fixed"),
        Option("C", "Top N"),
    )
    assert item.content.keys == ("A", "C")
    assert item.tags == ("dates", "filters")
    assert item.status is ItemStatus.ACTIVE


def test_line_numbers_count_physical_lines_of_multi_line_cells() -> None:
    first = 'RPT-0001,recall,a.b,expert,single,"Line one\nline two\n\nline four",x,,y,,A,,,,\n'
    second = 'RPT-0002,recall,a.b,expert,single,"One\r\nTwo",x,,y,,A,,,,\n'
    third = "RPT-0003,recall,a.b,expert,single,Stem,x,,y,,Z,,,,\n"
    assert parse_csv(FULL_HEADER + first + second + "\n" + third) == [
        Problem(
            item="RPT-0003",
            line=9,
            field="key",
            reason="key 'Z' is not one of the option ids (A, B)",
        )
    ]


def test_item_set_stimulus_given_once_is_shared() -> None:
    rows = (
        'RPT-0001,recall,a.b,expert,single,S1,x,,y,,A,,,CS-1,"Case study\r\ntext"\n'
        "RPT-0002,recall,a.b,expert,single,S2,x,,y,,A,,,CS-1,\n"
    )
    parsed = parse_bank_file((FULL_HEADER + rows).encode(), BankFormat.CSV)
    case = ItemSet("CS-1", "Case study\ntext")
    assert parsed.item_sets == (case,)
    assert [item.content.item_set for item in parsed.items] == [case, case]


def test_item_set_problems_point_at_their_rows() -> None:
    rows = (
        "RPT-0001,recall,a.b,expert,single,S1,x,,y,,A,,,CS-1,First text\n"
        "RPT-0002,recall,a.b,expert,single,S2,x,,y,,A,,,CS-1,Other text\n"
        "RPT-0003,recall,a.b,expert,single,S3,x,,y,,A,,,,Orphan text\n"
        "RPT-0004,recall,a.b,expert,single,S4,x,,y,,A,,,CS-2,\n"
    )
    assert parse_csv(FULL_HEADER + rows) == [
        Problem(
            item="RPT-0002",
            line=3,
            field="item_set_stimulus",
            reason="item set 'CS-1' already has a different stimulus on line 2; give the "
            "case-study "
            "text once, or repeat it exactly",
        ),
        Problem(
            item="RPT-0003",
            line=4,
            field="item_set_stimulus",
            reason="item_set_stimulus is filled but item_set is empty; name the item set this "
            "case-study text belongs to",
        ),
        Problem(
            line=5,
            field="item_set_stimulus",
            reason="item set 'CS-2' has no stimulus: give the case-study text its items share",
        ),
    ]


def test_unknown_and_duplicate_columns_are_reported_on_the_header() -> None:
    header = CSV_HEADER.replace("key\n", "key,optoin_c,kind\n")
    assert parse_csv(header + CSV_ROW.replace("A\n", "A,,\n")) == [
        Problem(
            line=1,
            field="optoin_c",
            reason="unknown column 'optoin_c' (did you mean 'option_c'?); the first row must be "
            "the "
            "header, with columns from: id, kind, domain, tiers, format, stem, option_a, "
            "option_b, key, option_c, option_d, option_e, option_f, option_g, option_h, "
            "rationale_a, rationale_b, rationale_c, rationale_d, rationale_e, rationale_f, "
            "rationale_g, rationale_h, tags, status, item_set, item_set_stimulus, objective",
        ),
        Problem(line=1, field="kind", reason="column 'kind' appears twice in the header"),
    ]


def test_missing_required_columns_stop_before_the_rows() -> None:
    assert parse_csv("id,kind,stem\nRPT-0001,recall,Stem\n") == [
        Problem(
            line=1,
            reason="the header lacks the required column(s) domain, tiers, format, option_a, "
            "option_b, "
            "key; the first row must name the columns, at least: id, kind, domain, tiers, "
            "format, stem, option_a, option_b, key",
        )
    ]


def test_options_must_be_filled_without_gaps() -> None:
    header = (
        "id,kind,domain,tiers,format,stem,option_a,option_b,option_c,option_d,rationale_c,key\n"
    )
    row = "RPT-0001,recall,a.b,expert,single,Stem,x,y,,z,Why C,A\n"
    assert parse_csv(header + row) == [
        Problem(
            item="RPT-0001",
            line=2,
            field="rationale_c",
            reason="rationale_c is filled but option_c is empty; a rationale needs its option",
        ),
        Problem(
            item="RPT-0001",
            line=2,
            field="option_d",
            reason="option_d is filled but option_c is empty; fill the options from option_a on "
            "without gaps",
        ),
    ]


def test_cell_beyond_the_header_suggests_quoting() -> None:
    row = CSV_ROW.replace("Which filter?", "Which filter, really?")
    assert parse_csv(CSV_HEADER + row) == [
        Problem(
            item="RPT-0001",
            line=2,
            reason="the row has a value in cell 10, but the header has only 9 columns; a cell "
            "containing a comma must be quoted",
        ),
        Problem(
            item="RPT-0001",
            line=2,
            field="key",
            reason="key 'FIXED' is not one of the option ids (A, B)",
        ),
    ]


def test_trailing_empty_cells_are_ignored() -> None:
    data = (CSV_HEADER.replace("\n", ",,\n") + CSV_ROW.replace("\n", ",,,\n")).encode()
    assert len(parse_bank_file(data, BankFormat.CSV).items) == 1


def test_unclosed_quote_names_the_row_it_starts_on() -> None:
    text = CSV_HEADER + CSV_ROW + 'RPT-0002,recall,a.b,expert,single,"Never closed,x,y,A\n'
    [problem] = parse_csv(text)
    assert (problem.item, problem.line, problem.field) == (None, 3, None)
    assert problem.reason.startswith("not valid CSV: ")
    assert problem.reason.endswith(
        'in the row starting at line 3; check that every quote (") opening a cell is closed '
        "and that quotes inside a cell are doubled"
    )


def test_semicolon_separated_files_from_excel_are_read() -> None:
    header = CSV_HEADER.replace(",", ";")
    row = 'RPT-0001;recall;a.b;"foundation;expert";single;Stem;x;y;A\n'
    [item] = parse_bank_file((header + row).encode(), BankFormat.CSV).items
    assert item.content.tiers == (Tier.FOUNDATION, Tier.EXPERT)


def test_header_names_ignore_case_and_spaces() -> None:
    header = " ID , Kind,Domain,Tiers,Format,Stem,Option_A,Option_B,KEY\n"
    assert len(parse_bank_file((header + CSV_ROW).encode(), BankFormat.CSV).items) == 1


def test_a_header_without_rows_has_no_items() -> None:
    assert parse_csv(CSV_HEADER) == [Problem(reason="the file has no items")]
