"""The statistics of one exam as the service reports them: the whole exam analysed as one
pool of item revisions (with the presented mask), plus the pass rates and pass-rate flags
over all finished attempts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from itembank.statistics import (
    AttemptPassRate,
    DecisionReport,
    ExamAnalysis,
    ExamResponses,
    Flag,
)
from service.statistics.scoring import RevisionKey
from service.statistics.store import ExamInfo, Freshness, RevisionRecord


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
    revisions: list[RevisionRecord]
    keys: list[RevisionKey]
    analysis: ExamAnalysis | None
    """None when no finished attempt was presented any item."""
    responses: ExamResponses | None
    """Kept for the PDF's observed item characteristic curves."""
    decisions: DecisionReport | None = None
    """2PL, precision at the cut, reliability intervals (None without an analysis)."""

    def all_flags(self) -> list[Flag]:
        """Exam-wide flags first, then the analysis' flags (reliability, items)."""
        return [*self.exam_flags, *(self.analysis.flags if self.analysis else [])]

    def names(self) -> dict[str, str]:
        """Revision id (as the analysis labels it) -> the item's external id."""
        return {str(revision.id): revision.item_external_id for revision in self.revisions}
