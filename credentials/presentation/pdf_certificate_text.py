"""Text drawing for the certificate: styles, centred lines, fitted blocks, labelled fields."""

from dataclasses import dataclass, replace
from typing import Self

from reportlab.lib.colors import Color
from reportlab.pdfgen.canvas import Canvas

from credentials.presentation.fonts.reportlab_fonts import SANS, SANS_BOLD_FONT, string_width
from credentials.presentation.fonts.text_fit import FittedText, fit_text, fit_text_in_box

LINE_HEIGHT = 1.2
ASCENT = 0.92
"""Top of the tallest DejaVu letters above the baseline, as a share of the font size."""


@dataclass(frozen=True, slots=True)
class TextStyle:
    font: str
    size: float
    colour: Color
    letter_spacing: float = 0.0

    def sized(self, size: float) -> Self:
        return replace(self, size=size)

    def width(self, text: str) -> float:
        return self.width_at(text, self.size)

    def width_at(self, text: str, size: float) -> float:
        """The `Measure` of this style for `fit_text`: width of `text` at another size."""
        spacing = self.letter_spacing * max(len(text) - 1, 0)
        return string_width(text, self.font, size) + spacing


def draw_centred(
    canvas: Canvas, text: str, style: TextStyle, centre_x: float, baseline: float
) -> None:
    canvas.setFillColor(style.colour)
    canvas.setFont(style.font, style.size)
    left = centre_x - style.width(text) / 2
    canvas.drawString(left, baseline, text, charSpace=style.letter_spacing)


def draw_fitted_block(
    canvas: Canvas,
    text: str,
    style: TextStyle,
    *,
    centre_x: float,
    top: float,
    width: float,
    height: float,
    max_lines: int,
    smallest_size: float,
) -> FittedText:
    """`text` at the largest size up to `style.size` that fits the box, centred in it."""
    fitted = fit_text_in_box(
        text,
        measure=style.width_at,
        max_width=width,
        max_height=height,
        line_height=LINE_HEIGHT,
        max_lines=max_lines,
        largest_size=style.size,
        smallest_size=smallest_size,
    )
    pitch = fitted.size * LINE_HEIGHT
    block_top = top - (height - pitch * len(fitted.lines)) / 2
    sized = style.sized(fitted.size)
    for index, line in enumerate(fitted.lines):
        baseline = block_top - fitted.size * ASCENT - index * pitch
        draw_centred(canvas, line, sized, centre_x, baseline)
    return fitted


def fit_one_line(text: str, style: TextStyle, width: float, smallest_size: float) -> FittedText:
    return fit_text(
        text,
        measure=style.width_at,
        max_width=width,
        max_lines=1,
        largest_size=style.size,
        smallest_size=smallest_size,
        size_step=0.5,
    )


def draw_field(
    canvas: Canvas,
    label: str,
    value: str,
    *,
    x: float,
    top: float,
    width: float,
    label_colour: Color,
    value_colour: Color,
) -> float:
    """A small spaced-capitals label over its value; returns the value's lowest baseline.

    Values (ids, URLs) are shrunk to stay on one line, so they extract and copy whole;
    only when that fails they wrap onto a second line.
    """
    canvas.setFillColor(label_colour)
    canvas.setFont(SANS_BOLD_FONT, 7)
    canvas.drawString(x, top - 7, label.upper(), charSpace=0.8)
    value_style = TextStyle(SANS, 10, value_colour)
    fitted = fit_one_line(value, value_style, width, smallest_size=6.5)
    if fitted.truncated:
        fitted = fit_text_in_box(
            value,
            measure=value_style.width_at,
            max_width=width,
            max_height=18,
            line_height=LINE_HEIGHT,
            max_lines=2,
            largest_size=8,
            smallest_size=5,
        )
    canvas.setFillColor(value_colour)
    canvas.setFont(SANS, fitted.size)
    baseline = top - 9 - fitted.size
    for index, line in enumerate(fitted.lines):
        canvas.drawString(x, baseline - index * fitted.size * LINE_HEIGHT, line)
    return baseline - (len(fitted.lines) - 1) * fitted.size * LINE_HEIGHT
