"""Which reader a bank upload needs, told from its file name, content type and content.

The file name's extension wins over the content type: browsers and HTTP clients send CSV as
`application/vnd.ms-excel` and YAML as `application/octet-stream` often enough, while writers
name their files deliberately. Where the name cannot settle it (`.xml` is Moodle XML or a
QTI item, `.txt` is GIFT or Aiken as Moodle exports them) or there is no name, the content
decides: the root element of XML, a zip signature, GIFT answer braces or Aiken ANSWER lines.
"""

from __future__ import annotations

import re
from enum import StrEnum
from pathlib import PurePath

from itembank.importing.problems import file_problem


class BankFormat(StrEnum):
    YAML = "yaml"
    JSON = "json"
    CSV = "csv"
    GIFT = "gift"
    AIKEN = "aiken"
    MOODLE = "moodle"
    QTI = "qti"


FOREIGN_FORMATS = frozenset({BankFormat.GIFT, BankFormat.AIKEN, BankFormat.MOODLE, BankFormat.QTI})
"""Formats without Accredo's kind, domain and tiers: imported with a mapping."""


_BY_EXTENSION = {
    ".yaml": BankFormat.YAML,
    ".yml": BankFormat.YAML,
    ".json": BankFormat.JSON,
    ".csv": BankFormat.CSV,
    ".gift": BankFormat.GIFT,
    ".aiken": BankFormat.AIKEN,
    ".zip": BankFormat.QTI,
}
_SNIFFED_EXTENSIONS = {".xml", ".txt", ""}
_BY_CONTENT_TYPE = {
    "application/yaml": BankFormat.YAML,
    "application/x-yaml": BankFormat.YAML,
    "text/yaml": BankFormat.YAML,
    "text/x-yaml": BankFormat.YAML,
    "application/json": BankFormat.JSON,
    "text/json": BankFormat.JSON,
    "text/csv": BankFormat.CSV,
    "application/csv": BankFormat.CSV,
    "text/comma-separated-values": BankFormat.CSV,
    "application/vnd.ms-excel": BankFormat.CSV,
    "application/zip": BankFormat.QTI,
    "application/x-zip-compressed": BankFormat.QTI,
}
_SNIFFED_TYPES = {"application/xml", "text/xml", "text/plain", "application/octet-stream", ""}
_ROOT_ELEMENT = re.compile(rb"<(?![?!])(?:[A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)")
_AIKEN_ANSWER = re.compile(r"^[ \t]*ANSWER[ \t]*:[ \t]*[A-Za-z]", re.MULTILINE)
_GIFT_ANSWERS = re.compile(
    r"\{[^{}]*(?:[=~#]|\b(?:T|F|TRUE|FALSE)\b)[^{}]*\}|::[^:\n]+::|\$CATEGORY:"
)
_OTHER_QTI_ROOTS = frozenset({"assessmentItem", "assessmentTest", "questestinterop"})
"""QTI 2.x and 1.2 roots: read as QTI so the reader can say which version it needs."""
_SPREADSHEET_EXTENSIONS = {".xlsx", ".xls", ".xlsm", ".ods", ".numbers"}


def detect_format(
    filename: str | None, content_type: str | None, data: bytes | None = None
) -> BankFormat:
    """Return the format, or raise `BankFileInvalid` naming the formats that are accepted."""
    extension = PurePath(filename).suffix.lower() if filename else ""
    if extension in _BY_EXTENSION:
        return _BY_EXTENSION[extension]
    media_type = (content_type or "").split(";", 1)[0].strip().lower()
    if (
        data is not None
        and (extension in _SNIFFED_EXTENSIONS)
        and (extension or media_type in _SNIFFED_TYPES)
    ):
        sniffed = sniff_format(data)
        if sniffed is not None:
            return sniffed
    if extension in _SPREADSHEET_EXTENSIONS:
        raise file_problem(
            f"'{filename}' is a spreadsheet workbook, which cannot be imported directly; "
            "save it as CSV (in Excel: File > Save As > 'CSV UTF-8 (Comma delimited)') "
            "and upload the .csv file"
        )
    if media_type in _BY_CONTENT_TYPE:
        return _BY_CONTENT_TYPE[media_type]
    if media_type.endswith("+json"):
        return BankFormat.JSON
    if media_type.endswith("+yaml"):
        return BankFormat.YAML
    described = f"file name '{filename}'" if filename else "no file name"
    described += f" and content type '{content_type}'" if content_type else " and no content type"
    raise file_problem(
        f"cannot tell the bank file format from {described}; "
        "upload a .yaml, .yml, .json or .csv file, a Moodle XML (.xml), GIFT (.gift, .txt) "
        "or Aiken (.aiken, .txt) file, or a QTI 3.0 item (.xml) or package (.zip)"
    )


def sniff_format(data: bytes) -> BankFormat | None:
    """The format the content shows, or None when it shows none clearly."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"PK\x03\x04"):
        return BankFormat.QTI
    if head.startswith(b"<"):
        match = _ROOT_ELEMENT.search(head)
        root = match.group(1).decode("ascii") if match else ""
        if root == "quiz":
            return BankFormat.MOODLE
        if root.startswith("qti-") or root in _OTHER_QTI_ROOTS:
            return BankFormat.QTI
        return None
    if head.startswith((b"{", b"[")):
        return BankFormat.JSON
    text = data[:65536].decode("utf-8", errors="replace")
    if _AIKEN_ANSWER.search(text) and not _GIFT_ANSWERS.search(text):
        return BankFormat.AIKEN
    if _GIFT_ANSWERS.search(text):
        return BankFormat.GIFT
    if re.search(r"^items\s*:", text, re.MULTILINE):
        return BankFormat.YAML
    return None
