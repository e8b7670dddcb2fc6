"""The default badge image of a certification: SVG for the web, PNG for baking and upload.

Certifications without their own artwork get this generated badge; both formats draw the
same `badge_design`, so they look alike. Both can be baked (see `credentials.baking.bake`).
"""

from io import BytesIO
from xml.sax.saxutils import escape, quoteattr

from PIL import Image, ImageDraw

from credentials.presentation.badge_image_design import (
    BADGE_SIZE,
    BadgeDesign,
    Circle,
    Outline,
    PlacedText,
    badge_design,
)
from credentials.presentation.fonts import SANS_BOLD
from credentials.presentation.fonts.pillow_fonts import pillow_font

_SUPERSAMPLING = 4
"""Pillow draws shapes without anti-aliasing; drawing 4x larger and averaging each 4x4
block back into one pixel smooths the edges."""

_FONT_FAMILY = "DejaVu Sans, Verdana, Arial, sans-serif"


def render_badge_svg(certification_name: str, tier: str) -> str:
    """A 512x512 SVG badge naming the certification, styled by tier."""
    design = badge_design(certification_name, tier)
    style = design.style
    (x1, y1), (x2, y2) = design.divider
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>\n',
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{BADGE_SIZE}" height="{BADGE_SIZE}"'
        f' viewBox="0 0 {BADGE_SIZE} {BADGE_SIZE}" role="img"'
        f" aria-label={quoteattr(design.title)}>",
        f"<title>{escape(design.title)}</title>",
        _svg_outline(design.outer, f'fill="{style.outer_colour}"'),
        _svg_outline(design.inner, f'fill="{style.inner_colour}"'),
        _svg_outline(
            design.ring,
            f'fill="none" stroke="{style.accent_colour}" stroke-width="{_n(design.ring_width)}"',
        ),
        f'<line x1="{_n(x1)}" y1="{_n(y1)}" x2="{_n(x2)}" y2="{_n(y2)}"'
        f' stroke="{style.accent_colour}" stroke-width="3" stroke-linecap="round"/>',
        f'<g font-family="{_FONT_FAMILY}" font-weight="bold" text-anchor="middle"'
        f' fill="{style.text_colour}">',
        *(_svg_text(line) for line in (design.tier_label, *design.name_lines)),
        "</g>",
        *(_svg_outline(star, f'fill="{style.accent_colour}"') for star in design.stars),
        "</svg>\n",
    ]
    return "".join(parts)


def render_badge_png(certification_name: str, tier: str) -> bytes:
    """The same badge as `render_badge_svg`, as a 512x512 RGBA PNG."""
    output = BytesIO()
    render_badge_image(certification_name, tier).save(output, format="PNG")
    return output.getvalue()


def render_badge_image(certification_name: str, tier: str) -> Image.Image:
    """The badge as a 512x512 RGBA Pillow image, for composing into other pictures."""
    design = badge_design(certification_name, tier)
    image = _draw(design, scale=_SUPERSAMPLING)
    return _downsample(image, _SUPERSAMPLING)


def _downsample(image: Image.Image, factor: int) -> Image.Image:
    """Average `factor` x `factor` blocks, with colour weighted by alpha so the edges
    against transparency do not darken."""
    return image.convert("RGBa").reduce(factor).convert("RGBA")


def _draw(design: BadgeDesign, scale: int) -> Image.Image:
    style = design.style
    image = Image.new("RGBA", (BADGE_SIZE * scale, BADGE_SIZE * scale), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    _draw_outline(draw, design.outer, scale, fill=style.outer_colour)
    _draw_outline(draw, design.inner, scale, fill=style.inner_colour)
    _draw_outline(draw, design.ring, scale, outline=style.accent_colour, width=design.ring_width)
    (x1, y1), (x2, y2) = design.divider
    draw.line(
        [(x1 * scale, y1 * scale), (x2 * scale, y2 * scale)],
        fill=style.accent_colour,
        width=3 * scale,
    )
    for text in (design.tier_label, *design.name_lines):
        font = pillow_font(SANS_BOLD, text.size * scale)
        position = (text.x * scale, text.baseline * scale)
        draw.text(position, text.text, font=font, fill=style.text_colour, anchor="ms")
    for star in design.stars:
        _draw_outline(draw, star, scale, fill=style.accent_colour)
    return image


def _draw_outline(
    draw: ImageDraw.ImageDraw,
    shape: Outline,
    scale: int,
    *,
    fill: str | None = None,
    outline: str | None = None,
    width: float = 0,
) -> None:
    stroke = round(width * scale)
    if isinstance(shape, Circle):
        half = stroke / 2
        box = (
            (shape.cx - shape.r) * scale - half,
            (shape.cy - shape.r) * scale - half,
            (shape.cx + shape.r) * scale + half,
            (shape.cy + shape.r) * scale + half,
        )
        draw.ellipse(box, fill=fill, outline=outline, width=stroke)
    else:
        points = [(x * scale, y * scale) for x, y in shape.points]
        draw.polygon(points, fill=fill, outline=outline, width=stroke)


def _svg_outline(shape: Outline, paint: str) -> str:
    if isinstance(shape, Circle):
        return f'<circle cx="{_n(shape.cx)}" cy="{_n(shape.cy)}" r="{_n(shape.r)}" {paint}/>'
    points = " ".join(f"{_n(x)},{_n(y)}" for x, y in shape.points)
    return f'<polygon points="{points}" {paint}/>'


def _svg_text(text: PlacedText) -> str:
    return (
        f'<text x="{_n(text.x)}" y="{_n(text.baseline)}" font-size="{_n(text.size)}">'
        f"{escape(text.text)}</text>"
    )


def _n(value: float) -> str:
    """Compact, stable number formatting for SVG attributes."""
    return f"{value:.2f}".rstrip("0").rstrip(".")
