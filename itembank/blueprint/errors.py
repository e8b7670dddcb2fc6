"""Errors raised for bad blueprints, bad candidate lists and searches too large to finish.

Each error carries every problem it found (not only the first), so the service can return
them all in one problem-details response. `BlueprintInfeasible` lives beside `Shortfall`,
the data it carries, so that this module needs nothing from the rest of the package.
"""

from __future__ import annotations

from collections.abc import Sequence

from itembank.problems import Problem


class InvalidBlueprint(ValueError):
    """The blueprint contradicts itself (independently of any bank)."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__("; ".join(f"{p.field}: {p.reason}" for p in self.problems))


class InvalidCandidates(ValueError):
    """The candidate list is malformed: duplicate revisions or items, duplicate option ids."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__("; ".join(f"{p.field}: {p.reason}" for p in self.problems))


class FeasibilitySearchTooLarge(RuntimeError):
    """The exact search over item-set combinations passed its state limit.

    Raised instead of guessing, so an answer is never wrong; it needs a bank with many
    item sets of many different shapes. Raise the limit or split the sets.
    """

    def __init__(self, limit: int) -> None:
        self.limit = limit
        super().__init__(f"the item-set search visited more than {limit} states")
