"""What is wrong with an uploaded bank file, precisely enough for a writer to fix it at once."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ImportProblem:
    """One mistake in a bank file.

    `item` is the writer's external id of the item concerned (None for file-level problems or
    an item without a usable id). `line` counts from 1; in CSV files the header is line 1 and
    a row's line is the physical line where the row starts. `field` names the field, using
    1-based positions for list entries (`options[3].text`) or, in CSV, the column name.
    """

    item: str | None
    line: int | None
    field: str | None
    reason: str


class BankFileInvalid(Exception):
    """A bank file was rejected; `problems` lists every mistake found, in file order."""

    def __init__(self, problems: Iterable[ImportProblem]) -> None:
        self.problems: tuple[ImportProblem, ...] = tuple(
            sorted(problems, key=lambda problem: problem.line or 0)
        )
        summary = "; ".join(_one_line(problem) for problem in self.problems[:3])
        more = len(self.problems) - 3
        suffix = f" (and {more} more)" if more > 0 else ""
        super().__init__(f"{len(self.problems)} problem(s) in bank file: {summary}{suffix}")


def file_problem(reason: str, line: int | None = None) -> BankFileInvalid:
    """The error for a file that cannot be read at all, so nothing else can be checked."""
    return BankFileInvalid([ImportProblem(item=None, line=line, field=None, reason=reason)])


def _one_line(problem: ImportProblem) -> str:
    where = ", ".join(
        part
        for part in (
            f"line {problem.line}" if problem.line is not None else "",
            f"item {problem.item}" if problem.item is not None else "",
            problem.field or "",
        )
        if part
    )
    return f"{where}: {problem.reason}" if where else problem.reason
