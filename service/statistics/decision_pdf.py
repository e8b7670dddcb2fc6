"""The decision sections as PDF flowables, shared by the exam report and the file report."""

from __future__ import annotations

from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

from itembank.statistics import DecisionReport

STYLES = getSampleStyleSheet()


def number(value: float | None, digits: int = 3) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def table(rows: list[list[str]]) -> Table:
    found = Table(rows, repeatRows=1)
    found.setStyle(
        TableStyle(
            [
                ("FONTSIZE", (0, 0), (-1, -1), 7),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#dde5ee")),
                ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
            ]
        )
    )
    return found


def _text(text: str) -> Paragraph:
    return Paragraph(escape(text), STYLES["BodyText"])


def decision_flowables(report: DecisionReport, names: dict[str, str]) -> list[Flowable]:
    parts: list[Flowable] = [Paragraph("Decisions and precision", STYLES["Heading2"])]
    precision, decisions = report.precision, report.decisions
    if precision is None:
        parts.append(_text("No cut on the calibrated scale: no cut or no calibrated item."))
    else:
        parts.append(
            _text(
                f"Cut {report.cut_percent:g}% = theta {precision.theta_cut:.3f} (Rasch); test"
                f" information at the cut {precision.information:.2f}, conditional SEM"
                f" {precision.csem_theta:.3f} logits, {precision.csem_raw:.2f} raw points"
                f" ({report.precision_basis})."
            )
        )
    if decisions is not None:
        parts.append(
            _text(
                f"Decision accuracy {decisions.accuracy:.3f}, consistency"
                f" {decisions.consistency:.3f}, kappa {number(decisions.kappa)}, false pass"
                f" {decisions.false_pass:.3f}, false fail {decisions.false_fail:.3f}"
                f" ({decisions.examinees} examinees; method: {decisions.method})."
            )
        )
    if report.alpha_interval is not None:
        interval = report.alpha_interval
        parts.append(
            _text(
                f"Alpha {interval.level:.0%} interval (Feldt): {interval.lower:.3f} to"
                f" {interval.upper:.3f}."
            )
        )
    if report.domains:
        rows = [["domain", "items", "per form", "alpha", "SEM", "95% interval"]]
        for domain in report.domains:
            interval_text = (
                "-"
                if domain.interval is None
                else f"{domain.interval.lower:.3f} - {domain.interval.upper:.3f}"
            )
            rows.append(
                [
                    domain.domain,
                    str(domain.items),
                    f"{domain.mean_form_length:.1f}",
                    number(domain.alpha),
                    number(domain.sem, 2),
                    interval_text,
                ]
            )
        parts += [Paragraph("Subscore reliability", STYLES["Heading3"]), table(rows)]
    parts += _two_pl(report, names)
    parts += _dif(report, names)
    return parts


def _two_pl(report: DecisionReport, names: dict[str, str]) -> list[Flowable]:
    two_pl = report.two_pl
    parts: list[Flowable] = [Paragraph("2PL beside Rasch", STYLES["Heading3"])]
    if not two_pl.estimable:
        return [*parts, _text(two_pl.message or "not estimable")]
    parts.append(_text(f"{two_pl.method}; {two_pl.metric}."))
    comparison = two_pl.comparison
    if comparison is not None:
        parts.append(
            _text(
                f"log-likelihood 2PL {comparison.two_pl.log_likelihood:.2f} vs Rasch"
                f" {comparison.rasch.log_likelihood:.2f}; AIC {comparison.two_pl.aic:.1f} vs"
                f" {comparison.rasch.aic:.1f}; BIC {comparison.two_pl.bic:.1f} vs"
                f" {comparison.rasch.bic:.1f}; LR {comparison.likelihood_ratio:.2f} on"
                f" {comparison.degrees_of_freedom} df, p = {comparison.p_value:.3g}."
            )
        )
    rows = [["item", "a", "SE a", "b", "SE b"]]
    for item in two_pl.items:
        rows.append(
            [
                names.get(item.item_id, item.item_id),
                number(item.slope),
                number(item.slope_se),
                "undefined"
                if item.estimable and item.difficulty is None
                else number(item.difficulty),
                number(item.difficulty_se),
            ]
        )
    return [*parts, table(rows)]


def _dif(report: DecisionReport, names: dict[str, str]) -> list[Flowable]:
    parts: list[Flowable] = [Paragraph("Differential item functioning (MH)", STYLES["Heading3"])]
    if not report.dif:
        return [*parts, _text(report.dif_note or "no groups")]
    for analysis in report.dif:
        parts.append(
            _text(f"reference {analysis.reference}, focal {analysis.focal}; {analysis.matching}")
        )
        rows = [["item", "n ref", "n focal", "alpha MH", "D-DIF", "class", "status"]]
        for item in analysis.items:
            rows.append(
                [
                    names.get(item.item_id, item.item_id),
                    str(item.n_reference),
                    str(item.n_focal),
                    number(item.common_odds_ratio),
                    number(item.delta, 2),
                    item.category or "-",
                    item.status,
                ]
            )
        parts.append(table(rows))
    return parts
