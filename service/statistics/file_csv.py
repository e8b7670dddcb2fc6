"""CSV of a response file's report: one row per item, the exam CSV's columns by item id, plus
the DIF class of the item in each focal-group comparison."""

from __future__ import annotations

import csv
import io

from service.csv_cells import cell
from service.statistics.csv_export import classical_cells, rasch_cells, two_pl_cells
from service.statistics.file_analysis import FileReport

COLUMNS = (
    "item_id",
    "domain",
    "n",
    "n_answered",
    "p",
    "point_biserial",
    "corrected_item_total",
    "p_upper",
    "p_lower",
    "discrimination_index",
    "alpha_if_deleted",
    "rasch_difficulty",
    "rasch_standard_error",
    "infit",
    "outfit",
    "two_pl_slope",
    "two_pl_intercept",
    "two_pl_difficulty",
)


def file_report_csv(report: FileReport) -> str:
    analysis, decisions = report.analysis, report.decisions
    dif_columns = [f"dif_{dif.focal}_vs_{dif.reference}" for dif in decisions.dif]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([*COLUMNS, *dif_columns, "flags"])
    domains = report.files.domains
    for j, item in enumerate(analysis.items):
        estimate = analysis.rasch.items[j] if analysis.rasch is not None else None
        codes = sorted({flag.code.value for flag in analysis.flags if flag.item_id == item.item_id})
        dif_cells = []
        for dif in decisions.dif:
            entry = dif.items[j]
            dif_cells.append(entry.category if entry.status == "ok" else entry.status)
        row = (
            item.item_id,
            None if domains is None else domains[j],
            *classical_cells(item),
            *rasch_cells(estimate),
            *two_pl_cells(decisions, item.item_id),
            *dif_cells,
            ";".join(codes),
        )
        writer.writerow([cell(value) for value in row])
    return buffer.getvalue()
