"""What is wrong with uploaded response, key or groups files, precisely enough to fix at once.

The same shape as the bank importer's problems (``itembank.importing.problems``), plus the
file: ``file`` names which of the files ("responses", "key", "groups"), ``line`` counts from
1 with the header as line 1 (a row's line is the physical line where it starts),
``field`` is the column name. All problems of all files are collected before anything is
rejected.
"""

from __future__ import annotations

from collections.abc import Iterable

from itembank.problems import Problem


class ResponseFilesInvalid(ValueError):
    """The files were rejected; ``problems`` lists every problem, by file and line."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(
            sorted(problems, key=lambda p: (p.file or "", p.line or 0))
        )
        shown = "; ".join(_one_line(p) for p in self.problems[:3])
        more = len(self.problems) - 3
        suffix = f" (and {more} more)" if more > 0 else ""
        super().__init__(f"{len(self.problems)} problem(s) in the files: {shown}{suffix}")


def _one_line(problem: Problem) -> str:
    where = ", ".join(
        part
        for part in (
            problem.file or "",
            f"line {problem.line}" if problem.line is not None else "",
            problem.field or "",
        )
        if part
    )
    return f"{where}: {problem.reason}"
