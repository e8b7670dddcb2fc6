"""Writing a bank out: our own YAML/JSON, CSV, Moodle XML and QTI 3.0 packages.

Every writer takes domain values (`Item`, `ItemSet`) and returns bytes; `export_bank_file`
picks one by `ExportFormat`. What a format cannot carry (Moodle has no case studies, QTI
selection has no per-kind counts) is said in the writer's docstring.
"""

from __future__ import annotations

from itembank.exporting.csv_file import export_csv
from itembank.exporting.formats import ExportedFile, ExportFormat, export_bank_file
from itembank.exporting.moodle_xml import export_moodle_xml, moodle_category
from itembank.exporting.native import bank_document, export_json, export_yaml
from itembank.exporting.qti import ExamTest, export_qti_package, qti_identifier

__all__ = [
    "ExamTest",
    "ExportFormat",
    "ExportedFile",
    "bank_document",
    "export_bank_file",
    "export_csv",
    "export_json",
    "export_moodle_xml",
    "export_qti_package",
    "export_yaml",
    "moodle_category",
    "qti_identifier",
]
