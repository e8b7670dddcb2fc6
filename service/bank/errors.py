"""Bank file problems as service problems (item, line, field, message)."""

from __future__ import annotations

from uuid import UUID

from itembank.importing import BankFileInvalid
from service.errors import Conflict, Invalid, NotFound, Problem


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


class BankNotFound(NotFound):
    """No bank has this id."""

    def __init__(self, bank_id: UUID) -> None:
        super().__init__(f"no bank with id {bank_id}")
        self.bank_id = bank_id


class BankNameNotFound(NotFound):
    """No bank has this name (the CLI finds banks by name)."""

    def __init__(self, name: str) -> None:
        super().__init__(f"no bank named {name!r}")
        self.name = name


class BankNameTaken(Conflict):
    """Bank names are unique; another bank already has this one."""

    def __init__(self, name: str) -> None:
        super().__init__(f"a bank named {name!r} already exists")
        self.name = name


class ItemNotFound(NotFound):
    """The bank has no item with this external id."""

    def __init__(self, bank_id: UUID, external_id: str) -> None:
        super().__init__(f"no item {external_id!r} in this bank")
        self.bank_id = bank_id
        self.external_id = external_id
