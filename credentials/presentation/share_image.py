"""The Open Graph / LinkedIn preview picture of a public credential page (1200x627 PNG).

Crawlers show this image next to a shared link, so it must state the achievement, its
tier, who holds it, who issued it and when, legibly at thumbnail size. Free text is
fitted (shrunk, wrapped, and only then truncated) so no name ever leaves its box. The
same input gives the same bytes, so the image can be cached and served with an ETag.
"""

from dataclasses import dataclass
from datetime import date
from functools import partial
from io import BytesIO
from pathlib import Path

from PIL import Image, ImageDraw

from credentials.presentation.badge_image import render_badge_image
from credentials.presentation.badge_image_design import style_for_tier
from credentials.presentation.fonts import SANS_BOLD, SANS_REGULAR
from credentials.presentation.fonts.pillow_fonts import pillow_font, text_width
from credentials.presentation.fonts.text_fit import (
    FittedText,
    fit_text,
    fit_text_in_box,
    truncate_to_width,
)
from credentials.presentation.pdf_certificate_wording import long_date, tier_label
from credentials.presentation.share_image_stamp import STAMP_BAND_HEIGHT, draw_share_stamp
from credentials.presentation.status_stamp import StatusStamp

SHARE_IMAGE_WIDTH = 1200
SHARE_IMAGE_HEIGHT = 627
PANEL_WIDTH = 440
BADGE_BOX = 360
TEXT_LEFT = PANEL_WIDTH + 64
TEXT_WIDTH = SHARE_IMAGE_WIDTH - TEXT_LEFT - 60
LINE_HEIGHT = 1.18
BACKGROUND = "#F7F8FB"
INK = "#111827"
MUTED = "#566072"


@dataclass(frozen=True, kw_only=True, slots=True)
class ShareImageData:
    achievement_name: str
    tier: str
    holder_name: str
    issuer_name: str
    issued_on: date
    badge_image: bytes | None = None
    """The certification's own badge artwork (PNG, JPEG ...); the generated tier badge
    is shown when there is none."""
    stamp: StatusStamp | None = None
    """Set when the credential is not valid: a band and a diagonal word say so."""

    def __post_init__(self) -> None:
        for field_name in ("achievement_name", "holder_name", "issuer_name"):
            if not getattr(self, field_name).strip():
                raise ValueError(f"{field_name} is empty")


@dataclass(frozen=True, slots=True)
class _Block:
    """Lines of one font and colour, stacked from `top`."""

    fitted: FittedText
    font: Path
    colour: str
    gap_before: float


