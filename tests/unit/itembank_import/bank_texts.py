"""Small valid bank files to start each test from, and a helper that collects the problems."""

from __future__ import annotations

import pytest

from itembank import Problem
from itembank.importing import BankFileInvalid, BankFormat, parse_bank_file

# Line numbers when the item is the first in `bank(...)`: the line after "items:" is 2.
VALID_ITEM = """\
  - id: RPT-0001
    kind: scenario
    domain: reporting.filters
    tiers: [practitioner]
    format: single
    stem: Which filter keeps the last seven complete days?
    options:
      - id: A
        text: A relative date filter
        rationale: It moves with the calendar.
      - id: B
        text: A fixed date range
    key: A
"""
ITEM_LINE, KIND_LINE, DOMAIN_LINE, TIERS_LINE, FORMAT_LINE, STEM_LINE = 2, 3, 4, 5, 6, 7
OPTIONS_LINE, OPTION_A_LINE, OPTION_A_TEXT_LINE, OPTION_B_LINE, OPTION_B_TEXT_LINE = (
    8,
    9,
    10,
    12,
    13,
)
KEY_LINE = 14

SECOND_ITEM = VALID_ITEM.replace("RPT-0001", "RPT-0002")

CSV_HEADER = "id,kind,domain,tiers,format,stem,option_a,option_b,key\n"
CSV_ROW = "RPT-0001,scenario,reporting.filters,practitioner,single,Which filter?,Relative,Fixed,A\n"


def bank(*items: str, item_sets: str = "") -> bytes:
    return (item_sets + "items:\n" + "".join(items)).encode()


def item_with(old: str, new: str, item: str = VALID_ITEM) -> str:
    assert old in item, old
    return item.replace(old, new, 1)


def problems_in(
    data: bytes, fmt: BankFormat = BankFormat.YAML, max_bytes: int = 1_000_000
) -> list[Problem]:
    with pytest.raises(BankFileInvalid) as caught:
        parse_bank_file(data, fmt, max_bytes)
    return list(caught.value.problems)
