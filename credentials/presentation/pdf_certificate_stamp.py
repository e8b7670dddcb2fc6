"""The status stamp on a certificate: a band along the top that states the word and the date
in plain text (so it reads the same to a person, a screen reader and ``pdftotext``), and a
large translucent diagonal word across the page so a printout cannot be mistaken for valid.
"""

from reportlab.lib.colors import HexColor, white
from reportlab.pdfgen.canvas import Canvas

from credentials.presentation.fonts.reportlab_fonts import SANS_BOLD_FONT, string_width
from credentials.presentation.pdf_certificate_layout import INNER_FRAME_INSET, CertificateLayout
from credentials.presentation.status_stamp import StatusStamp

BAND_GAP = 4.0
BAND_HEIGHT = 22.0
BAND_FONT_SIZE = 11.0
DIAGONAL_ANGLE = 24.0
DIAGONAL_ALPHA = 0.22


def draw_status_stamp(canvas: Canvas, layout: CertificateLayout, stamp: StatusStamp) -> None:
    colour = HexColor(stamp.colour)
    _draw_band(canvas, layout, stamp, colour)
    _draw_diagonal(canvas, layout, stamp, colour)


def _draw_band(
    canvas: Canvas, layout: CertificateLayout, stamp: StatusStamp, colour: HexColor
) -> None:
    left = INNER_FRAME_INSET + BAND_GAP
    top = layout.height - INNER_FRAME_INSET - BAND_GAP
    canvas.setFillColor(colour)
    canvas.rect(left, top - BAND_HEIGHT, layout.width - 2 * left, BAND_HEIGHT, stroke=0, fill=1)
    canvas.setFillColor(white)
    size = BAND_FONT_SIZE
    while size > 6 and string_width(stamp.line, SANS_BOLD_FONT, size) > layout.width - 2 * left:
        size -= 0.5
    canvas.setFont(SANS_BOLD_FONT, size)
    canvas.drawCentredString(layout.centre_x, top - BAND_HEIGHT / 2 - size * 0.35, stamp.line)


def _draw_diagonal(
    canvas: Canvas, layout: CertificateLayout, stamp: StatusStamp, colour: HexColor
) -> None:
    size = 96.0
    while size > 24 and string_width(stamp.word, SANS_BOLD_FONT, size) > layout.width * 0.7:
        size -= 4
    width = string_width(stamp.word, SANS_BOLD_FONT, size)
    canvas.saveState()
    canvas.translate(layout.centre_x, layout.height / 2)
    canvas.rotate(DIAGONAL_ANGLE)
    canvas.setFillColor(colour)
    canvas.setStrokeColor(colour)
    canvas.setFillAlpha(DIAGONAL_ALPHA)
    canvas.setStrokeAlpha(DIAGONAL_ALPHA * 2)
    canvas.setLineWidth(5)
    pad = size * 0.25
    canvas.roundRect(
        -width / 2 - pad, -size * 0.45, width + 2 * pad, size * 1.2, radius=12, stroke=1, fill=0
    )
    canvas.setFont(SANS_BOLD_FONT, size)
    canvas.drawCentredString(0, -size * 0.2, stamp.word)
    canvas.restoreState()
