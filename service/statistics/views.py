"""Mapping from the computed report to the wire schemas (no computation here)."""

from __future__ import annotations

from uuid import UUID

from itembank.statistics import AttemptPassRate, Flag, OptionStatistics
from service.statistics.report import ExamReport, FormReport
from service.statistics.schemas import (
    AbilityOut,
    ExamStatisticsOut,
    FlagOut,
    FormOut,
    FormSummaryOut,
    ItemOut,
    OptionOut,
    PassBandOut,
    PassRateOut,
    RaschItemOut,
    RaschOut,
)


def flag_out(form: str | None, flag: Flag, items: dict[str, str]) -> FlagOut:
    return FlagOut(
        code=flag.code.value,
        form=form,
        revision_id=UUID(flag.item_id) if flag.item_id else None,
        item_id=items.get(flag.item_id) if flag.item_id else None,
        option_id=flag.option_id,
        reason=flag.reason,
        threshold=flag.threshold,
        value=flag.value,
    )


def _rate(rate: AttemptPassRate) -> PassRateOut:
    return PassRateOut(
        attempt_number=rate.attempt_number,
        attempts=rate.attempts,
        passed=rate.passed,
        pass_rate=rate.pass_rate,
    )


def _option(option: OptionStatistics) -> OptionOut:
    return OptionOut(
        option_id=option.option_id,
        is_key=option.is_key,
        is_omitted=option.is_omitted,
        count=option.count,
        share_of_all=option.share_of_all,
        share_of_responders=option.share_of_responders,
        mean_total=option.mean_total,
        rest_point_biserial=option.rest_point_biserial,
        upper_share=option.upper_share,
        lower_share=option.lower_share,
    )


def item_out(form: FormReport, j: int) -> ItemOut:
    item = form.analysis.items[j]
    revision = form.revisions[j]
    key = form.keys[j]
    rasch = form.analysis.rasch.items[j] if form.analysis.rasch is not None else None
    names = {str(r.id): r.item_external_id for r in form.revisions}
    return ItemOut(
        form=form.label,
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
        options=None if item.options is None else [_option(o) for o in item.options],
        rasch=None
        if rasch is None
        else RaschItemOut(
            estimable=rasch.estimable,
            not_estimable_reason=rasch.not_estimable_reason,
            difficulty=rasch.difficulty,
            standard_error=rasch.standard_error,
            infit=rasch.infit,
            outfit=rasch.outfit,
        ),
        flags=[
            flag_out(form.label, flag, names)
            for flag in form.analysis.flags
            if flag.item_id == str(revision.id)
        ],
    )


def _form_out(form: FormReport) -> FormOut:
    exam = form.analysis.exam
    rasch = form.analysis.rasch
    return FormOut(
        form=form.label,
        revision_ids=[revision.id for revision in form.revisions],
        summary=FormSummaryOut(
            attempts=exam.attempts,
            items=exam.items,
            mean=exam.mean,
            sd=exam.sd,
            sd_sample=exam.sd_sample,
            score_distribution=exam.score_distribution,
            alpha=exam.alpha,
            sem=exam.sem,
            group_size=exam.group_size,
            cut_score=exam.cut_score,
            within_one_sem_of_cut=exam.within_one_sem_of_cut,
            first_attempts=exam.first_attempts,
            first_attempt_pass_rate=exam.first_attempt_pass_rate,
            pass_rates_by_attempt=[_rate(rate) for rate in exam.pass_rates_by_attempt],
        ),
        rasch=None
        if rasch is None
        else RaschOut(
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
        ),
    )


def report_out(report: ExamReport) -> ExamStatisticsOut:
    names = {str(r.id): r.item_external_id for form in report.forms for r in form.revisions}
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
        cut_score_percent=report.exam.cut_score_percent,
        forms=[_form_out(form) for form in report.forms],
        items=[item_out(form, j) for form in report.forms for j in range(len(form.revisions))],
        flags=[flag_out(form, flag, names) for form, flag in report.all_flags()],
    )
