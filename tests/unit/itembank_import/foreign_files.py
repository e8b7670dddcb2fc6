"""Helpers for the tests of foreign formats: fixture files, default options, problems."""

from __future__ import annotations

from pathlib import Path

import pytest

from itembank import Problem
from itembank.importing import (
    BankFileInvalid,
    BankFormat,
    ImportOptions,
    ParsedBank,
    parse_bank_file,
)
from itembank.items import Item, Kind, Tier

FIXTURES = Path(__file__).parent / "fixtures"
DEFAULTS = ImportOptions(
    default_kind=Kind.RECALL, default_domain="general", default_tiers=(Tier.FOUNDATION,)
)


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def parse(
    data: bytes, fmt: BankFormat, options: ImportOptions = DEFAULTS, name: str = "bank"
) -> ParsedBank:
    return parse_bank_file(data, fmt, options=options, filename=name)


def problems(
    data: bytes, fmt: BankFormat, options: ImportOptions = DEFAULTS, name: str = "bank"
) -> list[Problem]:
    with pytest.raises(BankFileInvalid) as caught:
        parse(data, fmt, options, name)
    return list(caught.value.problems)


def by_id(bank: ParsedBank) -> dict[str, Item]:
    return {item.external_id: item for item in bank.items}


def option_texts(item: Item) -> list[str]:
    return [option.text for option in item.content.options]


def key_texts(item: Item) -> list[str]:
    return [option.text for option in item.content.options if option.id in item.content.keys]
