"""What is wrong with an uploaded bank file, precisely enough for a writer to fix it at once."""

from __future__ import annotations

from collections.abc import Iterable

from itembank.problems import Problem


class BankFileInvalid(Exception):
    """A bank file was rejected; `problems` lists every mistake found, in file order."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(
            sorted(problems, key=lambda problem: problem.line or 0)
        )
        summary = "; ".join(_one_line(problem) for problem in self.problems[:3])
        more = len(self.problems) - 3
        suffix = f" (and {more} more)" if more > 0 else ""
        super().__init__(f"{len(self.problems)} problem(s) in bank file: {summary}{suffix}")


def file_problem(reason: str, line: int | None = None) -> BankFileInvalid:
    """The error for a file that cannot be read at all, so nothing else can be checked."""
    return BankFileInvalid([Problem(line=line, reason=reason)])


def _one_line(problem: Problem) -> str:
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
