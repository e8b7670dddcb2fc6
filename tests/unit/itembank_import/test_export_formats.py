"""`export_bank_file` picks the writer, media type and extension of each export format."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from itembank.exporting import (
    ExportFormat,
    export_bank_file,
    export_csv,
    export_json,
    export_moodle_xml,
    export_yaml,
)
from itembank.importing import BankFormat, parse_bank_file

SAMPLE_YAML = Path(__file__).resolve().parents[3] / "itembank" / "samples" / "sample_bank.yaml"
SAMPLE = parse_bank_file(SAMPLE_YAML.read_bytes(), BankFormat.YAML)


@pytest.mark.parametrize(
    ("fmt", "media_type", "extension", "writer"),
    [
        (
            ExportFormat.YAML,
            "application/yaml",
            "yaml",
            lambda: export_yaml(SAMPLE.items, SAMPLE.item_sets),
        ),
        (
            ExportFormat.JSON,
            "application/json",
            "json",
            lambda: export_json(SAMPLE.items, SAMPLE.item_sets),
        ),
        (
            ExportFormat.CSV,
            "text/csv; charset=utf-8",
            "csv",
            lambda: export_csv(SAMPLE.items, SAMPLE.item_sets),
        ),
        (
            ExportFormat.MOODLE,
            "application/xml",
            "xml",
            lambda: export_moodle_xml(SAMPLE.items),
        ),
    ],
)
def test_each_text_format_is_its_writers_output(
    fmt: ExportFormat, media_type: str, extension: str, writer: Callable[[], bytes]
) -> None:
    exported = export_bank_file(fmt, SAMPLE.items, SAMPLE.item_sets)
    assert (exported.media_type, exported.extension) == (media_type, extension)
    assert exported.body == writer()


def test_qti_is_a_zip_package_with_the_title() -> None:
    exported = export_bank_file(ExportFormat.QTI, SAMPLE.items, title="My bank")
    assert (exported.media_type, exported.extension) == ("application/zip", "zip")
    assert exported.body.startswith(b"PK")
    assert parse_bank_file(exported.body, BankFormat.QTI).items
