"""Use cases: the statistics report of an exam (cached) and one item revision's entries.

The database is read in a few bulk queries; the numpy analysis runs in a worker thread so
the event loop keeps serving other requests while a large exam is analysed.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from uuid import UUID

import anyio.to_thread
import numpy as np
from sqlalchemy.ext.asyncio import AsyncSession

from itembank.statistics import (
    AttemptOutcomes,
    ExamAnalysis,
    FlagCode,
    StatisticsSettings,
    TierBand,
    analyse_exam,
    pass_rate_flags,
    pass_rates,
)
from service.db.engine import READ_ONLY_OPTION
from service.errors import NotFound
from service.statistics.cache import ReportCache
from service.statistics.forms import form_groups
from service.statistics.reading import (
    ExamData,
    ExamInfo,
    Freshness,
    exam_data,
    exam_info,
    freshness,
)
from service.statistics.report import ExamReport, FormReport

PASS_RATE_CODES = frozenset(
    {
        FlagCode.FIRST_ATTEMPTS_ABOVE_CEILING,
        FlagCode.FIRST_ATTEMPTS_ABOVE_BAND,
        FlagCode.FIRST_ATTEMPTS_BELOW_BAND,
    }
)


def settings_for(exam: ExamInfo) -> StatisticsSettings:
    """Default thresholds, with the tier band taken from the exam's certification."""
    band = TierBand(tier=exam.tier, low=exam.pass_band_low, high=exam.pass_band_high)
    return StatisticsSettings(tier_bands=(band,))


def compute_report(exam: ExamInfo, current: Freshness, data: ExamData) -> ExamReport:
    """Pure computation over rows already read (CPU-bound; run it off the event loop)."""
    settings = settings_for(exam)
    forms = [
        FormReport(
            label=group.label,
            revisions=group.revisions,
            keys=group.keys,
            analysis=_without_pass_rate_flags(analyse_exam(group.responses, settings)),
            responses=group.responses,
        )
        for group in form_groups(data, cut_score_percent=exam.cut_score_percent, tier=exam.tier)
    ]
    rates = []
    if data.attempts:
        rates = pass_rates(
            AttemptOutcomes(
                passed=np.array([a.passed for a in data.attempts], dtype=bool),
                attempt_numbers=np.array([a.number for a in data.attempts], dtype=np.int64),
            )
        )
    first = next((rate for rate in rates if rate.attempt_number == 1), None)
    first_rate = first.pass_rate if first else None
    return ExamReport(
        exam=exam,
        computed_at=datetime.now(UTC),
        freshness=current,
        attempts=len(data.attempts),
        first_attempts=first.attempts if first else 0,
        first_attempt_pass_rate=first_rate,
        pass_rates_by_attempt=rates,
        exam_flags=pass_rate_flags(first_rate, exam.tier, settings),
        forms=forms,
    )


def _without_pass_rate_flags(analysis: ExamAnalysis) -> ExamAnalysis:
    """Pass-rate flags belong to the exam (all its attempts), not to one form group."""
    kept = [flag for flag in analysis.flags if flag.code not in PASS_RATE_CODES]
    return replace(analysis, flags=kept)


async def exam_report(
    session: AsyncSession, cache: ReportCache, exam_ref: UUID | str
) -> ExamReport:
    """The report, recomputed only when finished attempts were added since the cached one.

    The reads run in a deferred (read-only) transaction: on SQLite a default BEGIN IMMEDIATE
    would hold the write lock, and with it every attempt submission, for the whole read.
    """
    await session.connection(execution_options={READ_ONLY_OPTION: True})
    exam = await exam_info(session, exam_ref)
    current = await freshness(session, exam.id)

    async def compute() -> ExamReport:
        data = await exam_data(session, exam.id)
        return await anyio.to_thread.run_sync(compute_report, exam, current, data)

    return await cache.get(exam.id, current, compute)


def item_entries(report: ExamReport, revision_id: UUID) -> list[tuple[FormReport, int]]:
    """(form, column) for every form group in which the revision was presented."""
    entries = [
        (form, j)
        for form in report.forms
        for j, revision in enumerate(form.revisions)
        if revision.id == revision_id
    ]
    if not entries:
        raise NotFound(
            f"item revision {revision_id} was not presented in any finished attempt of this exam"
        )
    return entries
