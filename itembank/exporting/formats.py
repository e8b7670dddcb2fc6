"""Every format a bank can be downloaded in, with its media type and file extension."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from itembank.exporting.csv_file import export_csv
from itembank.exporting.moodle_xml import export_moodle_xml
from itembank.exporting.native import export_json, export_yaml
from itembank.exporting.qti import ExamTest, export_qti_package
from itembank.items import Item, ItemSet
from itembank.study import DomainGuide


class ExportFormat(StrEnum):
    YAML = "yaml"
    JSON = "json"
    CSV = "csv"
    QTI = "qti"
    MOODLE = "moodle"


@dataclass(frozen=True, slots=True)
class ExportedFile:
    body: bytes
    media_type: str
    extension: str


def export_bank_file(
    fmt: ExportFormat,
    items: Sequence[Item],
    item_sets: Sequence[ItemSet] = (),
    *,
    exams: Sequence[ExamTest] = (),
    title: str = "Accredo bank",
    domains: Sequence[DomainGuide] = (),
) -> ExportedFile:
    """The bank in `fmt`; `exams` become assessment tests in a QTI package (ignored elsewhere).

    `domains` (the bank's domain descriptions) are written in YAML and JSON only: CSV has one
    row per item, and QTI and Moodle XML have no place for an exam guide.
    """
    if fmt is ExportFormat.JSON:
        return ExportedFile(export_json(items, item_sets, domains), "application/json", "json")
    if fmt is ExportFormat.CSV:
        return ExportedFile(export_csv(items, item_sets), "text/csv; charset=utf-8", "csv")
    if fmt is ExportFormat.QTI:
        return ExportedFile(export_qti_package(items, exams, title), "application/zip", "zip")
    if fmt is ExportFormat.MOODLE:
        return ExportedFile(export_moodle_xml(items), "application/xml", "xml")
    return ExportedFile(export_yaml(items, item_sets, domains), "application/yaml", "yaml")
