"""The printable program report (reportlab): a summary table and charts per certification.

Synchronous and CPU-bound; callers in the web process run it in a worker thread.
"""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Table, TableStyle

from service.accounts.pdf_charts import active_holders, pass_rate_by_attempt
from service.accounts.schemas import CertificationMeasures, ProgramMeasures

STYLES = getSampleStyleSheet()


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{value:.1%}"


def _table(rows: list[list[str]]) -> Table:
    table = Table(rows, colWidths=[70 * mm, 100 * mm])
    table.setStyle(
        TableStyle(
            [
                ("FONTSIZE", (0, 0), (-1, -1), 8),
                ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                ("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#dde5ee")),
            ]
        )
    )
    return table


def _section(m: CertificationMeasures) -> list[Flowable]:
    band = m.pass_band
    days = m.median_days_to_certify
    rows = [
        ["tier", m.tier],
        ["attempts started", str(m.attempts)],
        ["completion rate (submitted / started)", f"{_percent(m.completion_rate)} ({m.submitted})"],
        [
            "first-attempt pass rate",
            f"{_percent(m.first_attempt_pass_rate)} of {m.first_attempts} ({band.verdict})",
        ],
        [
            "pass band",
            f"{band.low:.0%} - {band.high:.0%}; too easy above {band.too_easy_above:.0%}",
        ],
        ["learners certified in the range", str(m.certified)],
        ["median days to certify", "-" if days is None else f"{days:.1f}"],
        [
            "renewal rate (renewed before expiry / due)",
            f"{_percent(m.renewal_rate)} ({m.renewed_before_expiry} of {m.renewals_due})",
        ],
        ["public page views", str(m.page_views)],
        ["LinkedIn button clicks", str(m.linkedin_clicks)],
    ]
    rows += [
        [f"pass rate, attempt {r.attempt_number}", f"{_percent(r.pass_rate)} of {r.attempts}"]
        for r in m.pass_rate_by_attempt
    ]
    return [
        Paragraph(escape(m.certification), STYLES["Heading2"]),
        _table(rows),
        pass_rate_by_attempt(m),
        active_holders(m),
    ]


def render_program_pdf(report: ProgramMeasures, account_name: str | None) -> bytes:
    buffer = io.BytesIO()
    title = "Program report" + (f": {account_name}" if account_name else "")
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=title,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=15 * mm,
    )
    story: list[Flowable] = [
        Paragraph(escape(title), STYLES["Title"]),
        Paragraph(
            f"{report.since.isoformat()} to {report.until.isoformat()} (UTC, both days included)"
            + (f"; tier {escape(report.tier)}" if report.tier else "")
            + f"; computed {report.computed_at.isoformat(timespec='seconds')}",
            STYLES["BodyText"],
        ),
    ]
    if not report.certifications:
        story.append(Paragraph("No certification matches.", STYLES["BodyText"]))
    for measures in report.certifications:
        story += _section(measures)
    document.build(story)
    return buffer.getvalue()
