"""The TrueType fonts shipped with the presentation code (certificate, badge, share image).

DejaVu is bundled instead of relying on system fonts (a slim container has none) or on
reportlab's Vera (Latin-1 plus a few extras: no ą, ę, ś, ż, ř, ő ...), so that every
holder name renders and extracts the same on every machine. See LICENSE-DejaVu.txt.
"""

from pathlib import Path

FONTS_DIRECTORY = Path(__file__).resolve().parent

SANS_REGULAR = FONTS_DIRECTORY / "DejaVuSans.ttf"
SANS_BOLD = FONTS_DIRECTORY / "DejaVuSans-Bold.ttf"
SERIF_BOLD = FONTS_DIRECTORY / "DejaVuSerif-Bold.ttf"
