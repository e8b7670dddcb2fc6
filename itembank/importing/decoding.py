"""From uploaded bytes to text: size limit, emptiness and UTF-8, each reported precisely.

Readers get `str`, never bytes, so every format shares one exact account of encoding
mistakes: the byte offset and line of the first undecodable byte, and the usual cause (a
spreadsheet saved in a legacy code page).
"""

from __future__ import annotations

from itembank.importing.problems import file_problem

_UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_ZIP_SIGNATURE = b"PK\x03\x04"


def decode_bank_bytes(data: bytes, max_bytes: int) -> str:
    """Return the file's text without a leading byte-order mark, or raise `BankFileInvalid`."""
    check_upload_size(data, max_bytes)
    if data.startswith(_ZIP_SIGNATURE):
        raise file_problem(
            "the file is a zip archive or spreadsheet workbook, not text; "
            "save spreadsheets as 'CSV UTF-8' and upload the .csv file"
        )
    if data.startswith(_UTF16_BOMS):
        raise file_problem(
            "the file is UTF-16 text; save it as UTF-8 (in Excel: 'CSV UTF-8 (Comma delimited)')"
        )
    bom_length = len(_UTF8_BOM) if data.startswith(_UTF8_BOM) else 0
    try:
        text = data[bom_length:].decode("utf-8")
    except UnicodeDecodeError as error:
        raise _not_utf8(data, bom_length + error.start) from None
    if not text.strip():
        raise file_problem("the file contains only whitespace")
    return text


def check_upload_size(data: bytes, max_bytes: int) -> None:
    """Refuse an empty file or one over the limit, before any parser sees it.

    Only a short file is checked for blankness here; a long blank file is caught by the text
    check after decoding, or by the XML parser.
    """
    if len(data) > max_bytes:
        raise file_problem(
            f"the file is {human_size(len(data))} ({len(data):,} bytes), over the limit of "
            f"{human_size(max_bytes)} ({max_bytes:,} bytes); split the bank into smaller files"
        )
    if not data:
        raise file_problem("the file is empty (0 bytes)")
    if len(data) < 64 and not data.strip():
        raise file_problem("the file contains only whitespace")


def _not_utf8(data: bytes, offset: int) -> Exception:
    line = data.count(b"\n", 0, offset) + 1
    byte = data[offset]
    return file_problem(
        f"the file is not valid UTF-8: byte 0x{byte:02X} at byte offset {offset:,} "
        f"(line {line}) cannot be decoded; save the file as UTF-8 "
        "(in Excel: 'CSV UTF-8 (Comma delimited)', in text editors: encoding UTF-8)",
        line=line,
    )


def human_size(size: int) -> str:
    """`10 MiB`, `1.5 KiB`, `12 bytes`: the unit a person would use for a file."""
    if size < 1024:
        return f"{size} bytes"
    value = size / 1024
    unit = "KiB"
    for larger in ("MiB", "GiB"):
        if value < 1024:
            break
        value, unit = value / 1024, larger
    return f"{value:.1f} {unit}".replace(".0 ", " ")
