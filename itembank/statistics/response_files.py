"""Read responses that did not come through the service: a response file, a key file and an
optional groups file, into the ``ExamResponses`` the analysis consumes.

Response file, either layout (told apart by the header):

- long: ``examinee_id,item_id,chosen_option``, one row per item an examinee was shown. An
  empty ``chosen_option`` is **unanswered** (scored 0); an item without a row for that
  examinee was **not presented** (missing by design, never counted as wrong).
- wide: ``examinee_id`` then one column per item id (as in the key file), one row per
  examinee. An empty cell is **unanswered**; ``NA`` or ``.`` (R's and SAS's missing-value
  codes) means **not presented**.

Key file: see ``key_file``. Groups file (optional): ``examinee_id,group``, for DIF; an
examinee it does not list belongs to no group.

Scoring: an answer is right (1) when its option is one of the item's keys. Options are
trimmed and upper-cased. Items of the key that nobody was shown are left out of the matrix
and listed in ``unseen_items``. Examinees are in order of first appearance, items in key
order.

Every problem of all three files is collected before anything is rejected
(:class:`ResponseFilesInvalid`, with file, line, field and reason): unknown or missing
columns, empty ids, items not in the key, an examinee shown the same item twice, an
option outside the item's ``n_options``, a wide row of the wrong width, an examinee shown
nothing, groups for unknown or repeated examinees.
"""

from __future__ import annotations

from array import array
from dataclasses import dataclass, field

import numpy as np

from itembank.problems import Problem
from itembank.statistics.csv_table import (
    Table,
    TableStream,
    cell,
    column_problems,
    open_table,
    read_table,
    width_problem,
)
from itembank.statistics.errors import InvalidResponsesError
from itembank.statistics.key_file import KeyEntry, normalise_option, read_key
from itembank.statistics.response_file_problems import ResponseFilesInvalid
from itembank.statistics.responses import OMITTED, ExamResponses, ItemOptions

RESPONSES = "responses"
GROUPS = "groups"
LONG = "long"
WIDE = "wide"
NOT_PRESENTED_CODES = frozenset({"NA", "."})


@dataclass(frozen=True, slots=True)
class ResponseFile:
    responses: ExamResponses
    examinee_ids: tuple[str, ...]
    groups: tuple[str | None, ...] | None
    """Aligned with ``examinee_ids``; None when no groups file was given."""
    unseen_items: tuple[str, ...]
    layout: str
    domains: tuple[str | None, ...] | None = None
    """The key's ``domain`` of each item column; None when the key has no domain column."""


@dataclass(slots=True)
class _Answers:
    """One entry per presented cell, in compact integer arrays (a million-row file stays
    small): examinee index, key column (index into the key's items), option code (-1 =
    unanswered) and line. ``labels[j]`` maps item j's option labels to their codes: the
    ``n_options`` labels in order when the key fixes them, else in order of appearance."""

    examinees: dict[str, int] = field(default_factory=dict)
    first_line: list[int] = field(default_factory=list)
    rows: array[int] = field(default_factory=lambda: array("q"))
    columns: array[int] = field(default_factory=lambda: array("q"))
    codes: array[int] = field(default_factory=lambda: array("q"))
    lines: array[int] = field(default_factory=lambda: array("q"))
    labels: list[dict[str, int]] = field(default_factory=list)

    def add(self, examinee: int, column: int, code: int, line: int) -> None:
        self.rows.append(examinee)
        self.columns.append(column)
        self.codes.append(code)
        self.lines.append(line)


def _label_maps(entries: dict[str, KeyEntry]) -> list[dict[str, int]]:
    return [
        {label: code for code, label in enumerate(entry.options or ())}
        for entry in entries.values()
    ]


