"""Registering the bundled fonts with reportlab, once per process.

reportlab embeds a TrueType font as a subset of the glyphs used, with a ToUnicode map,
so text in the PDF stays small, prints any Latin/Greek/Cyrillic name, and extracts (copy,
search, screen readers) as the original characters. Each distinct subset is made and deflated
once per process (`reportlab_subsets`).
"""

from threading import Lock

from reportlab.pdfbase import pdfmetrics

from credentials.presentation.fonts import SANS_BOLD, SANS_REGULAR, SERIF_BOLD
from credentials.presentation.fonts.reportlab_subsets import SubsetKeepingTTFont

SANS = "AccredoSans"
SANS_BOLD_FONT = "AccredoSans-Bold"
SERIF_BOLD_FONT = "AccredoSerif-Bold"

_FILES = {SANS: SANS_REGULAR, SANS_BOLD_FONT: SANS_BOLD, SERIF_BOLD_FONT: SERIF_BOLD}
_lock = Lock()
_registered = False


def register_reportlab_fonts() -> None:
    """Make the bundled fonts available to reportlab under the names above."""
    global _registered
    with _lock:
        if _registered:
            return
        for name, path in _FILES.items():
            pdfmetrics.registerFont(SubsetKeepingTTFont(name, str(path)))
        _registered = True


def string_width(text: str, font_name: str, size: float) -> float:
    """Advance width in points; the `Measure` used with `fit_text` for PDF text."""
    register_reportlab_fonts()
    return float(pdfmetrics.stringWidth(text, font_name, size))
