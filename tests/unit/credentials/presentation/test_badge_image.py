"""The generated default badge: one design, as SVG and as PNG, distinct per tier."""

import io
import itertools
import xml.etree.ElementTree as ET

import pytest
from PIL import Image

from credentials.baking.bake import bake_png, bake_svg, extract_png, extract_svg
from credentials.presentation.badge_image import render_badge_png, render_badge_svg
from credentials.presentation.badge_image_design import TIER_STYLES, Circle, badge_design

SVG = "{http://www.w3.org/2000/svg}"
TIERS = ("foundation", "practitioner", "expert")
NAME = "Zero-Trust <Networking> & Łódź Ops"


def png_image(tier: str, name: str = NAME) -> Image.Image:
    image = Image.open(io.BytesIO(render_badge_png(name, tier)))
    image.load()
    return image


def rgb(colour: str) -> tuple[int, int, int]:
    return (int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16))


def pixel(image: Image.Image, x: float, y: float) -> tuple[int, ...]:
    value = image.getpixel((round(x), round(y)))
    assert isinstance(value, tuple)
    return value


def close(rgba: tuple[int, ...], colour: str, tolerance: int = 4) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(rgba[:3], rgb(colour), strict=True))


@pytest.mark.parametrize("tier", TIERS)
def test_svg_is_well_formed_512_square_with_the_name_escaped(tier: str) -> None:
    svg = render_badge_svg(NAME, tier)
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    assert (root.get("width"), root.get("height"), root.get("viewBox")) == (
        "512",
        "512",
        "0 0 512 512",
    )
    assert "<Networking>" not in svg and "&lt;Networking&gt; &amp; Łódź" in svg
    texts = " ".join(element.text or "" for element in root.iter(f"{SVG}text"))
    assert " ".join(texts.split()).endswith(NAME)
    assert tier.upper() in texts
    assert NAME in (root.findtext(f"{SVG}title") or "")


def test_tiers_differ_in_shape_colour_and_stars() -> None:
    outer_shapes = []
    for tier in TIERS:
        root = ET.fromstring(render_badge_svg("Data", tier))
        shapes = [el for el in root if el.tag in (f"{SVG}circle", f"{SVG}polygon")]
        outer = shapes[0]
        points = len(outer.get("points", "").split())
        stars = [el for el in shapes if len(el.get("points", "").split()) == 10]
        outer_shapes.append((outer.tag, points, outer.get("fill"), len(stars)))
    assert outer_shapes == [
        (f"{SVG}circle", 0, TIER_STYLES["foundation"].outer_colour, 1),
        (f"{SVG}polygon", 6, TIER_STYLES["practitioner"].outer_colour, 2),
        (f"{SVG}polygon", 48, TIER_STYLES["expert"].outer_colour, 3),
    ]
    assert len({style.outer_colour for style in TIER_STYLES.values()}) == 3


@pytest.mark.parametrize("tier", TIERS)
def test_png_is_512_rgba_deterministic_and_draws_the_same_design(tier: str) -> None:
    image = png_image(tier)
    assert (image.format, image.size, image.mode) == ("PNG", (512, 512), "RGBA")
    assert render_badge_png(NAME, tier) == render_badge_png(NAME, tier)
    style = TIER_STYLES[tier]
    assert pixel(image, 0, 0)[3] == 0  # transparent outside the shape
    assert close(pixel(image, 256, 256 - 230), style.outer_colour)
    assert close(pixel(image, 256 - 150, 256), style.inner_colour)
    for star in badge_design(NAME, tier).stars:
        x = sum(point[0] for point in star.points) / len(star.points)
        y = sum(point[1] for point in star.points) / len(star.points)
        assert close(pixel(image, x, y), style.accent_colour, tolerance=12)


def test_png_shapes_differ_between_tiers() -> None:
    masks = {
        tier: png_image(tier, "Data").getchannel("A").point(lambda a: a > 127) for tier in TIERS
    }
    for first, second in itertools.combinations(TIERS, 2):
        differing = sum(
            1
            for a, b in zip(masks[first].getdata(), masks[second].getdata(), strict=True)
            if a != b
        )
        assert differing > 5000, (first, second)


def test_unknown_tier_gets_a_neutral_badge_without_stars() -> None:
    design = badge_design("Data", "Gold-Plus")
    assert design.stars == ()
    assert design.tier_label.text == "GOLD PLUS"
    assert isinstance(design.outer, Circle)
    assert design.style.outer_colour not in {s.outer_colour for s in TIER_STYLES.values()}


def test_long_names_stay_inside_the_text_area() -> None:
    design = badge_design("Supercalifragilisticexpialidocious " * 6, "expert")
    assert len(design.name_lines) <= 3
    assert design.name_lines[-1].text.endswith("…")
    first, last = design.name_lines[0], design.name_lines[-1]
    assert first.baseline - first.size > 190  # below the divider
    assert last.baseline < 360  # above the stars


def test_default_badges_can_be_baked() -> None:
    credential = '{"type": ["VerifiableCredential", "OpenBadgeCredential"]}'
    assert extract_png(bake_png(render_badge_png(NAME, "expert"), credential)) == credential
    assert extract_svg(bake_svg(render_badge_svg(NAME, "expert"), credential)) == credential
