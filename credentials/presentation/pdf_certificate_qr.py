"""The verification QR code of the certificate, drawn as vector modules.

The code is encoded by zxing-cpp (C++; the scoring of the eight mask patterns alone took
about 5 ms a certificate in the pure-Python `qrcode`, the largest share of a render). Its
module matrix is drawn as filled rectangles (crisp at any zoom, no raster image), so a test
can compare the printed code with an independently generated matrix. Error correction
level M (15%) survives the smudges and folds a printed certificate meets without making
the code denser than needed for a URL.
"""

import re

import zxingcpp
from reportlab.pdfgen.canvas import Canvas

QUIET_ZONE_MODULES = 4

_DARK_RUN = re.compile(rb"[\x00-\x7f]+")
"""A run of dark modules in a row of the matrix image (0 dark, 255 light)."""


def qr_modules(text: str) -> list[list[bool]]:
    """The QR module matrix (True = dark) for `text`, without quiet zone."""
    return [[module < 128 for module in row] for row in _matrix_rows(text)]


def draw_qr_code(canvas: Canvas, text: str, x: float, y: float, side: float) -> None:
    """Draw the code with its quiet zone into the square at (x, y) (lower left), `side` wide.

    Dark runs of a row become one rectangle, all in one path, so viewers do not show
    hairline seams between neighbouring modules. The path is drawn in module units (one
    module is 1 x 1, rows counted downwards) and written as PDF operators directly: whole
    numbers need none of reportlab's per-rectangle number formatting, and the page's content
    stream stays short.
    """
    rows = _matrix_rows(text)
    module = side / (len(rows) + 2 * QUIET_ZONE_MODULES)
    canvas.saveState()
    canvas.setFillColorRGB(1, 1, 1)
    canvas.rect(x, y, side, side, stroke=0, fill=1)
    canvas.setFillColorRGB(0, 0, 0)
    canvas.translate(x + QUIET_ZONE_MODULES * module, y + side - QUIET_ZONE_MODULES * module)
    canvas.scale(module, -module)
    runs = [
        f"{run.start()} {row_index} {run.end() - run.start()} 1 re"
        for row_index, row in enumerate(rows)
        for run in _DARK_RUN.finditer(row)
    ]
    canvas.addLiteral("\n".join([*runs, "f"]))  # the path of integer rectangles, filled
    canvas.restoreState()


def _matrix_rows(text: str) -> list[bytes]:
    """One byte per module, row by row from the top: 0 for dark, 255 for light."""
    code = zxingcpp.create_barcode(text, zxingcpp.BarcodeFormat.QRCode, ec_level="M")
    # zxingcpp.Image is a buffer (one byte per module) though its stub does not say so
    image = memoryview(code.to_image(scale=1, add_quiet_zones=False))  # type: ignore[arg-type]
    height, width = image.shape or (0, 0)
    pixels = image.tobytes()
    return [pixels[row * width : (row + 1) * width] for row in range(height)]
