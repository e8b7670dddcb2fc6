"""Import item banks from YAML, JSON and CSV files, reporting every problem at once.

The service calls `detect_format`, then `parse_bank_file`, then `plan_import`, and catches
`BankFileInvalid` around the first two. The native format is described in
`itembank.importing.native_format`, the CSV columns in `itembank.importing.csv_reader`.
"""

from itembank.importing.bank_format import BankFormat, detect_format
from itembank.importing.parsed_bank import ParsedBank
from itembank.importing.parsing import DEFAULT_MAX_BANK_BYTES, parse_bank_file
from itembank.importing.planning import ImportPlan, ItemChange, PlannedItem, plan_import
from itembank.importing.problems import BankFileInvalid

__all__ = [
    "DEFAULT_MAX_BANK_BYTES",
    "BankFileInvalid",
    "BankFormat",
    "ImportPlan",
    "ItemChange",
    "ParsedBank",
    "PlannedItem",
    "detect_format",
    "parse_bank_file",
    "plan_import",
]
