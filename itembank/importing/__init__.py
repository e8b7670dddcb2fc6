"""Import item banks, reporting every problem at once.

Native YAML, JSON and CSV files, and the formats item writers already have: Moodle XML,
GIFT, Aiken and QTI 3.0. The service calls `detect_format`, then `parse_bank_file` (with
`ImportOptions` for the foreign formats), then `plan_import`, and catches `BankFileInvalid`
around the first two. The native format is described in `itembank.importing.native_format`,
the CSV columns in `itembank.importing.csv_reader`, the rules for foreign formats in
`itembank.importing.foreign_document`.
"""

from itembank.importing.bank_format import FOREIGN_FORMATS, BankFormat, detect_format
from itembank.importing.foreign_question import ItemAssumption, SkippedQuestion
from itembank.importing.import_options import (
    ImportOptions,
    MappingRule,
    merge_defaults,
    read_import_options,
)
from itembank.importing.parsed_bank import ParsedBank
from itembank.importing.parsing import DEFAULT_MAX_BANK_BYTES, parse_bank_file
from itembank.importing.planning import ImportPlan, ItemChange, PlannedItem, plan_import
from itembank.importing.problems import BankFileInvalid

__all__ = [
    "DEFAULT_MAX_BANK_BYTES",
    "FOREIGN_FORMATS",
    "BankFileInvalid",
    "BankFormat",
    "ImportOptions",
    "ImportPlan",
    "ItemAssumption",
    "ItemChange",
    "MappingRule",
    "ParsedBank",
    "PlannedItem",
    "SkippedQuestion",
    "detect_format",
    "merge_defaults",
    "parse_bank_file",
    "plan_import",
    "read_import_options",
]