def read_response_files(responses: str, key: str, groups: str | None = None) -> ResponseFile:
    problems: list[Problem] = []
    key_table = read_table(key, "key", problems)
    entries = read_key(key_table, problems) if key_table is not None else {}
    stream = open_table(responses, RESPONSES, problems)
    answers, layout = None, LONG
    if stream is not None:
        layout = LONG if "item_id" in stream.header else WIDE
        reader = _read_long if layout == LONG else _read_wide
        found: list[Problem] = []
        answers = reader(stream, entries, key_table is not None, found)
        if stream.error is not None:  # not CSV after all: only that is reported
            problems.append(stream.error)
            answers = None
        else:
            problems.extend(found)
            if layout == LONG:
                _duplicates(answers, list(entries), problems)
    group_of = None
    if groups is not None:
        group_table = read_table(groups, GROUPS, problems)
        known = answers.examinees if answers is not None else {}
        group_of = _read_groups(group_table, known, problems) if group_table else {}
    if problems or answers is None:
        raise ResponseFilesInvalid(problems)
    return _assemble(answers, entries, group_of, layout)


def _check_option(
    entry: KeyEntry | None, chosen: str, line: int, field: str, problems: list[Problem]
) -> bool:
    if entry is None or entry.options is None or chosen == "" or chosen in entry.options:
        return True
    problems.append(
        Problem(
            file=RESPONSES,
            line=line,
            field=field,
            reason=f"option '{chosen}' is not one of the {len(entry.options)} options of item"
            f" '{entry.item_id}' ({', '.join(entry.options)})",
        )
    )
    return False


def _read_long(
    table: TableStream, entries: dict[str, KeyEntry], have_key: bool, problems: list[Problem]
) -> _Answers:
    answers = _Answers(labels=_label_maps(entries))
    header = column_problems(table, RESPONSES, ("examinee_id", "item_id", "chosen_option"), ())
    problems.extend(header)
    if any("lacks" in p.reason for p in header):
        return answers
    at_examinee, at_item, at_chosen = (
        table.header.index(name) for name in ("examinee_id", "item_id", "chosen_option")
    )
    width = len(table.header)
    column_of = {item: j for j, item in enumerate(entries)}
    examinees, first_line, labels = answers.examinees, answers.first_line, answers.labels
    for row in table:  # the hot loop of a million-row file: plain locals, no helpers
        values = row.cells
        count = len(values)
        if count > width:
            wide = width_problem(row, table, RESPONSES)
            if wide is not None:
                problems.append(wide)
        examinee = values[at_examinee].strip() if at_examinee < count else ""
        item = values[at_item].strip() if at_item < count else ""
        chosen = values[at_chosen].strip().upper() if at_chosen < count else ""
        if not examinee:
            problems.append(
                Problem(
                    file=RESPONSES,
                    line=row.line,
                    field="examinee_id",
                    reason="the examinee id is empty",
                )
            )
        column = column_of.get(item)
        if not item:
            problems.append(
                Problem(
                    file=RESPONSES, line=row.line, field="item_id", reason="the item id is empty"
                )
            )
        elif have_key and column is None:
            problems.append(
                Problem(
                    file=RESPONSES,
                    line=row.line,
                    field="item_id",
                    reason=f"item '{item}' is not in the key file",
                )
            )
        if not examinee:
            continue
        index = examinees.setdefault(examinee, len(examinees))
        if index == len(first_line):
            first_line.append(row.line)
        if column is None:
            continue
        code = _code(entries[item], labels[column], chosen, row.line, "chosen_option", problems)
        if code is not None:
            answers.add(index, column, code, row.line)
    if not table.count:
        problems.append(Problem(file=RESPONSES, reason="the file has no responses"))
    return answers


def _code(
    entry: KeyEntry,
    labels: dict[str, int],
    chosen: str,
    line: int,
    field: str,
    problems: list[Problem],
) -> int | None:
    """The option code of ``chosen`` (-1 for unanswered); None after reporting a label
    outside the item's ``n_options``."""
    if not chosen:
        return -1
    code = labels.get(chosen)
    if code is not None:
        return code
    if entry.options is not None:
        _check_option(entry, chosen, line, field, problems)
        return None
    code = labels[chosen] = len(labels)
    return code


