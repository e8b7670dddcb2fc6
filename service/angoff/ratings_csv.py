"""The ratings CSV: ``panelist_id,item_id,rating``, one row per panelist and item.

Reading reports every problem at once with its line (header = line 1): missing columns,
empty ids, a rating that is not a number. Range, unknown items, repeats and missing
ratings are the core's checks (``angoff_cut``), run per panelist afterwards.
"""

from __future__ import annotations

import csv
import io
import math

from itembank.statistics import AngoffRating
from service.errors import Problem

COLUMNS = ("panelist_id", "item_id", "rating")
MAX_ROWS = 100_000


def read_ratings_csv(
    data: bytes,
) -> tuple[list[AngoffRating], dict[tuple[str, str], int], list[Problem]]:
    """Ratings, the line of each (panelist, item), and the problems found."""
    problems: list[Problem] = []
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        return [], {}, [Problem(f"the file is not UTF-8 text (byte {error.start})", "file")]
    reader = csv.reader(io.StringIO(text))
    header = [name.strip() for name in next(reader, [])]
    missing = [name for name in COLUMNS if name not in header]
    for name in missing:
        problems.append(Problem(f"the header lacks the column '{name}'", name, line=1))
    if missing:
        return [], {}, problems
    at = {name: header.index(name) for name in COLUMNS}
    found: list[AngoffRating] = []
    lines: dict[tuple[str, str], int] = {}
    for number, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        if number > MAX_ROWS + 1:
            problems.append(Problem(f"more than {MAX_ROWS} ratings", line=number))
            break
        cells = {name: row[i].strip() if i < len(row) else "" for name, i in at.items()}
        row_problems = [
            Problem("is empty", name, line=number)
            for name in ("panelist_id", "item_id")
            if not cells[name]
        ]
        try:
            value = float(cells["rating"])
        except ValueError:
            value = math.nan
        if not math.isfinite(value):
            row_problems.append(
                Problem(f"'{cells['rating']}' is not a number", "rating", line=number)
            )
        problems.extend(row_problems)
        if row_problems:
            continue
        found.append(
            AngoffRating(panelist_id=cells["panelist_id"], item_id=cells["item_id"], rating=value)
        )
        lines.setdefault((cells["panelist_id"], cells["item_id"]), number)
    if not found and not problems:
        problems.append(Problem("the file has no ratings", "file"))
    return found, lines, problems
