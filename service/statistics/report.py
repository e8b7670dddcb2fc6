"""The statistics of one exam as the service reports them: one analysis per form group,
plus the pass rates and pass-rate flags over all finished attempts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from itembank.statistics import AttemptPassRate, ExamAnalysis, ExamResponses, Flag
from service.statistics.reading import ExamInfo, Freshness, RevisionRecord
from service.statistics.scoring import RevisionKey


@dataclass(frozen=True, slots=True)
class FormReport:
    label: str
    revisions: list[RevisionRecord]
    keys: list[RevisionKey]
    analysis: ExamAnalysis
    responses: ExamResponses
    """Kept for the PDF's observed item characteristic curves."""


@dataclass(frozen=True, slots=True)
class ExamReport:
    exam: ExamInfo
    computed_at: datetime
    freshness: Freshness
    attempts: int
    first_attempts: int
    first_attempt_pass_rate: float | None
    pass_rates_by_attempt: list[AttemptPassRate]
    exam_flags: list[Flag]
    forms: list[FormReport]

    def all_flags(self) -> list[tuple[str | None, Flag]]:
        """Every flag with the form label it belongs to (None for exam-wide flags)."""
        flags: list[tuple[str | None, Flag]] = [(None, flag) for flag in self.exam_flags]
        for form in self.forms:
            flags.extend((form.label, flag) for flag in form.analysis.flags)
        return flags