def render_share_image(data: ShareImageData) -> bytes:
    """The share picture as PNG bytes (RGB, 1200x627)."""
    style = style_for_tier(data.tier)
    image = Image.new("RGB", (SHARE_IMAGE_WIDTH, SHARE_IMAGE_HEIGHT), BACKGROUND)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, PANEL_WIDTH, SHARE_IMAGE_HEIGHT), fill=_shade(style.outer_colour, 0.55))
    badge = _panel_badge(data)
    position = ((PANEL_WIDTH - badge.width) // 2, (SHARE_IMAGE_HEIGHT - badge.height) // 2)
    image.paste(badge, position, badge)
    top = STAMP_BAND_HEIGHT if data.stamp is not None else 0
    _draw_text_column(image, data, style.inner_colour, style.text_colour, top)
    if data.stamp is not None:
        draw_share_stamp(image, data.stamp, PANEL_WIDTH)
    output = BytesIO()
    image.save(output, format="PNG")
    return output.getvalue()


def _panel_badge(data: ShareImageData) -> Image.Image:
    """The badge scaled to fit the panel's 360x360 box, keeping its proportions."""
    if data.badge_image is None:
        badge = render_badge_image(data.achievement_name, data.tier)
    else:
        try:
            with Image.open(BytesIO(data.badge_image)) as uploaded:
                badge = uploaded.convert("RGBA")
        except (OSError, Image.DecompressionBombError) as error:
            raise ValueError(f"badge_image is not a readable image: {error}") from error
    badge.thumbnail((BADGE_BOX, BADGE_BOX), Image.Resampling.LANCZOS)
    if badge.width < BADGE_BOX and badge.height < BADGE_BOX:
        scale = BADGE_BOX / max(badge.width, badge.height)
        size = (round(badge.width * scale), round(badge.height * scale))
        badge = badge.resize(size, Image.Resampling.LANCZOS)
    return badge


def _draw_text_column(
    image: Image.Image, data: ShareImageData, pill_colour: str, pill_text: str, area_top: int
) -> None:
    draw = ImageDraw.Draw(image)
    issuer, achievement, awarded, holder, issued = _blocks(data)
    pill_height, pill_gap = 44.0, 22.0
    blocks_height = sum(
        block.gap_before + _height(block.fitted)
        for block in (issuer, achievement, awarded, holder, issued)
    )
    top = area_top + (SHARE_IMAGE_HEIGHT - area_top - blocks_height - pill_height - pill_gap) / 2
    top = _draw_block(draw, issuer, top)
    top = _draw_block(draw, achievement, top)
    top = _draw_tier_pill(image, data.tier, top + pill_gap, pill_height, pill_colour, pill_text)
    for block in (awarded, holder, issued):
        top = _draw_block(draw, block, top)


def _blocks(data: ShareImageData) -> tuple[_Block, ...]:
    def one_line(text: str, font: Path, size: float) -> FittedText:
        return fit_text(
            text,
            measure=partial(text_width, font),
            max_width=TEXT_WIDTH,
            max_lines=1,
            largest_size=size,
            smallest_size=size * 0.75,
        )

    def box(text: str, height: float, lines: int, largest: float, smallest: float) -> FittedText:
        return fit_text_in_box(
            text,
            measure=partial(text_width, SANS_BOLD),
            max_width=TEXT_WIDTH,
            max_height=height,
            line_height=LINE_HEIGHT,
            max_lines=lines,
            largest_size=largest,
            smallest_size=smallest,
        )

    return (
        _Block(one_line(data.issuer_name.upper(), SANS_BOLD, 24), SANS_BOLD, MUTED, 0),
        _Block(box(data.achievement_name, 216, 3, 60, 30), SANS_BOLD, INK, 14),
        _Block(one_line("Awarded to", SANS_REGULAR, 24), SANS_REGULAR, MUTED, 34),
        _Block(box(data.holder_name, 104, 2, 48, 28), SANS_BOLD, INK, 4),
        _Block(
            one_line(f"Issued {long_date(data.issued_on)}", SANS_REGULAR, 24),
            SANS_REGULAR,
            MUTED,
            22,
        ),
    )


def _draw_block(draw: ImageDraw.ImageDraw, block: _Block, top: float) -> float:
    top += block.gap_before
    font = pillow_font(block.font, block.fitted.size)
    for line in block.fitted.lines:
        draw.text((TEXT_LEFT, top), line, font=font, fill=block.colour, anchor="la")
        top += block.fitted.size * LINE_HEIGHT
    return top


def _draw_tier_pill(
    image: Image.Image, tier: str, top: float, height: float, fill: str, ink: str
) -> float:
    font = pillow_font(SANS_BOLD, 20)
    label = truncate_to_width(tier_label(tier), font.getlength, TEXT_WIDTH - 44)
    width = round(font.getlength(label) + 44)
    pill = _smooth_pill(width, round(height), fill)
    image.paste(pill, (TEXT_LEFT, round(top)), pill)
    ImageDraw.Draw(image).text(
        (TEXT_LEFT + width / 2, top + height / 2), label, font=font, fill=ink, anchor="mm"
    )
    return top + height


def _smooth_pill(width: int, height: int, fill: str) -> Image.Image:
    """A rounded label drawn 4x larger and scaled down: Pillow does not anti-alias shapes."""
    large = Image.new("RGBA", (width * 4, height * 4), (0, 0, 0, 0))
    ImageDraw.Draw(large).rounded_rectangle(
        (0, 0, width * 4 - 1, height * 4 - 1), radius=height * 2, fill=fill
    )
    return large.convert("RGBa").reduce(4).convert("RGBA")


def _height(fitted: FittedText) -> float:
    return fitted.size * LINE_HEIGHT * len(fitted.lines)


def _shade(colour: str, factor: float) -> str:
    """`colour` darkened towards black by `factor` (0 = unchanged)."""
    channels = (int(colour[index : index + 2], 16) for index in (1, 3, 5))
    return "#" + "".join(f"{round(channel * (1 - factor)):02X}" for channel in channels)
