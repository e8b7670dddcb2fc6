"""The 1200x627 Open Graph / LinkedIn share picture."""

import io
from dataclasses import replace
from datetime import date

import pytest
from PIL import Image, ImageChops

from credentials.presentation.share_image import (
    BACKGROUND,
    PANEL_WIDTH,
    SHARE_IMAGE_HEIGHT,
    SHARE_IMAGE_WIDTH,
    ShareImageData,
    render_share_image,
)

SAMPLE = ShareImageData(
    achievement_name="Cloud Security Practitioner",
    tier="practitioner",
    holder_name="Zoë Ñúñez",
    issuer_name="Accredo Academy",
    issued_on=date(2026, 3, 7),
)
LONG = ShareImageData(
    achievement_name=(
        "Certified Distributed Systems Reliability and Observability Engineering Expert "
        "for Large-Scale Production Platforms and Everything Around Them"
    ),
    tier="expert",
    holder_name="Maximiliana Wąsowska-Grzegorczyk von Hohenzollern-Sigmaringen de la Cruz "
    "y Montoya Łukasz Dvořák Erdős",
    issuer_name="International Institute of Software Engineering Certification and Standards",
    issued_on=date(2026, 12, 31),
)
NO_SPACES = replace(
    LONG,
    holder_name="Wolfeschlegelsteinhausenbergerdorff" * 4,
    achievement_name="Pneumonoultramicroscopicsilicovolcanoconiosis" * 3,
)


def decode(png: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(png))
    image.load()
    return image


def test_is_a_1200_by_627_rgb_png() -> None:
    image = decode(render_share_image(SAMPLE))
    assert (image.format, image.size, image.mode) == ("PNG", (1200, 627), "RGB")


def test_same_input_same_bytes_and_any_change_shows() -> None:
    first = render_share_image(SAMPLE)
    assert render_share_image(SAMPLE) == first
    for change in (
        {"holder_name": "Zoe Nunez"},
        {"achievement_name": "Cloud Security Expert"},
        {"tier": "expert"},
        {"issuer_name": "Accredo"},
        {"issued_on": date(2026, 3, 8)},
    ):
        assert render_share_image(replace(SAMPLE, **change)) != first, change


def text_column_ink(image: Image.Image) -> tuple[int, int, int, int] | None:
    """Bounding box of everything drawn on the text side."""
    column = image.crop((PANEL_WIDTH + 1, 0, SHARE_IMAGE_WIDTH, SHARE_IMAGE_HEIGHT))
    background = Image.new("RGB", column.size, BACKGROUND)
    return ImageChops.difference(column, background).getbbox()


@pytest.mark.parametrize("data", [SAMPLE, LONG, NO_SPACES], ids=["short", "long", "unbroken"])
def test_text_never_leaves_its_margins(data: ShareImageData) -> None:
    box = text_column_ink(decode(render_share_image(data)))
    assert box is not None
    left, top, right, bottom = box
    column_width = SHARE_IMAGE_WIDTH - PANEL_WIDTH - 1
    assert left >= 50  # the pill and text start at the column margin
    assert right <= column_width - 55  # TEXT_WIDTH ends 60 px before the edge
    assert top >= 30 and bottom <= SHARE_IMAGE_HEIGHT - 30


def test_panel_shows_the_tier_badge() -> None:
    image = decode(render_share_image(SAMPLE))
    panel_colours = image.crop((0, 0, PANEL_WIDTH, SHARE_IMAGE_HEIGHT)).getcolors(maxcolors=100_000)
    assert panel_colours is not None and len(panel_colours) > 50


def test_the_certifications_own_badge_artwork_is_used_when_given() -> None:
    artwork = Image.new("RGBA", (90, 60), (255, 0, 0, 255))
    output = io.BytesIO()
    artwork.save(output, format="PNG")
    image = decode(render_share_image(replace(SAMPLE, badge_image=output.getvalue())))
    centre = image.getpixel((PANEL_WIDTH // 2, SHARE_IMAGE_HEIGHT // 2))
    assert centre == (255, 0, 0)
    # scaled up to the 360 px box, proportions kept: 360 x 240 px of red
    counts = {colour: count for count, colour in image.getcolors(maxcolors=1_000_000) or []}
    red = counts[(255, 0, 0)]
    assert 360 * 240 * 0.97 < red <= 360 * 240


def test_unreadable_badge_artwork_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="badge_image"):
        render_share_image(replace(SAMPLE, badge_image=b"not an image"))


@pytest.mark.parametrize("field_name", ["achievement_name", "holder_name", "issuer_name"])
def test_blank_names_are_rejected(field_name: str) -> None:
    with pytest.raises(ValueError, match=field_name):
        replace(SAMPLE, **{field_name: "  "})  # type: ignore[arg-type]
