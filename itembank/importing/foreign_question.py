"""A choice question as a foreign format states it, before Accredo's rules are applied.

Each reader (GIFT, Aiken, Moodle XML, QTI) turns its file into `ForeignQuestion`s and
`SkippedQuestion`s; `foreign_document` then decides ids, kind, domain, tiers and keys the same
way for all of them, so the rules are written and documented once.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from itembank.problems import Problem


@dataclass(slots=True)
class ForeignAnswer:
    text: str
    weight: float
    """Credit in percent, as Moodle's fraction: 100 for a key, 0 wrong, negative a penalty."""
    feedback: str | None = None
    line: int | None = None
    choice_id: str | None = None
    """The option id the file gives (QTI choice identifiers); None to letter options A-H."""


@dataclass(slots=True)
class ForeignQuestion:
    line: int
    """Where the question starts (GIFT: first line; XML: its start tag; Aiken: the stem)."""
    stem: str
    answers: list[ForeignAnswer]
    single: bool | None = None
    """Declared single (True) or multiple (False) response; None: decided from the weights."""
    title: str | None = None
    explicit_id: str | None = None
    """An id the file means as one (Moodle idnumber, GIFT `[id:]`, QTI label/identifier)."""
    category: str | None = None
    tags: list[str] = field(default_factory=list)
    general_feedback: str | None = None
    true_false: bool = False
    item_set: tuple[str, str] | None = None
    """(id, stimulus) of the shared case study the question belongs to (QTI stimulus)."""
    element: str | None = None
    """The element path in XML files (`question[4]`), prefixed to field names."""
    notes: list[str] = field(default_factory=list)
    """What was adapted to fit Accredo (partial credit dropped, a fixed choice...)."""
    problems: list[tuple[str | None, int | None, str]] = field(default_factory=list)
    """(native field, line, reason) the reader found, e.g. an unreadable fraction."""


@dataclass(frozen=True, slots=True)
class SkippedQuestion:
    """A question of a type Accredo does not deliver, named so it is never lost silently."""

    question_type: str
    line: int | None
    title: str | None
    reason: str
    element: str | None = None


@dataclass(slots=True)
class ForeignFile:
    questions: list[ForeignQuestion] = field(default_factory=list)
    skipped: list[SkippedQuestion] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    """File-level problems (syntax, a question outside any question...)."""
    question_count: int = 0
    """Every question seen, supported or not, so positions in derived ids stay stable."""
    positions: list[int] = field(default_factory=list)
    """The 1-based position of each supported question among all questions of the file."""

    def add(self, question: ForeignQuestion) -> None:
        self.question_count += 1
        self.questions.append(question)
        self.positions.append(self.question_count)

    def skip(self, skipped: SkippedQuestion) -> None:
        self.question_count += 1
        self.skipped.append(skipped)


@dataclass(frozen=True, slots=True)
class ItemAssumption:
    """What the import decided for one item because the file did not say it."""

    item: str
    line: int | None
    assumed: tuple[tuple[str, str], ...]
    """(field, where its value came from), e.g. ("kind", "default")."""
    notes: tuple[str, ...]
