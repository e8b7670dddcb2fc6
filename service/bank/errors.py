"""Why a bank request failed, named by meaning; bank file problems keep item, line and field."""

from __future__ import annotations

from uuid import UUID

from itembank.importing import BankFileInvalid
from service.errors import Conflict, Invalid, NotFound, Problem


def _counted(count: int) -> str:
    return f"{count} problem" if count == 1 else f"{count} problems"


class BankFileRejected(Invalid):
    """The bank file breaks the import rules; every problem is listed and nothing is imported."""

    def __init__(self, error: BankFileInvalid) -> None:
        super().__init__(
            f"the bank file has {_counted(len(error.problems))}; nothing was imported",
            problems=[
                Problem(message=p.reason, item=p.item, line=p.line, field=p.field)
                for p in error.problems
            ],
        )


class ImportOptionsRejected(Invalid):
    """Mistakes in the mapping or defaults of an import request, each with its field."""

    def __init__(self, error: BankFileInvalid) -> None:
        super().__init__(
            f"the import mapping has {_counted(len(error.problems))}; nothing was imported",
            problems=[Problem(message=p.reason, field=p.field) for p in error.problems],
        )


class MappingNotJson(Invalid):
    """The ``mapping`` field of an import is not JSON; ``position`` is where decoding failed."""

    def __init__(self, message: str, position: int) -> None:
        super().__init__(
            "the import mapping is not valid JSON",
            problems=[Problem(f"{message} at position {position}", "mapping")],
            extra={"position": position},
        )
        self.position = position


class UnknownImportFormat(Invalid):
    """The ``format`` asked for is none of the formats the importer reads."""

    def __init__(self, value: str, choices: list[str]) -> None:
        super().__init__(
            f"unknown import format {value!r}",
            problems=[
                Problem(f"use one of {', '.join(choices)}, or leave it out to detect it", "format")
            ],
            extra={"formats": choices},
        )
        self.value = value


class BankNameMissing(Invalid):
    """A bank is found by its name (the CLI, the admin list), so it cannot be blank."""

    def __init__(self) -> None:
        super().__init__("a bank needs a name", problems=[Problem("must not be empty", "name")])


class ItemIdMismatch(Invalid):
    """An item edit whose body names another item than its URL."""

    def __init__(self, url_id: str, body_id: object) -> None:
        super().__init__(
            "the item id in the body differs from the one in the URL",
            problems=[Problem(f"expected {url_id!r}", field="id", item=url_id)],
            extra={"externalId": url_id},
        )
        self.url_id = url_id
        self.body_id = body_id


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
