"""A small CSV table reader for the statistics input files, with line numbers.

The separator is the one of ',', ';' and tab that the header line uses most (Excel writes
';' in some locales). A leading byte-order mark is dropped. Each row keeps the physical line
where it starts (quoted cells may span lines); blank rows (no cell with text, as
spreadsheets write ",,,") are skipped. Header names are
compared case-insensitively after trimming. Invalid CSV (an unclosed quote) is one problem
with its line, and nothing else of that file is read.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from itembank.statistics.response_file_problems import FileProblem

_SEPARATORS = (",", ";", "\t")


@dataclass(frozen=True, slots=True)
class Row:
    line: int
    cells: list[str]


@dataclass(frozen=True, slots=True)
class Table:
    header: list[str]
    """Lower-cased, trimmed names (the originals are in ``raw_header``)."""
    raw_header: list[str]
    rows: list[Row]


def read_table(text: str, file: str, problems: list[FileProblem]) -> Table | None:
    """The table, or None (with the reason in ``problems``) when it cannot be read."""
    text = text.removeprefix("\ufeff")
    if not text.strip():
        problems.append(FileProblem(file, None, None, "the file is empty"))
        return None
    first_line = text.split("\n", 1)[0]
    separator = max(_SEPARATORS, key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator, strict=True)
    rows: list[Row] = []
    start = 1
    try:
        raw_header = [cell.strip() for cell in next(reader)]
        start = reader.line_num + 1
        for cells in reader:
            if any(cells) and (len(cells) > 1 or cells[0].strip()):  # skip blank rows
                rows.append(Row(start, cells))
            start = reader.line_num + 1
    except csv.Error as error:
        problems.append(
            FileProblem(
                file,
                start,
                None,
                f"not valid CSV: {error} in the row starting at line {start}; check that every"
                ' quote (") opening a cell is closed',
            )
        )
        return None
    return Table(header=[name.lower() for name in raw_header], raw_header=raw_header, rows=rows)


def column_problems(
    table: Table, file: str, required: tuple[str, ...], optional: tuple[str, ...]
) -> list[FileProblem]:
    """Missing, repeated and unknown header columns."""
    found = []
    known = (*required, *optional)
    for name in required:
        if name not in table.header:
            found.append(
                FileProblem(
                    file,
                    1,
                    name,
                    f"the header lacks the column '{name}' (columns: {', '.join(known)})",
                )
            )
    seen: set[str] = set()
    for name in table.header:
        if name in seen:
            found.append(FileProblem(file, 1, name, f"column '{name}' appears twice"))
        elif name not in known:
            found.append(
                FileProblem(
                    file, 1, name or None, f"unknown column '{name}' (columns: {', '.join(known)})"
                )
            )
        seen.add(name)
    return found


def cell(row: Row, table: Table, name: str) -> str:
    index = table.header.index(name)
    return row.cells[index].strip() if index < len(row.cells) else ""


def width_problem(row: Row, table: Table, file: str) -> FileProblem | None:
    if len(row.cells) > len(table.header) and any(
        c.strip() for c in row.cells[len(table.header) :]
    ):
        return FileProblem(
            file,
            row.line,
            None,
            f"the row has {len(row.cells)} cells but the header has {len(table.header)}; a cell"
            " containing the separator must be quoted",
        )
    return None
