"""Errors raised for bad blueprints, bad candidate lists and blueprints a bank cannot fill.

Each error carries every problem it found (not only the first), so the service can return
them all in one problem-details response.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from itembank.blueprint_shortfall import Shortfall


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with an input: where (`field`) and what, in words for a person."""

    field: str
    message: str


class InvalidBlueprint(ValueError):
    """The blueprint contradicts itself (independently of any bank)."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__("; ".join(f"{p.field}: {p.message}" for p in self.problems))


class InvalidCandidates(ValueError):
    """The candidate list is malformed: duplicate revisions or items, duplicate option ids."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__("; ".join(f"{p.field}: {p.message}" for p in self.problems))


class BlueprintInfeasible(Exception):
    """No form meets the blueprint from these candidates; `shortfalls` says why."""

    def __init__(self, shortfalls: Sequence[Shortfall]) -> None:
        self.shortfalls: tuple[Shortfall, ...] = tuple(shortfalls)
        super().__init__(" ".join(s.message for s in self.shortfalls))


class FeasibilitySearchTooLarge(RuntimeError):
    """The exact search over item-set combinations passed its state limit.

    Raised instead of guessing, so an answer is never wrong; it needs a bank with many
    item sets of many different shapes. Raise the limit or split the sets.
    """

    def __init__(self, limit: int) -> None:
        self.limit = limit
        super().__init__(f"the item-set search visited more than {limit} states")
