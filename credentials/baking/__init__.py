"""Baking: a credential carried inside its badge image (Open Badges 3.0 section 5.3).

PNG ``iTXt`` chunks and the SVG ``openbadges:credential`` element; extraction refuses unsafe
or corrupt images with `BakingError`. Imports no other room.
"""

from credentials.baking.bake import bake_png, bake_svg, bake_svg_jwt, extract_png, extract_svg
from credentials.baking.errors import BakingError
from credentials.baking.png import PNG_SIGNATURE, PngChunk, iter_chunks

__all__ = [
    "PNG_SIGNATURE",
    "BakingError",
    "PngChunk",
    "bake_png",
    "bake_svg",
    "bake_svg_jwt",
    "extract_png",
    "extract_svg",
    "iter_chunks",
]
