"""The report of an uploaded response file on the wire (mapping only, no computation)."""

from __future__ import annotations

from itembank.statistics import Flag
from service.statistics.decision_views import decisions_out
from service.statistics.file_analysis import FileReport
from service.statistics.file_schemas import FileFlagOut, FileItemOut, FileStatisticsOut
from service.statistics.units import fraction
from service.statistics.views import option_out, rasch_item_out, rasch_out, summary_out


def _flag(flag: Flag) -> FileFlagOut:
    return FileFlagOut(
        code=flag.code.value,
        item_id=flag.item_id,
        option_id=flag.option_id,
        reason=flag.reason,
        threshold=flag.threshold,
        value=flag.value,
    )


def file_report_out(report: FileReport) -> FileStatisticsOut:
    analysis = report.analysis
    domains = report.files.domains
    items = []
    for j, item in enumerate(analysis.items):
        rasch = analysis.rasch.items[j] if analysis.rasch is not None else None
        items.append(
            FileItemOut(
                item_id=item.item_id,
                domain=None if domains is None else domains[j],
                n=item.n,
                n_answered=item.n_answered,
                p=item.p,
                point_biserial=item.point_biserial,
                corrected_item_total=item.corrected_item_total,
                p_upper=item.p_upper,
                p_lower=item.p_lower,
                discrimination_index=item.discrimination_index,
                alpha_if_deleted=item.alpha_if_deleted,
                options=None if item.options is None else [option_out(o) for o in item.options],
                rasch=rasch_item_out(rasch),
                flags=[_flag(flag) for flag in analysis.flags if flag.item_id == item.item_id],
            )
        )
    return FileStatisticsOut(
        layout=report.files.layout,
        examinees=report.files.responses.n_examinees,
        unseen_items=list(report.files.unseen_items),
        cut_score=fraction(report.cut_percent),
        summary=summary_out(analysis.exam),
        rasch=None if analysis.rasch is None else rasch_out(analysis.rasch),
        items=items,
        flags=[_flag(flag) for flag in analysis.flags],
        decisions=decisions_out(report.decisions),
    )
