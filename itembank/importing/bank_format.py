"""Which reader a bank upload needs, told from its file name and content type.

The file name's extension wins over the content type: browsers and HTTP clients send CSV as
`application/vnd.ms-excel` and YAML as `application/octet-stream` often enough, while writers
name their files deliberately.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import PurePath

from itembank.importing.problems import file_problem


class BankFormat(StrEnum):
    YAML = "yaml"
    JSON = "json"
    CSV = "csv"


_BY_EXTENSION = {
    ".yaml": BankFormat.YAML,
    ".yml": BankFormat.YAML,
    ".json": BankFormat.JSON,
    ".csv": BankFormat.CSV,
}
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
}
_SPREADSHEET_EXTENSIONS = {".xlsx", ".xls", ".xlsm", ".ods", ".numbers"}


def detect_format(filename: str | None, content_type: str | None) -> BankFormat:
    """Return the format, or raise `BankFileInvalid` naming the formats that are accepted."""
    extension = PurePath(filename).suffix.lower() if filename else ""
    if extension in _BY_EXTENSION:
        return _BY_EXTENSION[extension]
    if extension in _SPREADSHEET_EXTENSIONS:
        raise file_problem(
            f"'{filename}' is a spreadsheet workbook, which cannot be imported directly; "
            "save it as CSV (in Excel: File > Save As > 'CSV UTF-8 (Comma delimited)') "
            "and upload the .csv file"
        )
    media_type = (content_type or "").split(";", 1)[0].strip().lower()
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
        "upload a .yaml, .yml, .json or .csv file"
    )
