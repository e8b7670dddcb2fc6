"""Bank file problems as service problems (item, line, field, message)."""

from __future__ import annotations

from itembank.importing import BankFileInvalid
from service.errors import Invalid, Problem


def invalid_bank_file(error: BankFileInvalid) -> Invalid:
    count = len(error.problems)
    noun = "problem" if count == 1 else "problems"
    return Invalid(
        f"the bank file has {count} {noun}; nothing was imported",
        problems=[
            Problem(message=p.reason, item=p.item, line=p.line, field=p.field)
            for p in error.problems
        ],
    )


def invalid_import_options(error: BankFileInvalid) -> Invalid:
    """Mistakes in the mapping or defaults of an import request, each with its field."""
    count = len(error.problems)
    noun = "problem" if count == 1 else "problems"
    return Invalid(
        f"the import mapping has {count} {noun}; nothing was imported",
        problems=[Problem(message=p.reason, field=p.field) for p in error.problems],
    )
