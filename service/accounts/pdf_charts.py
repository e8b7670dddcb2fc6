"""The program report's charts as reportlab drawings (vector graphics, no plotting library)."""

from __future__ import annotations

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.lineplots import LinePlot
from reportlab.graphics.shapes import Drawing, Line, String
from reportlab.lib import colors

from service.accounts.schemas import CertificationMeasures

WIDTH, HEIGHT = 460, 200
PLOT_X, PLOT_Y = 50, 35
PLOT_W, PLOT_H = WIDTH - 80, HEIGHT - 70
BLUE = colors.HexColor("#4a78a8")
RED = colors.HexColor("#c0504d")


def _titled(title: str) -> Drawing:
    drawing = Drawing(WIDTH, HEIGHT)
    drawing.add(String(WIDTH / 2, HEIGHT - 12, title, textAnchor="middle", fontSize=10))
    return drawing


def pass_rate_by_attempt(measures: CertificationMeasures) -> Drawing:
    """Pass rate per attempt number, with the pass band and the too-easy line across."""
    drawing = _titled("Pass rate by attempt number (band and 85% too-easy line)")
    rates = measures.pass_rate_by_attempt
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = PLOT_X, PLOT_Y, PLOT_W, PLOT_H
    chart.data = [[rate.pass_rate or 0.0 for rate in rates] or [0.0]]
    chart.categoryAxis.categoryNames = [f"#{rate.attempt_number}" for rate in rates] or ["-"]
    chart.valueAxis.valueMin, chart.valueAxis.valueMax = 0.0, 1.0
    chart.bars[0].fillColor = BLUE
    drawing.add(chart)
    band = measures.pass_band
    for level, colour in (
        (band.low, colors.green),
        (band.high, colors.green),
        (band.too_easy_above, RED),
    ):
        y = PLOT_Y + level * PLOT_H
        drawing.add(Line(PLOT_X, y, PLOT_X + PLOT_W, y, strokeColor=colour, strokeDashArray=[3, 2]))
    return drawing


def active_holders(measures: CertificationMeasures) -> Drawing:
    drawing = _titled("Active certified holders over the range")
    points = measures.active_holders
    start = points[0].at.timestamp() if points else 0.0
    data = [((p.at.timestamp() - start) / 86_400.0, float(p.holders)) for p in points]
    plot = LinePlot()
    plot.x, plot.y, plot.width, plot.height = PLOT_X, PLOT_Y, PLOT_W, PLOT_H
    plot.data = [data or [(0.0, 0.0)]]
    plot.xValueAxis.valueMin = 0.0
    plot.yValueAxis.valueMin = 0.0
    plot.yValueAxis.valueMax = max([1.0, *(y for _, y in data)])
    plot.lines[0].strokeColor = BLUE
    drawing.add(plot)
    drawing.add(
        String(WIDTH / 2, 8, "days since the start of the range", textAnchor="middle", fontSize=8)
    )
    return drawing
