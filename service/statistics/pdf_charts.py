"""The report's charts as reportlab drawings (vector graphics, no plotting library)."""

from __future__ import annotations

import math

import numpy as np
from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.lineplots import LinePlot, ScatterPlot
from reportlab.graphics.shapes import Drawing, String
from reportlab.graphics.widgets.markers import makeMarker
from reportlab.lib import colors

from itembank.statistics import person_abilities
from service.statistics.report import ExamReport

WIDTH, HEIGHT = 460, 220


def _titled(title: str) -> Drawing:
    drawing = Drawing(WIDTH, HEIGHT)
    drawing.add(String(WIDTH / 2, HEIGHT - 12, title, textAnchor="middle", fontSize=10))
    return drawing


def difficulty_discrimination(report: ExamReport) -> Drawing:
    """p (x) against the corrected item-total r (y); undefined correlations are left out."""
    assert report.analysis is not None
    drawing = _titled("Facility p against corrected item-total r")
    points = [
        (item.p, item.corrected_item_total)
        for item in report.analysis.items
        if item.corrected_item_total is not None
    ]
    plot = ScatterPlot()
    plot.x, plot.y, plot.width, plot.height = 50, 35, WIDTH - 80, HEIGHT - 70
    plot.data = [points or [(0.5, 0.0)]]
    plot.xValueAxis.valueMin, plot.xValueAxis.valueMax = 0.0, 1.0
    plot.yValueAxis.valueMin, plot.yValueAxis.valueMax = -0.5, 1.0
    plot.xLabel, plot.yLabel = "p (facility)", "corrected r"
    plot.lineLabelFormat = None
    plot.lines[0].symbol = makeMarker("FilledCircle", size=4)
    drawing.add(plot)
    return drawing


def score_distribution(report: ExamReport) -> Drawing:
    assert report.analysis is not None
    drawing = _titled("Raw score distribution (items correct on each attempt's form)")
    counts = report.analysis.exam.score_distribution
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 50, 35, WIDTH - 80, HEIGHT - 70
    chart.data = [counts]
    chart.categoryAxis.categoryNames = [
        str(score) if score % max(1, len(counts) // 10) == 0 else "" for score in range(len(counts))
    ]
    chart.valueAxis.valueMin = 0
    chart.bars[0].fillColor = colors.HexColor("#4a78a8")
    chart.barSpacing = 0
    drawing.add(chart)
    return drawing


def characteristic_curve(report: ExamReport, column: int, label: str) -> Drawing | None:
    """Rasch model curve of one item with the observed share correct of the attempts that saw
    it, grouped by their ML ability (rounded to 0.5 logit) on the items they saw."""
    rasch = report.analysis.rasch if report.analysis is not None else None
    data = report.responses
    if rasch is None or data is None or rasch.items[column].difficulty is None:
        return None
    b = float(rasch.items[column].difficulty or 0.0)
    thetas = np.linspace(-4.0, 4.0, 41)
    model = [(float(t), 1.0 / (1.0 + math.exp(-(t - b)))) for t in thetas]
    calibrated = np.array([item.estimable for item in rasch.items], dtype=bool)
    difficulties = np.array([item.difficulty or 0.0 for item in rasch.items])[calibrated]
    seen_all = np.ones(data.scores.shape) if data.presented is None else data.presented
    right = data.scores[:, calibrated].astype(np.float64)
    seen = np.asarray(seen_all, dtype=np.float64)[:, calibrated]
    theta = person_abilities(difficulties, right, seen).theta
    usable = np.isfinite(theta) & (seen_all[:, column] > 0) & (np.abs(theta) <= 4)
    bins = np.round(theta[usable] * 2.0) / 2.0
    correct = data.scores[usable, column].astype(np.float64)
    observed = [
        (float(centre), float(correct[bins == centre].mean())) for centre in np.unique(bins)
    ]
    drawing = _titled(f"{label} (b = {b:.2f}): model curve and observed share correct")
    plot = LinePlot()
    plot.x, plot.y, plot.width, plot.height = 50, 35, WIDTH - 80, HEIGHT - 70
    plot.data = [model, observed or [(b, 0.5)]]
    plot.xValueAxis.valueMin, plot.xValueAxis.valueMax = -4.0, 4.0
    plot.yValueAxis.valueMin, plot.yValueAxis.valueMax = 0.0, 1.0
    plot.lines[0].strokeColor = colors.HexColor("#4a78a8")
    plot.lines[1].strokeColor = None
    plot.lines[1].symbol = makeMarker("FilledCircle", size=4)
    plot.lines[1].symbol.fillColor = colors.HexColor("#c0504d")
    drawing.add(plot)
    return drawing
