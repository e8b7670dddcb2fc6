"""The verification QR code of the certificate, drawn as vector modules.

The `qrcode` library is used for the encoding rather than reportlab's QR widget: it
exposes the module matrix, so the PDF draws exactly those modules as filled rectangles
(crisp at any zoom, no raster image) and a test can compare the printed code with an
independently generated matrix. Error correction level M (15%) survives the smudges and
folds a printed certificate meets without making the code denser than needed for a URL.
"""

import qrcode
from qrcode.constants import ERROR_CORRECT_M
from reportlab.pdfgen.canvas import Canvas

QUIET_ZONE_MODULES = 4


def qr_modules(text: str) -> list[list[bool]]:
    """The QR module matrix (True = dark) for `text`, without quiet zone."""
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=0)
    code.add_data(text)
    code.make(fit=True)
    return [[bool(module) for module in row] for row in code.get_matrix()]


def draw_qr_code(canvas: Canvas, text: str, x: float, y: float, side: float) -> None:
    """Draw the code with its quiet zone into the square at (x, y) (lower left), `side` wide.

    Dark runs of a row become one rectangle, all in one path, so viewers do not show
    hairline seams between neighbouring modules.
    """
    modules = qr_modules(text)
    count = len(modules)
    module = side / (count + 2 * QUIET_ZONE_MODULES)
    origin_x = x + QUIET_ZONE_MODULES * module
    top = y + side - QUIET_ZONE_MODULES * module
    canvas.saveState()
    canvas.setFillColorRGB(1, 1, 1)
    canvas.rect(x, y, side, side, stroke=0, fill=1)
    canvas.setFillColorRGB(0, 0, 0)
    path = canvas.beginPath()
    for row_index, row in enumerate(modules):
        row_bottom = top - (row_index + 1) * module
        for start, length in _dark_runs(row):
            path.rect(origin_x + start * module, row_bottom, length * module, module)
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.restoreState()


def _dark_runs(row: list[bool]) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    start: int | None = None
    for index, dark in enumerate([*row, False]):
        if dark and start is None:
            start = index
        elif not dark and start is not None:
            runs.append((start, index - start))
            start = None
    return runs
