"""CSV export: one row per item revision, empty cells for undefined values."""

from __future__ import annotations

import csv
import io

from itembank.statistics import DecisionReport, ItemStatistics, RaschItemEstimate
from service.csv_cells import cell
from service.statistics.report import ExamReport

COLUMNS = (
    "revision_id",
    "item_id",
    "revision_number",
    "domain",
    "kind",
    "n",
    "n_answered",
    "p",
    "point_biserial",
    "corrected_item_total",
    "p_upper",
    "p_lower",
    "discrimination_index",
    "alpha_if_deleted",
    "mean_time_seconds",
    "rasch_difficulty",
    "rasch_standard_error",
    "infit",
    "outfit",
    "two_pl_slope",
    "two_pl_intercept",
    "two_pl_difficulty",
    "flags",
)


def classical_cells(item: ItemStatistics) -> tuple[object, ...]:
    """The classical columns every item-statistics CSV shares, in their order."""
    return (
        item.n,
        item.n_answered,
        item.p,
        item.point_biserial,
        item.corrected_item_total,
        item.p_upper,
        item.p_lower,
        item.discrimination_index,
        item.alpha_if_deleted,
    )


def rasch_cells(estimate: RaschItemEstimate | None) -> tuple[object, ...]:
    """Difficulty, SE, infit and outfit (empty when the item has no Rasch estimate)."""
    if estimate is None:
        return (None, None, None, None)
    return (estimate.difficulty, estimate.standard_error, estimate.infit, estimate.outfit)


def two_pl_cells(decisions: DecisionReport | None, item_id: str) -> tuple[object, object, object]:
    """Slope, intercept and b of the item in the 2PL calibration (empty when undefined)."""
    if decisions is None:
        return (None, None, None)
    for item in decisions.two_pl.items:
        if item.item_id == item_id:
            return (item.slope, item.intercept, item.difficulty)
    return (None, None, None)


def report_csv(report: ExamReport) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    analysis = report.analysis
    if analysis is None:
        return buffer.getvalue()
    rasch = analysis.rasch
    for j, (revision, key, item) in enumerate(
        zip(report.revisions, report.keys, analysis.items, strict=True)
    ):
        estimate = rasch.items[j] if rasch is not None else None
        codes = sorted(
            {flag.code.value for flag in analysis.flags if flag.item_id == str(revision.id)}
        )
        row = (
            revision.id,
            revision.item_external_id,
            revision.number,
            key.domain,
            key.kind,
            *classical_cells(item),
            item.mean_time_seconds,
            *rasch_cells(estimate),
            *two_pl_cells(report.decisions, str(revision.id)),
            ";".join(codes),
        )
        writer.writerow([cell(value) for value in row])
    return buffer.getvalue()
