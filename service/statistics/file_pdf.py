"""The printable report of a response file: summary, flags, items, then the decision sections
(the exam report's layout without pass rates and charts of attempts)."""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Paragraph, SimpleDocTemplate

from service.statistics.decision_pdf import STYLES, decision_flowables, number, table
from service.statistics.file_analysis import FileReport


def render_file_pdf(report: FileReport, title: str) -> bytes:
    analysis = report.analysis
    exam = analysis.exam
    rasch = analysis.rasch
    story: list[Flowable] = [
        Paragraph(f"Item statistics: {escape(title)}", STYLES["Title"]),
        Paragraph(
            escape(
                f"{report.files.layout} response file; {exam.attempts} examinees, {exam.items}"
                f" items ({exam.mean_form_length or exam.items:g} per examinee on average);"
                f" mean raw score {exam.mean:.2f}, SD {exam.sd:.2f}; KR-20"
                f" {number(exam.alpha)}; SEM {number(exam.sem, 2)}."
                + (
                    f" Never shown (left out): {', '.join(report.files.unseen_items)}."
                    if report.files.unseen_items
                    else ""
                )
            ),
            STYLES["BodyText"],
        ),
    ]
    flags = [["item", "flag", "reason"]] + [
        [
            flag.item_id or "exam",
            flag.code.value,
            Paragraph(escape(flag.reason), STYLES["BodyText"]),
        ]
        for flag in analysis.flags
    ]
    story += [Paragraph("Flags", STYLES["Heading2"])]
    story += [table(flags)] if len(flags) > 1 else [Paragraph("No flags.", STYLES["BodyText"])]
    rows = [["item", "n", "p", "r corr", "D 27%", "a-del", "b", "infit", "outfit"]]
    for j, item in enumerate(analysis.items):
        estimate = rasch.items[j] if rasch is not None else None
        rows.append(
            [
                item.item_id,
                str(item.n),
                number(item.p),
                number(item.corrected_item_total),
                number(item.discrimination_index),
                number(item.alpha_if_deleted),
                number(estimate.difficulty if estimate else None, 2),
                number(estimate.infit if estimate else None, 2),
                number(estimate.outfit if estimate else None, 2),
            ]
        )
    story += [Paragraph("Items", STYLES["Heading2"]), table(rows), PageBreak()]
    story += decision_flowables(report.decisions, {})
    buffer = io.BytesIO()
    SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=f"Item statistics: {title}",
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=15 * mm,
    ).build(story)
    return buffer.getvalue()
