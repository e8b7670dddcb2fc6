"""Use cases: the statistics report of an exam (cached) and one item revision's column.

The database is read in a few bulk queries straight into numpy arrays; the analysis runs in
a worker thread so the event loop keeps serving other requests while a large exam is analysed,
and the 2PL, most of the analysis, in a second thread beside the rest (``two_pl_thread``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from uuid import UUID

import anyio.to_thread
import numpy as np
from sqlalchemy.ext.asyncio import AsyncSession

from itembank.statistics import (
    AttemptOutcomes,
    ExamAnalysis,
    ExamResponses,
    FlagCode,
    StatisticsSettings,
    TierBand,
    analyse_decisions,
    analyse_exam,
    pass_rate_flags,
    pass_rates,
)
from service.db.engine import READ_ONLY_OPTION
from service.settings import Settings
from service.statistics.cache import ReportCache
from service.statistics.errors import RevisionNotPresented
from service.statistics.report import ExamReport
from service.statistics.scoring import INVALID_CHOICE
from service.statistics.store import (
    ExamData,
    ExamInfo,
    Freshness,
    exam_data,
    exam_info,
    freshness,
)
from service.statistics.two_pl_thread import two_pl_beside

PASS_RATE_CODES = frozenset(
    {
        FlagCode.FIRST_ATTEMPTS_ABOVE_CEILING,
        FlagCode.FIRST_ATTEMPTS_ABOVE_BAND,
        FlagCode.FIRST_ATTEMPTS_BELOW_BAND,
        FlagCode.INSUFFICIENT_DATA,
    }
)


@dataclass(frozen=True)
class FlagMinimums:
    """The samples flags need (``ACCREDO_FLAG_MIN_EXAMINEES``, ``..._BAND_MIN_FIRST_ATTEMPTS``)."""

    item_examinees: int = 30
    first_attempts: int = 30

    @classmethod
    def of(cls, settings: Settings) -> FlagMinimums:
        return cls(settings.flag_min_examinees, settings.band_min_first_attempts)


def settings_for(exam: ExamInfo, minimums: FlagMinimums | None = None) -> StatisticsSettings:
    """Default thresholds, with the tier band taken from the exam's certification."""
    band = TierBand(tier=exam.tier, low=exam.pass_band_low, high=exam.pass_band_high)
    minimums = minimums or FlagMinimums()
    return StatisticsSettings(
        tier_bands=(band,),
        min_item_examinees=minimums.item_examinees,
        min_first_attempts=minimums.first_attempts,
    )


def exam_responses(data: ExamData, exam: ExamInfo) -> ExamResponses | None:
    """One response matrix for the whole exam: every presented revision is a column and the
    presented mask says which attempt saw which (forms are drawn per attempt from a pool).
    Attempts that were presented nothing are left out of the matrix (not of the pass rates);
    distractor tables need every presented response to name at most one known option."""
    arrays = data.responses
    delivered = arrays.presented.any(axis=1)
    if not delivered.any() or not data.revisions:
        return None
    presented = arrays.presented[delivered]
    choices = arrays.choices[delivered].astype(np.int64)
    with_choices = not (presented & (choices == INVALID_CHOICE)).any()
    lengths = presented.sum(axis=1)
    return ExamResponses.build(
        item_ids=[str(revision.id) for revision in data.revisions],
        scores=arrays.scores[delivered],
        presented=presented,
        choices=choices if with_choices else None,
        item_options=[key.item_options() for key in data.keys] if with_choices else None,
        times=arrays.times[delivered],
        passed=data.passed[delivered],
        attempt_numbers=data.attempt_numbers[delivered],
        cut_score=exam.cut_score_percent / 100.0 * float(lengths.mean()),
        tier=exam.tier,
    )


def _account_groups(data: ExamData, delivered: np.ndarray) -> list[str | None] | None:
    """DIF groups by customer account, on the rows the matrix keeps; None (no groups) while
    no learner of the exam was in an account."""
    groups = [account for account, kept in zip(data.accounts, delivered, strict=True) if kept]
    return groups if any(group is not None for group in groups) else None


def compute_report(
    exam: ExamInfo,
    current: Freshness,
    data: ExamData,
    now: datetime,
    minimums: FlagMinimums | None = None,
) -> ExamReport:
    """Pure computation over rows already read (CPU-bound; run it off the event loop)."""
    settings = settings_for(exam, minimums)
    responses = exam_responses(data, exam)
    analysis = decisions = None
    if responses is not None:
        with two_pl_beside(responses) as two_pl:
            analysis = _without_pass_rate_flags(analyse_exam(responses, settings))
            delivered = np.asarray(data.responses.presented.any(axis=1))  # rows kept
            decisions = analyse_decisions(
                responses,
                analysis,
                cut_percent=exam.cut_score_percent,
                domains=[key.domain for key in data.keys],
                groups=_account_groups(data, delivered),
                two_pl=two_pl,
            )
    rates = []
    if data.attempts:
        rates = pass_rates(
            AttemptOutcomes(passed=data.passed, attempt_numbers=data.attempt_numbers)
        )
    first = next((rate for rate in rates if rate.attempt_number == 1), None)
    first_rate = first.pass_rate if first else None
    return ExamReport(
        exam=exam,
        computed_at=now,
        freshness=current,
        attempts=data.attempts,
        first_attempts=first.attempts if first else 0,
        first_attempt_pass_rate=first_rate,
        pass_rates_by_attempt=rates,
        exam_flags=pass_rate_flags(
            first_rate, exam.tier, settings, first_attempts=first.attempts if first else None
        ),
        revisions=data.revisions,
        keys=data.keys,
        analysis=analysis,
        responses=responses,
        decisions=decisions,
    )


def _without_pass_rate_flags(analysis: ExamAnalysis) -> ExamAnalysis:
    """Pass-rate flags are computed over all finished attempts (``exam_flags``), including
    any that were presented nothing and so are not rows of the matrix."""
    kept = [
        flag
        for flag in analysis.flags
        if flag.item_id is not None or flag.code not in PASS_RATE_CODES
    ]
    return replace(analysis, flags=kept)


async def exam_report(
    session: AsyncSession,
    cache: ReportCache,
    exam_ref: UUID | str,
    now: datetime,
    minimums: FlagMinimums | None = None,
) -> ExamReport:
    """The report, recomputed only when finished attempts were added since the cached one.

    The reads run in a deferred (read-only) transaction: on SQLite a default BEGIN IMMEDIATE
    would hold the write lock, and with it every attempt submission, for the whole read.
    """
    options: dict[str, object] = {READ_ONLY_OPTION: True}
    if session.get_bind().dialect.name == "postgresql":
        # One snapshot for all the reads: the row and column numbers of the response query
        # must match those of the attempts and revisions queries (SQLite's deferred read
        # transaction is a snapshot already).
        options["isolation_level"] = "REPEATABLE READ"
    await session.connection(execution_options=options)
    exam = await exam_info(session, exam_ref)
    current = await freshness(session, exam.id)

    async def compute() -> ExamReport:
        data = await exam_data(session, exam.id)
        return await anyio.to_thread.run_sync(compute_report, exam, current, data, now, minimums)

    return await cache.get(exam.id, current, compute)


def item_column(report: ExamReport, revision_id: UUID) -> int:
    """The revision's column in the report.

    Raises `RevisionNotPresented` if no finished attempt was shown it.
    """
    for j, revision in enumerate(report.revisions):
        if revision.id == revision_id and report.analysis is not None:
            return j
    raise RevisionNotPresented(revision_id)
