"""Collects problems during validation, so a file is checked to the end before it is rejected."""

from __future__ import annotations

from itembank.importing.raw_document import Path, RawDocument, locate_problem
from itembank.problems import Problem


class ProblemLog:
    def __init__(self, document: RawDocument) -> None:
        self._document = document
        self.problems: list[Problem] = list(document.problems)
        self._explained = document.explained

    def add(self, path: Path, reason: str) -> None:
        if self._explained and path[:3] in self._explained:
            return
        self.problems.append(
            locate_problem(self._document.root, self._document.source_map, path, reason)
        )

    def line_of(self, path: Path) -> int | None:
        return self._document.source_map.line_of(path)

    @property
    def root(self) -> object:
        return self._document.root

    def count(self) -> int:
        """Compare before and after checking a part to learn whether that part was valid."""
        return len(self.problems)
