"""The issuer's default logo: a PNG roundel with the issuer's initials.

OB 3.0 lets a ``Profile`` carry an ``image``; wallets and verifier pages (Credly, VerifierPlus)
show it beside the issuer's name. An issuer without artwork of its own (no
``ACCREDO_ISSUER_IMAGE_URL``) gets this one, drawn from its name so it needs no upload.
"""

from __future__ import annotations

import hashlib
from io import BytesIO

from PIL import Image, ImageDraw

from credentials.presentation.fonts import SANS_BOLD
from credentials.presentation.fonts.pillow_fonts import pillow_font

LOGO_SIZE = 256
_SUPERSAMPLING = 4
_PALETTE = ((0x1F, 0x4E, 0x79), (0x2E, 0x6B, 0x4F), (0x6B, 0x2E, 0x5F), (0x7A, 0x4A, 0x12))


def issuer_initials(name: str) -> str:
    """Up to two initials from the words of ``name`` (``?`` when it has no letters)."""
    letters = [word[0] for word in name.split() if word[:1].isalnum()]
    return "".join(letters[:2]).upper() or "?"


def render_issuer_logo_png(name: str) -> bytes:
    """A ``LOGO_SIZE`` square PNG: a coloured disc (colour chosen by the name) and initials."""
    scale = LOGO_SIZE * _SUPERSAMPLING
    colour = _PALETTE[hashlib.sha256(name.encode("utf-8")).digest()[0] % len(_PALETTE)]
    image = Image.new("RGBA", (scale, scale), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    margin = scale // 32
    draw.ellipse((margin, margin, scale - margin, scale - margin), fill=(*colour, 255))
    ring = scale // 12
    draw.ellipse(
        (ring, ring, scale - ring, scale - ring), outline=(255, 255, 255, 255), width=scale // 64
    )
    font = pillow_font(SANS_BOLD, scale // 3)
    draw.text((scale / 2, scale / 2), issuer_initials(name), font=font, fill="white", anchor="mm")
    logo = image.resize((LOGO_SIZE, LOGO_SIZE), Image.Resampling.LANCZOS)
    out = BytesIO()
    logo.save(out, format="PNG", optimize=True)
    return out.getvalue()
