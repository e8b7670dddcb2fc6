"""What scoring takes (items with keys, rules) and what it returns (a full report).

Points are exact `Fraction`s so a pass at exactly the cut score is never lost to rounding;
convert with `float()` for display.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction

from itembank.items import Kind, ResponseFormat
from itembank.problems import Problem
from itembank.ratios import Ratio, exact_ratio

DEFAULT_MASTERY_THRESHOLD = Fraction(7, 10)


class MultipleResponseScoring(StrEnum):
    """How a multiple-response item earns points.

    `all_or_nothing`: 1 point iff exactly the keys are selected, else 0.
    `partial`: (keys selected - non-keys selected) / number of keys, floored at 0. So every
    wrong selection cancels a right one, and selecting every option earns nothing more
    than the keys minus the distractors allow.
    """

    ALL_OR_NOTHING = "all_or_nothing"
    PARTIAL = "partial"


@dataclass(frozen=True, slots=True)
class ScoringItem:
    """An item as delivered on a form, with its answer key."""

    revision_id: str
    domain: str
    kind: Kind
    response_format: ResponseFormat
    keys: frozenset[str]


@dataclass(frozen=True, slots=True)
class ScoringRules:
    """Pass mark (a percent, 0-100), multiple-response rule, mastery share (0-1) per domain."""

    cut_score_percent: Ratio
    multiple_response: MultipleResponseScoring = MultipleResponseScoring.ALL_OR_NOTHING
    mastery_threshold: Ratio = DEFAULT_MASTERY_THRESHOLD

    def __post_init__(self) -> None:
        problems = []
        if not 0 <= exact_ratio(self.cut_score_percent) <= 100:
            problems.append(Problem(field="cut_score_percent", reason="must be between 0 and 100"))
        if not 0 <= exact_ratio(self.mastery_threshold) <= 1:
            problems.append(Problem(field="mastery_threshold", reason="must be between 0 and 1"))
        if problems:
            raise InvalidScoringInput(problems)


class InvalidScoringInput(ValueError):
    """The items, responses or rules cannot be scored; lists every problem."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__("; ".join(f"{p.field}: {p.reason}" for p in self.problems))


@dataclass(frozen=True, slots=True)
class ItemResult:
    """How one item was scored. Reveal it only as far as the exam's review setting allows."""

    revision_id: str
    domain: str
    kind: Kind
    response_format: ResponseFormat
    keys: tuple[str, ...]
    chosen: tuple[str, ...]
    answered: bool
    correct: bool
    points: Fraction
    max_points: int = 1


@dataclass(frozen=True, slots=True)
class SubScore:
    """Points in one domain or kind: raw out of `max_points`, as a percent (0-100)."""

    name: str
    raw: Fraction
    max_points: int
    percent: Fraction

    @property
    def share(self) -> Fraction:
        """The raw score as a share of the maximum, 0-1."""
        return self.raw / self.max_points


@dataclass(frozen=True, slots=True)
class ScoreReport:
    """The result of one submitted form.

    `study_plan` holds the domains scored below the mastery threshold, weakest first:
    what the learner should study before a retake.
    """

    items: tuple[ItemResult, ...]
    raw: Fraction
    max_points: int
    percent: Fraction
    cut_score_percent: Fraction
    passed: bool
    by_domain: tuple[SubScore, ...]
    by_kind: tuple[SubScore, ...]
    study_plan: tuple[SubScore, ...]
