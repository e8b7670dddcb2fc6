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

from dataclasses import dataclass

import numpy as np

from itembank.statistics.csv_table import Table, cell, column_problems, read_table, width_problem
from itembank.statistics.errors import InvalidResponsesError
from itembank.statistics.key_file import KeyEntry, normalise_option, read_key
from itembank.statistics.response_file_problems import FileProblem, ResponseFilesInvalid
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


@dataclass(slots=True)
class _Answers:
    """(examinee index, item id) -> (chosen option or "" for unanswered, line)."""

    examinees: dict[str, int]
    cells: dict[tuple[int, str], tuple[str, int]]
    first_line: list[int]


def read_response_files(responses: str, key: str, groups: str | None = None) -> ResponseFile:
    problems: list[FileProblem] = []
    key_table = read_table(key, "key", problems)
    entries = read_key(key_table, problems) if key_table is not None else {}
    response_table = read_table(responses, RESPONSES, problems)
    answers, layout = None, LONG
    if response_table is not None:
        layout = LONG if "item_id" in response_table.header else WIDE
        reader = _read_long if layout == LONG else _read_wide
        answers = reader(response_table, entries, key_table is not None, problems)
    group_of = None
    if groups is not None:
        group_table = read_table(groups, GROUPS, problems)
        known = answers.examinees if answers is not None else {}
        group_of = _read_groups(group_table, known, problems) if group_table else {}
    if problems or answers is None:
        raise ResponseFilesInvalid(problems)
    return _assemble(answers, entries, group_of, layout)


def _check_option(
    entry: KeyEntry | None, chosen: str, line: int, field: str, problems: list[FileProblem]
) -> bool:
    if entry is None or entry.options is None or chosen == "" or chosen in entry.options:
        return True
    problems.append(
        FileProblem(
            RESPONSES,
            line,
            field,
            f"option '{chosen}' is not one of the {len(entry.options)} options of item"
            f" '{entry.item_id}' ({', '.join(entry.options)})",
        )
    )
    return False


def _read_long(
    table: Table, entries: dict[str, KeyEntry], have_key: bool, problems: list[FileProblem]
) -> _Answers:
    answers = _Answers({}, {}, [])
    header = column_problems(table, RESPONSES, ("examinee_id", "item_id", "chosen_option"), ())
    problems.extend(header)
    if any("lacks" in p.reason for p in header):
        return answers
    at_examinee, at_item, at_chosen = (
        table.header.index(name) for name in ("examinee_id", "item_id", "chosen_option")
    )
    width = len(table.header)
    cells, examinees, first_line = answers.cells, answers.examinees, answers.first_line
    for row in table.rows:  # the hot loop of a million-row file: plain locals, no helpers
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
                FileProblem(RESPONSES, row.line, "examinee_id", "the examinee id is empty")
            )
        entry = entries.get(item)
        if not item:
            problems.append(FileProblem(RESPONSES, row.line, "item_id", "the item id is empty"))
        elif have_key and entry is None:
            problems.append(
                FileProblem(RESPONSES, row.line, "item_id", f"item '{item}' is not in the key file")
            )
        if not examinee or not item:
            continue
        if (
            entry is not None
            and entry.options is not None
            and chosen
            and chosen not in entry.options
            and not _check_option(entry, chosen, row.line, "chosen_option", problems)
        ):
            continue
        index = examinees.setdefault(examinee, len(examinees))
        if index == len(first_line):
            first_line.append(row.line)
        previous = cells.get((index, item))
        if previous is not None:
            problems.append(
                FileProblem(
                    RESPONSES,
                    row.line,
                    "item_id",
                    f"examinee '{examinee}' already has a row for item '{item}'"
                    f" on line {previous[1]}",
                )
            )
            continue
        cells[(index, item)] = (chosen, row.line)
    if not table.rows:
        problems.append(FileProblem(RESPONSES, None, None, "the file has no responses"))
    return answers


