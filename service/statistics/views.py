"""Mapping from the computed report to the wire schemas (no computation here)."""

from __future__ import annotations

from uuid import UUID

import msgspec

from itembank.statistics import (
    AttemptPassRate,
    ExamStatistics,
    Flag,
    OptionStatistics,
    RaschCalibration,
    RaschItemEstimate,
)
from service.statistics.decision_views import decisions_out
from service.statistics.report import ExamReport
from service.statistics.schemas import (
    AbilityOut,
    ExamStatisticsOut,
    FlagOut,
    ItemOut,
    OptionOut,
    PassBandOut,
    PassRateOut,
    RaschItemOut,
    RaschOut,
    SummaryOut,
)


def flag_out(flag: Flag, items: dict[str, str]) -> FlagOut:
    return FlagOut(
        code=flag.code.value,
        revision_id=UUID(flag.item_id) if flag.item_id else None,
        item_id=items.get(flag.item_id) if flag.item_id else None,
        option_id=flag.option_id,
        reason=flag.reason,
        threshold=flag.threshold,
        value=flag.value,
    )


def _rate(rate: AttemptPassRate) -> PassRateOut:
    return msgspec.convert(rate, PassRateOut, from_attributes=True)


def rasch_item_out(estimate: RaschItemEstimate | None) -> RaschItemOut | None:
    if estimate is None:
        return None
    return msgspec.convert(estimate, RaschItemOut, from_attributes=True)


def option_out(option: OptionStatistics) -> OptionOut:
    return msgspec.convert(option, OptionOut, from_attributes=True)


def item_out(report: ExamReport, j: int) -> ItemOut:
    assert report.analysis is not None
    item = report.analysis.items[j]
    revision = report.revisions[j]
    key = report.keys[j]
    rasch = report.analysis.rasch.items[j] if report.analysis.rasch is not None else None
    names = report.names()
    return ItemOut(
        revision_id=revision.id,
        item_id=revision.item_external_id,
        revision_number=revision.number,
        domain=key.domain,
        kind=key.kind,
        n=item.n,
        n_answered=item.n_answered,
        p=item.p,
        point_biserial=item.point_biserial,
        corrected_item_total=item.corrected_item_total,
        p_upper=item.p_upper,
        p_lower=item.p_lower,
        discrimination_index=item.discrimination_index,
        alpha_if_deleted=item.alpha_if_deleted,
        mean_time_seconds=item.mean_time_seconds,
        n_timed=item.n_timed,
        options=None if item.options is None else [option_out(o) for o in item.options],
        rasch=rasch_item_out(rasch),
        flags=[
            flag_out(flag, names)
            for flag in report.analysis.flags
            if flag.item_id == str(revision.id)
        ],
    )


def rasch_out(rasch: RaschCalibration) -> RaschOut:
    return RaschOut(
        method=rasch.method,
        ability_method=rasch.ability_method,
        estimable=rasch.estimable,
        message=rasch.message,
        converged=rasch.converged,
        iterations=rasch.iterations,
        conditional_log_likelihood=rasch.conditional_log_likelihood,
        persons_used=rasch.persons_used,
        persons_extreme=rasch.persons_extreme,
        abilities=[
            AbilityOut(
                raw_score=a.raw_score,
                persons=a.persons,
                theta=a.theta,
                standard_error=a.standard_error,
            )
            for a in rasch.abilities
        ],
    )


def _summary_out(report: ExamReport) -> SummaryOut | None:
    return None if report.analysis is None else summary_out(report.analysis.exam)


def summary_out(exam: ExamStatistics) -> SummaryOut:
    return SummaryOut(
        attempts=exam.attempts,
        items=exam.items,
        mean_form_length=exam.mean_form_length,
        mean=exam.mean,
        sd=exam.sd,
        sd_sample=exam.sd_sample,
        score_distribution=exam.score_distribution,
        alpha=exam.alpha,
        sem=exam.sem,
        group_size=exam.group_size,
        cut_score=exam.cut_score,
        within_one_sem_of_cut=exam.within_one_sem_of_cut,
    )


def report_out(report: ExamReport) -> ExamStatisticsOut:
    names = report.names()
    rasch = report.analysis.rasch if report.analysis is not None else None
    return ExamStatisticsOut(
        exam_id=report.exam.id,
        exam_name=report.exam.name,
        computed_at=report.computed_at,
        attempts=report.attempts,
        first_attempts=report.first_attempts,
        first_attempt_pass_rate=report.first_attempt_pass_rate,
        pass_rates_by_attempt=[_rate(rate) for rate in report.pass_rates_by_attempt],
        pass_band=PassBandOut(
            tier=report.exam.tier, low=report.exam.pass_band_low, high=report.exam.pass_band_high
        ),
        cut_score=report.exam.cut_score_percent / 100.0,
        summary=_summary_out(report),
        rasch=None if rasch is None else rasch_out(rasch),
        items=[item_out(report, j) for j in range(len(report.revisions))]
        if report.analysis is not None
        else [],
        flags=[flag_out(flag, names) for flag in report.all_flags()],
        decisions=None if report.decisions is None else decisions_out(report.decisions, names),
    )
