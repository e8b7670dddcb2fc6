"""The default badge, as geometry: shapes, colours and placed text on a 512x512 canvas.

Both renderers (SVG text and Pillow pixels) draw this one description, so the PNG
is the same picture as the SVG without needing an SVG renderer. Tiers differ in shape,
colour and number of stars, so they stay distinguishable in greyscale and for colour-blind
viewers. Text is measured with the bundled DejaVu Sans Bold, one of the widest common
sans faces, so a browser falling back to another sans font only ever gets narrower text.
"""

import math
from dataclasses import dataclass
from functools import lru_cache, partial
from typing import Literal

from credentials.presentation.fonts import SANS_BOLD
from credentials.presentation.fonts.pillow_fonts import text_width
from credentials.presentation.fonts.text_fit import fit_text_in_box
from credentials.presentation.pdf_certificate_wording import tier_display_name

BADGE_SIZE = 512
CENTRE = BADGE_SIZE / 2
NAME_MAX_WIDTH = 300.0
NAME_BOX_TOP = 204.0
NAME_BOX_BOTTOM = 348.0
LINE_HEIGHT = 1.16
DESIGNS_CACHED = 256

ShapeKind = Literal["circle", "hexagon", "rosette"]
Point = tuple[float, float]


@dataclass(frozen=True, slots=True)
class TierStyle:
    outer_shape: ShapeKind
    inner_shape: ShapeKind
    outer_colour: str
    inner_colour: str
    accent_colour: str
    text_colour: str
    stars: int


TIER_STYLES: dict[str, TierStyle] = {
    "foundation": TierStyle("circle", "circle", "#0F4C5C", "#1B7F8C", "#A8DADC", "#FFFFFF", 1),
    "practitioner": TierStyle("hexagon", "hexagon", "#2B2A6B", "#4B47B8", "#C9C7F2", "#FFFFFF", 2),
    "expert": TierStyle("rosette", "circle", "#7A5410", "#E0AE3A", "#FFF3CF", "#2B1D00", 3),
}
OTHER_TIER_STYLE = TierStyle("circle", "circle", "#343E4C", "#5A6677", "#D5DAE1", "#FFFFFF", 0)
"""For tiers an admin defined beyond the three defaults."""


@dataclass(frozen=True, slots=True)
class Circle:
    cx: float
    cy: float
    r: float


@dataclass(frozen=True, slots=True)
class Polygon:
    points: tuple[Point, ...]


Outline = Circle | Polygon


@dataclass(frozen=True, slots=True)
class PlacedText:
    text: str
    x: float
    baseline: float
    size: float


@dataclass(frozen=True, slots=True)
class BadgeDesign:
    title: str
    style: TierStyle
    outer: Outline
    inner: Outline
    ring: Outline
    ring_width: float
    divider: tuple[Point, Point]
    tier_label: PlacedText
    name_lines: tuple[PlacedText, ...]
    stars: tuple[Polygon, ...]


def style_for_tier(tier: str) -> TierStyle:
    return TIER_STYLES.get(tier.strip().lower(), OTHER_TIER_STYLE)


@lru_cache(maxsize=DESIGNS_CACHED)
def badge_design(certification_name: str, tier: str) -> BadgeDesign:
    """The design is immutable and depends only on the name and tier, and a programme has
    few of those: measuring the name's text is done once, not on every certificate."""
    style = style_for_tier(tier)
    tier_name = tier_display_name(tier)
    fitted = fit_text_in_box(
        certification_name,
        measure=partial(text_width, SANS_BOLD),
        max_width=NAME_MAX_WIDTH,
        max_height=NAME_BOX_BOTTOM - NAME_BOX_TOP,
        line_height=LINE_HEIGHT,
        max_lines=3,
        largest_size=46,
        smallest_size=18,
    )
    line_pitch = fitted.size * LINE_HEIGHT
    block_top = (NAME_BOX_TOP + NAME_BOX_BOTTOM - line_pitch * len(fitted.lines)) / 2
    name_lines = tuple(
        PlacedText(line, CENTRE, block_top + (index + 0.78) * line_pitch, fitted.size)
        for index, line in enumerate(fitted.lines)
    )
    return BadgeDesign(
        title=f"{certification_name.strip()} ({tier_name} badge)",
        style=style,
        outer=outline(style.outer_shape, 246),
        inner=outline(style.inner_shape, 212),
        ring=outline(style.inner_shape, 196),
        ring_width=4,
        divider=((CENTRE - 42, 190), (CENTRE + 42, 190)),
        tier_label=PlacedText(tier_name.upper(), CENTRE, 170, 24),
        name_lines=name_lines,
        stars=_stars(style.stars),
    )


def outline(kind: ShapeKind, radius: float) -> Outline:
    if kind == "circle":
        return Circle(CENTRE, CENTRE, radius)
    if kind == "hexagon":
        return Polygon(_star_points(6, radius, radius, rotation=-90))
    return Polygon(_star_points(24, radius, radius * 0.93, rotation=-90))


def _stars(count: int) -> tuple[Polygon, ...]:
    spacing = 46
    first_x = CENTRE - spacing * (count - 1) / 2
    return tuple(
        Polygon(_star_points(5, 17, 7, rotation=-90, centre=(first_x + index * spacing, 376)))
        for index in range(count)
    )


def _star_points(
    tips: int,
    outer_radius: float,
    inner_radius: float,
    *,
    rotation: float,
    centre: Point = (CENTRE, CENTRE),
) -> tuple[Point, ...]:
    """Vertices alternating between the two radii; equal radii give a regular polygon."""
    vertices = tips if outer_radius == inner_radius else tips * 2
    points: list[Point] = []
    for index in range(vertices):
        radius = outer_radius if index % 2 == 0 or vertices == tips else inner_radius
        angle = math.radians(rotation + index * 360 / vertices)
        points.append(
            (
                round(centre[0] + radius * math.cos(angle), 2),
                round(centre[1] + radius * math.sin(angle), 2),
            )
        )
    return tuple(points)
