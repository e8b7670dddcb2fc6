"""Parse and validate an uploaded bank file: the one entry point the service calls."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import PurePath

from itembank.importing.aiken_reader import read_aiken
from itembank.importing.bank_format import BankFormat
from itembank.importing.bank_validation import validate_document
from itembank.importing.csv_reader import read_csv
from itembank.importing.decoding import check_upload_size, decode_bank_bytes
from itembank.importing.foreign_document import FieldNames, build_document
from itembank.importing.foreign_question import ForeignFile
from itembank.importing.gift_reader import read_gift
from itembank.importing.import_options import ImportOptions
from itembank.importing.json_reader import read_json
from itembank.importing.moodle_xml_reader import moodle_field_name, read_moodle_xml
from itembank.importing.parsed_bank import ParsedBank
from itembank.importing.qti_reader import qti_field_name, read_qti
from itembank.importing.raw_document import RawDocument, native_field_name
from itembank.importing.yaml_reader import read_yaml

DEFAULT_MAX_BANK_BYTES = 16 * 1024 * 1024
"""Comfortably above a 10,000-item bank in YAML (about 7 MiB with rationales)."""

_READERS: dict[BankFormat, Callable[[str], RawDocument]] = {
    BankFormat.YAML: read_yaml,
    BankFormat.JSON: read_json,
    BankFormat.CSV: read_csv,
}
_FIELD_NAMES: dict[BankFormat, FieldNames] = {
    BankFormat.MOODLE: moodle_field_name,
    BankFormat.QTI: qti_field_name,
}


def parse_bank_file(
    data: bytes,
    fmt: BankFormat,
    max_bytes: int = DEFAULT_MAX_BANK_BYTES,
    options: ImportOptions | None = None,
    filename: str | None = None,
) -> ParsedBank:
    """Return the bank in `data`, or raise `BankFileInvalid` listing every problem found.

    Bytes, not text, so that an encoding mistake is reported with its byte offset (and XML
    and zip packages are read as the bytes they are). `options` say how to decide what the
    foreign formats (GIFT, Aiken, Moodle XML, QTI) do not state; `filename` gives derived
    item ids their default prefix.

    The garbage collector keeps running: it is process-wide, and this runs in a worker
    thread beside other requests, so pausing it here would pause it for all of them.
    """
    if fmt in _READERS:
        text = decode_bank_bytes(data, max_bytes)
        return validate_document(_READERS[fmt](text))
    foreign = _read_foreign(data, fmt, max_bytes)
    document, assumptions = build_document(
        foreign,
        options or ImportOptions(),
        default_prefix=PurePath(filename).stem if filename else fmt.value,
        field_names=_FIELD_NAMES.get(fmt, native_field_name),
        element_separator=": " if fmt is BankFormat.QTI else "/",
    )
    parsed = validate_document(document)
    return replace(parsed, skipped=tuple(foreign.skipped), assumptions=assumptions)


def _read_foreign(data: bytes, fmt: BankFormat, max_bytes: int) -> ForeignFile:
    if fmt is BankFormat.GIFT:
        return read_gift(decode_bank_bytes(data, max_bytes))
    if fmt is BankFormat.AIKEN:
        return read_aiken(decode_bank_bytes(data, max_bytes))
    check_upload_size(data, max_bytes)
    if fmt is BankFormat.MOODLE:
        return read_moodle_xml(data)
    return read_qti(data, max_bytes)
