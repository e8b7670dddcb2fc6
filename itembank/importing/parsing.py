"""Parse and validate an uploaded bank file: the one entry point the service calls."""

from __future__ import annotations

from collections.abc import Callable

from itembank.importing.bank_format import BankFormat
from itembank.importing.bank_validation import validate_document
from itembank.importing.csv_reader import read_csv
from itembank.importing.decoding import decode_bank_bytes
from itembank.importing.json_reader import read_json
from itembank.importing.parsed_bank import ParsedBank
from itembank.importing.raw_document import RawDocument
from itembank.importing.yaml_reader import read_yaml

DEFAULT_MAX_BANK_BYTES = 16 * 1024 * 1024
"""Comfortably above a 10,000-item bank in YAML (about 7 MiB with rationales)."""

_READERS: dict[BankFormat, Callable[[str], RawDocument]] = {
    BankFormat.YAML: read_yaml,
    BankFormat.JSON: read_json,
    BankFormat.CSV: read_csv,
}


def parse_bank_file(
    data: bytes, fmt: BankFormat, max_bytes: int = DEFAULT_MAX_BANK_BYTES
) -> ParsedBank:
    """Return the bank in `data`, or raise `BankFileInvalid` listing every problem found.

    Bytes, not text, so that an encoding mistake is reported with its byte offset.

    The garbage collector keeps running: it is process-wide, and this runs in a worker
    thread beside other requests, so pausing it here would pause it for all of them. Its
    full passes over the growing node tree are the price on very large files: a
    10,000-item YAML import through the API took 6.3 s with the collector paused and
    13.9 s without (tests/benchmarks/bench_import.py, SQLite, same machine and load).
    """
    text = decode_bank_bytes(data, max_bytes)
    return validate_document(_READERS[fmt](text))
