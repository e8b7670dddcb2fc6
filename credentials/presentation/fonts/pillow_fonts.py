"""Pillow font loading for the bundled fonts, cached per file and size."""

from functools import lru_cache
from pathlib import Path

from PIL import ImageFont


@lru_cache(maxsize=64)
def pillow_font(path: Path, size: float) -> ImageFont.FreeTypeFont:
    """The font at `size` pixels with Pillow's built-in layout.

    The basic layout engine is forced so output does not change with whether the
    optional libraqm happens to be installed: same input, same pixels, on any host.
    """
    return ImageFont.truetype(str(path), size=size, layout_engine=ImageFont.Layout.BASIC)


def text_width(path: Path, text: str, size: float) -> float:
    """Advance width of `text` in pixels; the `Measure` used with `fit_text`."""
    return float(pillow_font(path, size).getlength(text))
