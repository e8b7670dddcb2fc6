"""The key file: ``item_id,key[,n_options][,domain]``, one row per item.

``key`` names the correct option; several accepted options (a double-keyed item) are
separated by ';' or '|' (quote the cell when ';' is also the file's separator). Option
labels are compared after trimming and upper-casing, so "b" and "B" are one option.
``n_options`` (optional, an integer >= 2) fixes the item's options: the first n letters
A, B, C, ... when the key is a letter, or 1..n when it is a number; a response outside them
is then a problem. Without it, the options are the key and whatever the responses chose.
``domain`` (optional) names the blueprint domain whose subscore the item counts towards, for
the subscore reliabilities; an empty cell puts the item in no domain.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass

from itembank.problems import Problem
from itembank.statistics.csv_table import Table, cell, column_problems, width_problem

FILE = "key"
_KEY_SEPARATOR = re.compile(r"[;|]")


@dataclass(frozen=True, slots=True)
class KeyEntry:
    item_id: str
    keys: frozenset[str]
    options: tuple[str, ...] | None
    line: int
    domain: str | None = None


def normalise_option(label: str) -> str:
    return label.strip().upper()


def read_key(table: Table, problems: list[Problem]) -> dict[str, KeyEntry]:
    header_problems = column_problems(table, FILE, ("item_id", "key"), ("n_options", "domain"))
    problems.extend(header_problems)
    if any(p.field in ("item_id", "key") and "lacks" in p.reason for p in header_problems):
        return {}
    has_count = "n_options" in table.header
    has_domain = "domain" in table.header
    entries: dict[str, KeyEntry] = {}
    for row in table.rows:
        wide = width_problem(row, table, FILE)
        if wide is not None:
            problems.append(wide)
        item_id = cell(row, table, "item_id")
        keys = frozenset(
            normalise_option(part)
            for part in _KEY_SEPARATOR.split(cell(row, table, "key"))
            if part.strip()
        )
        ok = True
        if not item_id:
            problems.append(
                Problem(file=FILE, line=row.line, field="item_id", reason="the item id is empty")
            )
            ok = False
        elif item_id in entries:
            first = entries[item_id].line
            problems.append(
                Problem(
                    file=FILE,
                    line=row.line,
                    field="item_id",
                    reason=f"item '{item_id}' is already keyed on line {first}",
                )
            )
            ok = False
        if not keys:
            problems.append(
                Problem(file=FILE, line=row.line, field="key", reason="the key is empty")
            )
            ok = False
        options = None
        if has_count and keys and (raw := cell(row, table, "n_options")):
            options = _options(raw, keys, row.line, problems)
            ok = ok and options is not None
        if ok:
            domain = cell(row, table, "domain") if has_domain else ""
            entries[item_id] = KeyEntry(item_id, keys, options, row.line, domain or None)
    if not table.rows:
        problems.append(Problem(file=FILE, reason="the key has no items"))
    return entries


def _options(
    raw: str, keys: frozenset[str], line: int, problems: list[Problem]
) -> tuple[str, ...] | None:
    if not raw.isdigit() or not 2 <= int(raw) <= 26:
        problems.append(
            Problem(
                file=FILE,
                line=line,
                field="n_options",
                reason=f"'{raw}' is not a whole number from 2 to 26",
            )
        )
        return None
    count = int(raw)
    if keys and all(k.isdigit() for k in keys):
        options = tuple(str(i) for i in range(1, count + 1))
    elif keys and all(len(k) == 1 and k in string.ascii_uppercase for k in keys):
        options = tuple(string.ascii_uppercase[:count])
    else:
        problems.append(
            Problem(
                file=FILE,
                line=line,
                field="key",
                reason="with n_options the key must be letters (A, B, ...) or numbers (1, 2, ...)",
            )
        )
        return None
    outside = sorted(keys - set(options))
    if outside:
        problems.append(
            Problem(
                file=FILE,
                line=line,
                field="key",
                reason=f"key {', '.join(outside)} is not among the {count} options "
                f"{', '.join(options)}",
            )
        )
        return None
    return options
