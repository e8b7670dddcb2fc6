"""Read a spreadsheet-friendly CSV bank: one row per item.

The first row is the header. Column names are matched ignoring case and surrounding spaces;
an unknown column is an error, so a misspelt `optoin_c` cannot silently drop an option.

    id, kind, domain, format, stem          required, as in the native format
    tiers                                   required, separated by ';' (foundation;expert)
    option_a ... option_h                   option texts; option_a and option_b are required,
                                            fill them from option_a on without gaps. The
                                            option ids are the letters A-H.
    rationale_a ... rationale_h             optional, the rationale of the same option
    key                                     required, letters: B, or A;C for `multiple`
                                            (case, spaces and ',' instead of ';' are fine)
    tags                                    optional, separated by ';'
    status                                  optional: draft (default), active, retired
    item_set                                optional: the id of the item's case study
    item_set_stimulus                       the case-study text, on at least one row of the
                                            set; rows that repeat it must repeat it exactly
    objective                               optional: the code of the objective of its domain
                                            the item measures (domains are described in YAML
                                            or JSON; see native_format)

Only id through key, plus any optional columns used, need to be present. Cells may hold line
breaks (quoted, as every spreadsheet writes them). Files separated by ';' or tabs, as Excel
writes them in some locales, are accepted: the separator is the one the header uses most.
Line numbers are physical lines: the header is line 1, a row's line is where it starts.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

from itembank.importing.problems import BankFileInvalid, file_problem
from itembank.importing.raw_document import Path, RawDocument
from itembank.importing.suggestions import did_you_mean
from itembank.items import MAX_OPTIONS
from itembank.problems import Problem

OPTION_LETTERS = "ABCDEFGH"[:MAX_OPTIONS]
REQUIRED_COLUMNS = (
    "id",
    "kind",
    "domain",
    "tiers",
    "format",
    "stem",
    "option_a",
    "option_b",
    "key",
)
OPTIONAL_COLUMNS = (
    *(f"option_{letter.lower()}" for letter in OPTION_LETTERS[2:]),
    *(f"rationale_{letter.lower()}" for letter in OPTION_LETTERS),
    "tags",
    "status",
    "item_set",
    "item_set_stimulus",
    "objective",
)
ALL_COLUMNS = (*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS)
_PLAIN_COLUMNS = ("id", "kind", "domain", "format", "stem", "status", "item_set", "objective")
_SEPARATORS = (",", ";", "\t")
_LIST_SEPARATOR = re.compile(r";")
_TIER_SEPARATOR = re.compile(r"[;,]")
_KEY_SEPARATOR = re.compile(r"[;,\s]+")
_HEADER_LINE = 1
_UNNAMED = ""


@dataclass(slots=True)
class _ItemSetRows:
    first_line: int
    stimulus: str | None = None
    stimulus_line: int | None = None


@dataclass(slots=True)
class CsvSourceMap:
    item_lines: list[int] = field(default_factory=list)
    option_letters: list[list[str]] = field(default_factory=list)
    item_set_lines: list[tuple[int, int]] = field(default_factory=list)

    def line_of(self, path: Path) -> int | None:
        if len(path) >= 2 and isinstance(path[1], int):
            if path[0] == "items" and path[1] < len(self.item_lines):
                return self.item_lines[path[1]]
            if path[0] == "item_sets" and path[1] < len(self.item_set_lines):
                first_line, stimulus_line = self.item_set_lines[path[1]]
                return stimulus_line if path[2:3] == ("stimulus",) else first_line
        return None

    def field_of(self, path: Path) -> str | None:
        if len(path) >= 3 and path[0] == "items" and isinstance(path[1], int):
            name = path[2]
            if name != "options":
                return str(name)
            if len(path) >= 4 and isinstance(path[3], int):
                letter = self.option_letters[path[1]][path[3]].lower()
                return f"rationale_{letter}" if path[4:5] == ("rationale",) else f"option_{letter}"
            return "option_a..option_h"
        if len(path) >= 2 and path[0] == "item_sets":
            return "item_set_stimulus" if path[2:3] == ("stimulus",) else "item_set"
        return None


def read_csv(text: str) -> RawDocument:
    """Return the rows as native items and item sets, or raise `BankFileInvalid`."""
    return _CsvReading(text).read()


class _CsvReading:
    def __init__(self, text: str) -> None:
        self._text = text
        self._problems: list[Problem] = []
        self._items: list[dict[str, object]] = []
        self._item_sets: dict[str, _ItemSetRows] = {}
        self._source_map = CsvSourceMap()

    def read(self) -> RawDocument:
        first_line = self._text.split("\n", 1)[0]
        separator = max(_SEPARATORS, key=first_line.count)
        reader = csv.reader(io.StringIO(self._text, newline=""), delimiter=separator, strict=True)
        row_start = _HEADER_LINE
        try:
            columns = self._header(next(reader))
            row_start = reader.line_num + 1
            for row in reader:
                self._row(row, columns, row_start)
                row_start = reader.line_num + 1
        except csv.Error as error:
            raise file_problem(
                f"not valid CSV: {error} in the row starting at line {row_start}; check that "
                'every quote (") opening a cell is closed and that quotes inside a cell are '
                "doubled",
                line=row_start,
            ) from None
        return self._document()

    def _header(self, header: list[str]) -> list[str | None]:
        """The column name of each cell position.

        `_UNNAMED` marks a position without a header name, whose values are reported; None a
        position whose header was already reported as wrong, whose values are skipped.
        """
        columns: list[str | None] = []
        seen: set[str] = set()
        for cell in header:
            name = cell.strip().lower()
            if not name:
                columns.append(_UNNAMED)
            elif name in seen:
                self._header_problem(name, f"column '{name}' appears twice in the header")
                columns.append(None)
            elif name not in ALL_COLUMNS:
                hint = did_you_mean(name, ALL_COLUMNS)
                self._header_problem(
                    name,
                    f"unknown column '{name}'{hint}; the first row must be the header, "
                    f"with columns from: {', '.join(ALL_COLUMNS)}",
                )
                columns.append(None)
            else:
                columns.append(name)
            seen.add(name)
        missing = [name for name in REQUIRED_COLUMNS if name not in seen]
        if missing:
            self._header_problem(
                None,
                f"the header lacks the required column(s) {', '.join(missing)}; the first row "
                f"must name the columns, at least: {', '.join(REQUIRED_COLUMNS)}",
            )
            # Every row would only repeat that the column is missing.
            raise BankFileInvalid(self._problems)
        return columns

    def _row(self, row: list[str], columns: list[str | None], line: int) -> None:
        if not any(cell.strip() for cell in row):
            return
        cells: dict[str, str] = {}
        stray: list[int] = []
        for position, cell in enumerate(row):
            name = columns[position] if position < len(columns) else _UNNAMED
            if not cell.strip() or name is None:
                continue
            if name == _UNNAMED:
                stray.append(position)
            else:
                cells[name] = cell
        for position in stray:
            self._row_problem(line, cells, None, _stray_cell_reason(position, len(columns)))
        item: dict[str, object] = {name: cells[name] for name in _PLAIN_COLUMNS if name in cells}
        if "tiers" in cells:
            item["tiers"] = _split(_TIER_SEPARATOR, cells["tiers"])
        if "tags" in cells:
            item["tags"] = _split(_LIST_SEPARATOR, cells["tags"])
        if "key" in cells:
            item["key"] = [key.upper() for key in _split(_KEY_SEPARATOR, cells["key"])]
        letters = self._options(item, cells, line)
        self._item_set(cells, line)
        self._items.append(item)
        self._source_map.item_lines.append(line)
        self._source_map.option_letters.append(letters)

    def _options(self, item: dict[str, object], cells: dict[str, str], line: int) -> list[str]:
        options: list[dict[str, object]] = []
        first_gap: str | None = None
        for letter in OPTION_LETTERS:
            text = cells.get(f"option_{letter.lower()}")
            rationale = cells.get(f"rationale_{letter.lower()}")
            if text is None:
                first_gap = first_gap or letter
                if rationale is not None:
                    self._row_problem(
                        line,
                        cells,
                        f"rationale_{letter.lower()}",
                        f"rationale_{letter.lower()} is filled but option_{letter.lower()} is "
                        "empty; a rationale needs its option",
                    )
                continue
            if first_gap is not None:
                self._row_problem(
                    line,
                    cells,
                    f"option_{letter.lower()}",
                    f"option_{letter.lower()} is filled but option_{first_gap.lower()} is "
                    "empty; fill the options from option_a on without gaps",
                )
            option: dict[str, object] = {"id": letter, "text": text}
            if rationale is not None:
                option["rationale"] = rationale
            options.append(option)
        if options:
            item["options"] = options
        return [str(option["id"]) for option in options]

    def _item_set(self, cells: dict[str, str], line: int) -> None:
        set_id = cells.get("item_set", "").strip()
        stimulus = cells.get("item_set_stimulus")
        if not set_id:
            if stimulus is not None:
                self._row_problem(
                    line,
                    cells,
                    "item_set_stimulus",
                    "item_set_stimulus is filled but item_set is empty; "
                    "name the item set this case-study text belongs to",
                )
            return
        rows = self._item_sets.setdefault(set_id, _ItemSetRows(first_line=line))
        if stimulus is None:
            return
        if rows.stimulus is None:
            rows.stimulus, rows.stimulus_line = stimulus, line
        elif _comparable(rows.stimulus) != _comparable(stimulus):
            self._row_problem(
                line,
                cells,
                "item_set_stimulus",
                f"item set '{set_id}' already has a different stimulus on line "
                f"{rows.stimulus_line}; give the case-study text once, or repeat it exactly",
            )

    def _document(self) -> RawDocument:
        item_sets: list[dict[str, object]] = []
        for set_id, rows in self._item_sets.items():
            declared: dict[str, object] = {"id": set_id}
            if rows.stimulus is not None:
                declared["stimulus"] = rows.stimulus
            item_sets.append(declared)
            self._source_map.item_set_lines.append(
                (rows.first_line, rows.stimulus_line or rows.first_line)
            )
        root = {"items": self._items, "item_sets": item_sets}
        return RawDocument(root=root, source_map=self._source_map, problems=tuple(self._problems))

    def _header_problem(self, name: str | None, reason: str) -> None:
        self._problems.append(Problem(line=_HEADER_LINE, field=name, reason=reason))

    def _row_problem(
        self, line: int, cells: dict[str, str], column: str | None, reason: str
    ) -> None:
        external_id = cells.get("id", "").strip() or None
        self._problems.append(Problem(item=external_id, line=line, field=column, reason=reason))


def _split(separator: re.Pattern[str], cell: str) -> list[str]:
    return [part.strip() for part in separator.split(cell) if part.strip()]


def _comparable(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def _stray_cell_reason(position: int, column_count: int) -> str:
    if position >= column_count:
        return (
            f"the row has a value in cell {position + 1}, but the header has only "
            f"{column_count} columns; a cell containing a comma must be quoted"
        )
    return (
        f"the row has a value in cell {position + 1}, whose column has no usable name in the "
        "header; name the column or empty it"
    )
