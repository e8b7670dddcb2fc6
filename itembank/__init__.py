"""The item bank core: items, bank files, blueprints, form assembly, scoring, retakes, statistics.

Pure Python (no web framework, database or service code), deterministic and free of I/O.
This package is the face of the item model and of the bank-wide helpers; each room is a
package with its own face: `itembank.importing`, `itembank.blueprint`, `itembank.assembly`,
`itembank.scoring`, `itembank.retake`, `itembank.attempts`, `itembank.exporting` and
`itembank.statistics`. Code outside the core
imports only these faces (tests/unit/test_architecture.py holds that rule).
"""

from __future__ import annotations

from itembank.composition import BankComposition, DomainComposition, bank_composition
from itembank.exporting import (
    ExamTest,
    ExportedFile,
    ExportFormat,
    bank_document,
    export_bank_file,
    export_json,
    export_yaml,
)
from itembank.fingerprint import FINGERPRINT_VERSION, content_fingerprint
from itembank.items import (
    Item,
    ItemContent,
    ItemSet,
    ItemStatus,
    Kind,
    Option,
    ResponseFormat,
    Tier,
)
from itembank.problems import Problem
from itembank.ratios import Ratio, exact_ratio, format_percent

__all__ = [
    "FINGERPRINT_VERSION",
    "BankComposition",
    "DomainComposition",
    "ExamTest",
    "ExportFormat",
    "ExportedFile",
    "Item",
    "ItemContent",
    "ItemSet",
    "ItemStatus",
    "Kind",
    "Option",
    "Problem",
    "Ratio",
    "ResponseFormat",
    "Tier",
    "bank_composition",
    "bank_document",
    "content_fingerprint",
    "exact_ratio",
    "export_bank_file",
    "export_json",
    "export_yaml",
    "format_percent",
]