def _read_wide(
    table: Table, entries: dict[str, KeyEntry], have_key: bool, problems: list[FileProblem]
) -> _Answers:
    answers = _Answers({}, {}, [])
    if not table.header or table.header[0] != "examinee_id":
        problems.append(
            FileProblem(
                RESPONSES,
                1,
                table.raw_header[0] if table.raw_header else None,
                "the header must be examinee_id,item_id,chosen_option (long layout) or"
                " examinee_id followed by one column per item id (wide layout)",
            )
        )
        return answers
    items = table.raw_header[1:]
    usable = []
    for position, item in enumerate(items, start=1):
        if not item:
            problems.append(
                FileProblem(RESPONSES, 1, None, f"column {position + 1} has no item id")
            )
        elif items.index(item) != position - 1:
            problems.append(FileProblem(RESPONSES, 1, item, f"item '{item}' has two columns"))
        elif have_key and item not in entries:
            problems.append(
                FileProblem(RESPONSES, 1, item, f"item '{item}' is not in the key file")
            )
        else:
            usable.append((position, item))
    for row in table.rows:
        if len(row.cells) != len(table.header):
            problems.append(
                FileProblem(
                    RESPONSES,
                    row.line,
                    None,
                    f"the row has {len(row.cells)} cells but the header has {len(table.header)}",
                )
            )
            continue
        examinee = row.cells[0].strip()
        if not examinee:
            problems.append(
                FileProblem(RESPONSES, row.line, "examinee_id", "the examinee id is empty")
            )
            continue
        if examinee in answers.examinees:
            first = answers.first_line[answers.examinees[examinee]]
            problems.append(
                FileProblem(
                    RESPONSES,
                    row.line,
                    "examinee_id",
                    f"examinee '{examinee}' already has a row on line {first}",
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
            if _check_option(entries.get(item), chosen, row.line, item, problems):
                answers.cells[(index, item)] = (chosen, row.line)
        if shown == 0 and usable:
            problems.append(
                FileProblem(
                    RESPONSES, row.line, None, f"examinee '{examinee}' was shown no item (all NA)"
                )
            )
    if not table.rows:
        problems.append(FileProblem(RESPONSES, None, None, "the file has no responses"))
    return answers


def _read_groups(
    table: Table, examinees: dict[str, int], problems: list[FileProblem]
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
                FileProblem(GROUPS, row.line, "examinee_id", "the examinee id is empty")
            )
            continue
        if not group:
            problems.append(FileProblem(GROUPS, row.line, "group", "the group is empty"))
        if examinee in lines:
            problems.append(
                FileProblem(
                    GROUPS,
                    row.line,
                    "examinee_id",
                    f"examinee '{examinee}' already has a group on line {lines[examinee]}",
                )
            )
            continue
        lines[examinee] = row.line
        if examinees and examinee not in examinees:
            problems.append(
                FileProblem(
                    GROUPS,
                    row.line,
                    "examinee_id",
                    f"examinee '{examinee}' is not in the response file",
                )
            )
        if group:
            found[examinee] = group
    return found


def _assemble(
    answers: _Answers, entries: dict[str, KeyEntry], group_of: dict[str, str] | None, layout: str
) -> ResponseFile:
    seen_items = {item for _, item in answers.cells}
    items = [item for item in entries if item in seen_items]
    unseen = tuple(item for item in entries if item not in seen_items)
    column = {item: j for j, item in enumerate(items)}
    picked: dict[str, set[str]] = {item: set() for item in items}
    for (_, item), (chosen, _) in answers.cells.items():
        if chosen:
            picked[item].add(chosen)
    options = []
    for item in items:
        entry = entries[item]
        if entry.options is not None:
            labels = entry.options
        else:
            labels = tuple(sorted(picked[item] | entry.keys))
        options.append(ItemOptions(option_ids=labels, key_option_ids=entry.keys))
    n, k = len(answers.examinees), len(items)
    presented = np.zeros((n, k), dtype=bool)
    choices = np.full((n, k), OMITTED, dtype=np.int64)
    scores = np.zeros((n, k), dtype=np.uint8)
    position = [{label: o for o, label in enumerate(opt.option_ids)} for opt in options]
    for (i, item), (chosen, _) in answers.cells.items():
        j = column[item]
        presented[i, j] = True
        if chosen:
            choices[i, j] = position[j][chosen]
            scores[i, j] = chosen in entries[item].keys
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
            FileProblem(RESPONSES, None, None, problem) for problem in error.problems
        ) from None
    groups = None if group_of is None else tuple(group_of.get(e) for e in ids)
    return ResponseFile(
        responses=data, examinee_ids=ids, groups=groups, unseen_items=unseen, layout=layout
    )
