"""A small CSV table reader for the statistics input files, with line numbers.

The separator is the one of ',', ';' and tab that the header line uses most (Excel writes
';' in some locales). A leading byte-order mark is dropped. Each row keeps the physical line
where it starts (quoted cells may span lines); blank rows (no cell with text, as
spreadsheets write ",,,") are skipped. The response file is streamed row by row
(``TableStream``); the small key and groups files are read whole (``read_table``). Header names are
compared case-insensitively after trimming. Invalid CSV (an unclosed quote) is one problem
with its line, and nothing else of that file is read.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass

from itembank.problems import Problem

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


class TableStream:
    """The rows of a CSV text one at a time, so that a million-row response file is never
    held as a million lists. After iterating, ``error`` holds the problem if the text
    turned out not to be valid CSV (the rows before it were yielded) and ``count`` the rows
    read."""

    def __init__(self, text: str, file: str) -> None:
        first_line = text.split("\n", 1)[0]
        separator = max(_SEPARATORS, key=first_line.count)
        self._reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator, strict=True)
        self._file = file
        self.error: Problem | None = None
        self.count = 0
        self.raw_header: list[str] = []
        self._start = 1
        try:
            self.raw_header = [cell.strip() for cell in next(self._reader)]
            self._start = self._reader.line_num + 1
        except csv.Error as error:
            self._fail(error)
        self.header = [name.lower() for name in self.raw_header]

    def __iter__(self) -> Iterator[Row]:
        if self.error is not None:
            return
        reader = self._reader
        start = self._start
        try:
            for cells in reader:
                if any(cells) and (len(cells) > 1 or cells[0].strip()):  # skip blank rows
                    self.count += 1
                    yield Row(start, cells)
                start = reader.line_num + 1
        except csv.Error as error:
            self._start = start
            self._fail(error)

    def _fail(self, error: csv.Error) -> None:
        self.error = Problem(
            file=self._file,
            line=self._start,
            reason=f"not valid CSV: {error} in the row starting at line {self._start}; check that"
            ' every quote (") opening a cell is closed',
        )


def open_table(text: str, file: str, problems: list[Problem]) -> TableStream | None:
    """A stream over the rows, or None (with the reason in ``problems``) for an empty file."""
    text = text.removeprefix("\ufeff")
    if not text.strip():
        problems.append(Problem(file=file, reason="the file is empty"))
        return None
    return TableStream(text, file)


def read_table(text: str, file: str, problems: list[Problem]) -> Table | None:
    """All rows at once, or None (with the reason in ``problems``) when the file is empty
    or not valid CSV; then nothing else of it is checked."""
    stream = open_table(text, file, problems)
    if stream is None:
        return None
    rows = list(stream)
    if stream.error is not None:
        problems.append(stream.error)
        return None
    return Table(header=stream.header, raw_header=stream.raw_header, rows=rows)


def column_problems(
    table: Table | TableStream, file: str, required: tuple[str, ...], optional: tuple[str, ...]
) -> list[Problem]:
    """Missing, repeated and unknown header columns."""
    found = []
    known = (*required, *optional)
    for name in required:
        if name not in table.header:
            found.append(
                Problem(
                    file=file,
                    line=1,
                    field=name,
                    reason=f"the header lacks the column '{name}' (columns: {', '.join(known)})",
                )
            )
    seen: set[str] = set()
    for name in table.header:
        if name in seen:
            found.append(
                Problem(file=file, line=1, field=name, reason=f"column '{name}' appears twice")
            )
        elif name not in known:
            found.append(
                Problem(
                    file=file,
                    line=1,
                    field=name or None,
                    reason=f"unknown column '{name}' (columns: {', '.join(known)})",
                )
            )
        seen.add(name)
    return found


def cell(row: Row, table: Table | TableStream, name: str) -> str:
    index = table.header.index(name)
    return row.cells[index].strip() if index < len(row.cells) else ""


def width_problem(row: Row, table: Table | TableStream, file: str) -> Problem | None:
    if len(row.cells) > len(table.header) and any(
        c.strip() for c in row.cells[len(table.header) :]
    ):
        return Problem(
            file=file,
            line=row.line,
            reason=f"the row has {len(row.cells)} cells but the header has {len(table.header)}; a "
            "cell"
            " containing the separator must be quoted",
        )
    return None
