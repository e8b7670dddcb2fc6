"""The printable statistics report (reportlab): summary, flags, item table and charts.

Synchronous and CPU-bound; callers in the web process run it in a worker thread.
"""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from service.statistics.decision_pdf import decision_flowables
from service.statistics.pdf_charts import (
    characteristic_curve,
    difficulty_discrimination,
    score_distribution,
)
from service.statistics.report import ExamReport

MAX_CURVES = 12
STYLES = getSampleStyleSheet()


def _number(value: float | None, digits: int = 3) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{value:.1%}"


def _table(rows: list[list[str]], widths: list[float] | None = None) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONTSIZE", (0, 0), (-1, -1), 7),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#dde5ee")),
                ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


def _summary(report: ExamReport) -> list[Flowable]:
    exam = report.exam
    rows = [
        ["exam", exam.name],
        ["finished attempts", str(report.attempts)],
        ["first attempts", str(report.first_attempts)],
        ["first-attempt pass rate", _percent(report.first_attempt_pass_rate)],
        [f"{exam.tier} pass band", f"{exam.pass_band_low:.0%} - {exam.pass_band_high:.0%}"],
        ["cut score", f"{exam.cut_score_percent:g}%"],
        ["computed at", report.computed_at.isoformat(timespec="seconds")],
    ]
    rows += [
        [
            f"pass rate, attempt {rate.attempt_number}",
            f"{_percent(rate.pass_rate)} of {rate.attempts}",
        ]
        for rate in report.pass_rates_by_attempt
    ]
    return [Paragraph(f"Item statistics: {escape(exam.name)}", STYLES["Title"]), _table(rows)]


def _flags(report: ExamReport) -> list[Flowable]:
    names = report.names()
    rows = [["item", "flag", "reason"]]
    for flag in report.all_flags():
        item = names.get(flag.item_id, "") if flag.item_id else "exam"
        rows.append(
            [
                item,
                flag.code.value,
                Paragraph(escape(flag.reason), STYLES["BodyText"]),
            ]
        )
    if len(rows) == 1:
        return [Paragraph("Flags", STYLES["Heading2"]), Paragraph("No flags.", STYLES["BodyText"])]
    return [
        Paragraph("Flags", STYLES["Heading2"]),
        _table(rows, [34 * mm, 40 * mm, 103 * mm]),
    ]


def _pool_section(report: ExamReport) -> list[Flowable]:
    analysis = report.analysis
    if analysis is None:
        return [Paragraph("No finished attempt was presented any item.", STYLES["BodyText"])]
    exam = analysis.exam
    rasch = analysis.rasch
    parts: list[Flowable] = [
        PageBreak(),
        Paragraph("All attempts (one pool of item revisions)", STYLES["Heading2"]),
        Paragraph(
            f"{exam.attempts} attempts, {exam.items} item revisions, "
            f"{exam.mean_form_length or 0:g} per attempt on average; mean raw score"
            f" {exam.mean:.2f}, SD {exam.sd:.2f} (divisor N); KR-20 (average form)"
            f" {_number(exam.alpha)}; SEM {_number(exam.sem, 2)}. Item figures are over the"
            " attempts that were presented the item (n)."
            + ("" if rasch is None else f" Rasch: {escape(rasch.method)}."),
            STYLES["BodyText"],
        ),
        Spacer(1, 4 * mm),
        difficulty_discrimination(report),
        score_distribution(report),
    ]
    rows = [["item", "rev", "n", "p", "r pbis", "r corr", "D 27%", "a-del", "b", "infit", "outfit"]]
    for j, (revision, item) in enumerate(zip(report.revisions, analysis.items, strict=True)):
        estimate = rasch.items[j] if rasch is not None else None
        rows.append(
            [
                revision.item_external_id,
                str(revision.number),
                str(item.n),
                _number(item.p),
                _number(item.point_biserial),
                _number(item.corrected_item_total),
                _number(item.discrimination_index),
                _number(item.alpha_if_deleted),
                _number(estimate.difficulty if estimate else None, 2),
                _number(estimate.infit if estimate else None, 2),
                _number(estimate.outfit if estimate else None, 2),
            ]
        )
    parts += [Paragraph("Items", STYLES["Heading3"]), _table(rows)]
    flagged = [
        (j, revision.item_external_id)
        for j, revision in enumerate(report.revisions)
        if any(flag.item_id == str(revision.id) for flag in analysis.flags)
    ]
    curves = [
        curve
        for j, name in flagged[:MAX_CURVES]
        if (curve := characteristic_curve(report, j, name)) is not None
    ]
    if curves:
        parts.append(Paragraph("Item characteristic curves of flagged items", STYLES["Heading3"]))
        parts.extend(curves)
    return parts


def render_report_pdf(report: ExamReport) -> bytes:
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=f"Item statistics: {report.exam.name}",
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=15 * mm,
    )
    story: list[Flowable] = [*_summary(report), *_flags(report), *_pool_section(report)]
    if report.decisions is not None:
        story += [PageBreak(), *decision_flowables(report.decisions, report.names())]
    document.build(story)
    return buffer.getvalue()
