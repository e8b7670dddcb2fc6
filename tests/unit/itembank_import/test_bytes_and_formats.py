"""Before any format is read: choosing the reader, size limit, emptiness and encoding."""

from __future__ import annotations

import pytest

from itembank import Problem
from itembank.importing import BankFileInvalid, BankFormat, detect_format, parse_bank_file
from tests.unit.itembank_import.bank_texts import CSV_HEADER, CSV_ROW, VALID_ITEM, bank, problems_in


@pytest.mark.parametrize(
    ("filename", "content_type", "expected"),
    [
        ("bank.yaml", None, BankFormat.YAML),
        ("Bank.YML", "application/octet-stream", BankFormat.YAML),
        ("bank.json", "text/plain", BankFormat.JSON),
        ("items.csv", "application/vnd.ms-excel", BankFormat.CSV),
        ("export.csv", "application/json", BankFormat.CSV),
        (None, "application/x-yaml; charset=utf-8", BankFormat.YAML),
        ("upload", "Application/JSON", BankFormat.JSON),
        (None, "application/problem+json", BankFormat.JSON),
        (None, "text/csv", BankFormat.CSV),
    ],
)
def test_extension_first_then_content_type(
    filename: str | None, content_type: str | None, expected: BankFormat
) -> None:
    assert detect_format(filename, content_type) is expected


def test_unknown_format_names_what_is_accepted() -> None:
    with pytest.raises(BankFileInvalid) as caught:
        detect_format("bank.txt", "text/plain")
    assert caught.value.problems == (
        Problem(
            reason="cannot tell the bank file format from file name 'bank.txt' and content type "
            "'text/plain'; upload a .yaml, .yml, .json or .csv file, a Moodle XML (.xml), "
            "GIFT (.gift, .txt) or Aiken (.aiken, .txt) file, or a QTI 3.0 item (.xml) or "
            "package (.zip)",
        ),
    )


def test_a_workbook_is_told_how_to_save_as_csv() -> None:
    with pytest.raises(BankFileInvalid) as caught:
        detect_format("items.xlsx", None)
    assert "File > Save As > 'CSV UTF-8 (Comma delimited)'" in caught.value.problems[0].reason


def test_file_over_the_size_limit_names_the_limit() -> None:
    data = bank(VALID_ITEM)
    assert problems_in(data, max_bytes=len(data) - 1) == [
        Problem(
            reason=f"the file is {len(data)} bytes ({len(data):,} bytes), over the limit of "
            f"{len(data) - 1} bytes ({len(data) - 1:,} bytes); split the bank into smaller files"
        )
    ]
    assert parse_bank_file(data, BankFormat.YAML, max_bytes=len(data)).items


def test_size_limit_in_mebibytes() -> None:
    data = b" " * (2 * 1024 * 1024 + 1)
    [problem] = problems_in(data, max_bytes=2 * 1024 * 1024)
    assert problem.reason == (
        "the file is 2 MiB (2,097,153 bytes), over the limit of 2 MiB (2,097,152 bytes); "
        "split the bank into smaller files"
    )


@pytest.mark.parametrize("fmt", list(BankFormat))
def test_empty_file(fmt: BankFormat) -> None:
    assert problems_in(b"", fmt) == [Problem(reason="the file is empty (0 bytes)")]
    assert problems_in(b" \r\n\t\n", fmt) == [Problem(reason="the file contains only whitespace")]


def test_non_utf8_names_the_byte_offset_and_line() -> None:
    data = (CSV_HEADER + CSV_ROW.replace("Fixed", "Fixé")).encode("cp1252")
    offset = data.index(b"\xe9")
    assert problems_in(data, BankFormat.CSV) == [
        Problem(
            line=2,
            reason=f"the file is not valid UTF-8: byte 0xE9 at byte offset {offset:,} (line 2) "
            "cannot "
            "be decoded; save the file as UTF-8 (in Excel: 'CSV UTF-8 (Comma delimited)', in "
            "text editors: encoding UTF-8)",
        )
    ]


def test_offset_counts_the_byte_order_mark() -> None:
    data = b"\xef\xbb\xbfitems:\n  - id: caf\xe9\n"
    [problem] = problems_in(data)
    assert data.index(b"\xe9") == 21
    assert "byte 0xE9 at byte offset 21 (line 2)" in problem.reason


def test_utf8_byte_order_mark_is_accepted() -> None:
    parsed = parse_bank_file(b"\xef\xbb\xbf" + (CSV_HEADER + CSV_ROW).encode(), BankFormat.CSV)
    assert parsed.items[0].external_id == "RPT-0001"


def test_utf16_and_zip_files_get_their_own_explanation() -> None:
    [utf16] = problems_in((CSV_HEADER + CSV_ROW).encode("utf-16"), BankFormat.CSV)
    assert utf16.reason.startswith("the file is UTF-16 text; save it as UTF-8")
    [workbook] = problems_in(b"PK\x03\x04rest-of-a-zip", BankFormat.CSV)
    assert workbook.reason.startswith("the file is a zip archive or spreadsheet workbook")