def _duplicates(answers: _Answers, items: list[str], problems: list[Problem]) -> None:
    """Report every repeated (examinee, item) row against the first one (long layout)."""
    rows = np.frombuffer(answers.rows, dtype=np.int64)
    cells = rows * max(len(items), 1) + np.frombuffer(answers.columns, dtype=np.int64)
    order = np.argsort(cells, kind="stable")  # file order within equal cells
    ordered = cells[order]
    repeated = np.flatnonzero(ordered[1:] == ordered[:-1]) + 1
    if not len(repeated):
        return
    lines = np.frombuffer(answers.lines, dtype=np.int64)
    starts = np.flatnonzero(np.diff(ordered, prepend=-1))
    first = order[starts[np.searchsorted(starts, repeated, side="right") - 1]]
    names = {index: name for name, index in answers.examinees.items()}
    columns = np.frombuffer(answers.columns, dtype=np.int64)
    for later, earlier in zip(order[repeated].tolist(), first.tolist(), strict=True):
        problems.append(
            Problem(
                file=RESPONSES,
                line=int(lines[later]),
                field="item_id",
                reason=f"examinee '{names[int(rows[later])]}' already has a row for item"
                f" '{items[int(columns[later])]}' on line {int(lines[earlier])}",
            )
        )


def _read_wide(
    table: TableStream, entries: dict[str, KeyEntry], have_key: bool, problems: list[Problem]
) -> _Answers:
    answers = _Answers(labels=_label_maps(entries))
    column_of = {item: j for j, item in enumerate(entries)}
    if not table.header or table.header[0] != "examinee_id":
        problems.append(
            Problem(
                file=RESPONSES,
                line=1,
                field=table.raw_header[0] if table.raw_header else None,
                reason="the header must be examinee_id,item_id,chosen_option (long layout) or"
                " examinee_id followed by one column per item id (wide layout)",
            )
        )
        return answers
    items = table.raw_header[1:]
    usable = []
    for position, item in enumerate(items, start=1):
        if not item:
            problems.append(
                Problem(file=RESPONSES, line=1, reason=f"column {position + 1} has no item id")
            )
        elif items.index(item) != position - 1:
            problems.append(
                Problem(file=RESPONSES, line=1, field=item, reason=f"item '{item}' has two columns")
            )
        elif have_key and item not in entries:
            problems.append(
                Problem(
                    file=RESPONSES,
                    line=1,
                    field=item,
                    reason=f"item '{item}' is not in the key file",
                )
            )
        else:
            usable.append((position, item))
    for row in table:
        if len(row.cells) != len(table.header):
            problems.append(
                Problem(
                    file=RESPONSES,
                    line=row.line,
                    reason=f"the row has {len(row.cells)} cells but the header has "
                    f"{len(table.header)}",
                )
            )
            continue
        examinee = row.cells[0].strip()
        if not examinee:
            problems.append(
                Problem(
                    file=RESPONSES,
                    line=row.line,
                    field="examinee_id",
                    reason="the examinee id is empty",
                )
            )
            continue
        if examinee in answers.examinees:
            first = answers.first_line[answers.examinees[examinee]]
            problems.append(
                Problem(
                    file=RESPONSES,
                    line=row.line,
                    field="examinee_id",
                    reason=f"examinee '{examinee}' already has a row on line {first}",
                )
            )
            continue
        index = len(answers.examinees)
        answers.examinees[examinee] = index
        answers.first_line.append(row.line)
        shown = 0
        for position, item in usable:
            chosen = normalise_option(row.cells[position])
            if chosen in NOT_PRESENTED_CODES:
                continue
            shown += 1
            column = column_of.get(item)
            if column is None:
                continue  # no usable key: rejected anyway
            code = _code(entries[item], answers.labels[column], chosen, row.line, item, problems)
            if code is not None:
                answers.add(index, column, code, row.line)
        if shown == 0 and usable:
            problems.append(
                Problem(
                    file=RESPONSES,
                    line=row.line,
                    reason=f"examinee '{examinee}' was shown no item (all NA)",
                )
            )
    if not table.count:
        problems.append(Problem(file=RESPONSES, reason="the file has no responses"))
    return answers


def _read_groups(
    table: Table, examinees: dict[str, int], problems: list[Problem]
) -> dict[str, str]:
    header = column_problems(table, GROUPS, ("examinee_id", "group"), ())
    problems.extend(header)
    if any("lacks" in p.reason for p in header):
        return {}
    found: dict[str, str] = {}
    lines: dict[str, int] = {}
    for row in table.rows:
        examinee = cell(row, table, "examinee_id")
        group = cell(row, table, "group")
        if not examinee:
            problems.append(
                Problem(
                    file=GROUPS,
                    line=row.line,
                    field="examinee_id",
                    reason="the examinee id is empty",
                )
            )
            continue
        if not group:
            problems.append(
                Problem(file=GROUPS, line=row.line, field="group", reason="the group is empty")
            )
        if examinee in lines:
            problems.append(
                Problem(
                    file=GROUPS,
                    line=row.line,
                    field="examinee_id",
                    reason=f"examinee '{examinee}' already has a group on line {lines[examinee]}",
                )
            )
            continue
        lines[examinee] = row.line
        if examinees and examinee not in examinees:
            problems.append(
                Problem(
                    file=GROUPS,
                    line=row.line,
                    field="examinee_id",
                    reason=f"examinee '{examinee}' is not in the response file",
                )
            )
        if group:
            found[examinee] = group
    return found


def _assemble(
    answers: _Answers, entries: dict[str, KeyEntry], group_of: dict[str, str] | None, layout: str
) -> ResponseFile:
    key_items = list(entries)
    rows = np.frombuffer(answers.rows, dtype=np.int64)
    columns = np.frombuffer(answers.columns, dtype=np.int64)
    codes = np.frombuffer(answers.codes, dtype=np.int64)
    shown = np.unique(columns)
    shown_set = set(shown.tolist())
    unseen = tuple(item for j, item in enumerate(key_items) if j not in shown_set)
    compact = np.full(max(len(key_items), 1), -1, dtype=np.int64)
    compact[shown] = np.arange(len(shown))
    items = [key_items[j] for j in shown.tolist()]
    finals = [
        entries[key_items[j]].options
        or tuple(sorted(set(answers.labels[j]) | entries[key_items[j]].keys))
        for j in shown.tolist()
    ]
    widest = max((len(final) for final in finals), default=1)
    recode = np.zeros((len(shown), widest), dtype=np.int64)  # [item, code] -> option index
    is_key = np.zeros((len(shown), widest), dtype=bool)  # [item, option index]
    options: list[ItemOptions] = []
    for position, (j, final) in enumerate(zip(shown.tolist(), finals, strict=True)):
        entry = entries[key_items[j]]
        options.append(ItemOptions(option_ids=final, key_option_ids=entry.keys))
        index = {label: o for o, label in enumerate(final)}
        for label, code in answers.labels[j].items():
            recode[position, code] = index[label]
        for label in entry.keys:
            is_key[position, index[label]] = True
    n, k = len(answers.examinees), len(items)
    item_column = compact[columns]
    option = np.where(codes >= 0, recode[item_column, np.maximum(codes, 0)], OMITTED)
    presented = np.zeros((n, k), dtype=bool)
    presented[rows, item_column] = True
    choices = np.full((n, k), OMITTED, dtype=np.int64)
    choices[rows, item_column] = option
    scores = np.zeros((n, k), dtype=np.uint8)
    scores[rows, item_column] = (codes >= 0) & is_key[item_column, np.maximum(option, 0)]
    ids = tuple(answers.examinees)
    try:
        data = ExamResponses.build(
            item_ids=items,
            scores=scores,
            presented=presented,
            choices=choices,
            item_options=options,
        )
    except InvalidResponsesError as error:
        raise ResponseFilesInvalid(
            Problem(file=RESPONSES, reason=problem) for problem in error.problems
        ) from None
    groups = None if group_of is None else tuple(group_of.get(e) for e in ids)
    domains = tuple(entries[item].domain for item in items)
    return ResponseFile(
        responses=data,
        examinee_ids=ids,
        groups=groups,
        unseen_items=unseen,
        layout=layout,
        domains=domains if any(domain is not None for domain in domains) else None,
    )
