"""The status stamp on the share image: a full-width band with the word and the date, and
the word stamped diagonally across the badge, legible at the thumbnail size link previews use.
"""

from PIL import Image, ImageDraw

from credentials.presentation.fonts import SANS_BOLD
from credentials.presentation.fonts.pillow_fonts import pillow_font
from credentials.presentation.status_stamp import StatusStamp

STAMP_BAND_HEIGHT = 64
BAND_FONT_SIZE = 30
DIAGONAL_ANGLE = 24


def draw_share_stamp(image: Image.Image, stamp: StatusStamp, panel_width: int) -> None:
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, image.width, STAMP_BAND_HEIGHT), fill=stamp.colour)
    size = BAND_FONT_SIZE
    font = pillow_font(SANS_BOLD, size)
    while size > 14 and font.getlength(stamp.line) > image.width - 48:
        size -= 2
        font = pillow_font(SANS_BOLD, size)
    draw.text(
        (image.width / 2, STAMP_BAND_HEIGHT / 2), stamp.line, font=font, fill="white", anchor="mm"
    )
    _diagonal_word(image, stamp, panel_width)


def _diagonal_word(image: Image.Image, stamp: StatusStamp, panel_width: int) -> None:
    size = 72
    font = pillow_font(SANS_BOLD, size)
    while size > 20 and font.getlength(stamp.word) > panel_width * 0.95:
        size -= 4
        font = pillow_font(SANS_BOLD, size)
    text_width = round(font.getlength(stamp.word))
    pad = size // 4
    label = Image.new("RGBA", (text_width + 2 * pad, size + 2 * pad), (0, 0, 0, 0))
    draw = ImageDraw.Draw(label)
    draw.rounded_rectangle(
        (2, 2, label.width - 3, label.height - 3),
        radius=12,
        fill=(255, 255, 255, 215),
        outline=stamp.colour,
        width=6,
    )
    draw.text(
        (label.width / 2, label.height / 2), stamp.word, font=font, fill=stamp.colour, anchor="mm"
    )
    turned = label.rotate(DIAGONAL_ANGLE, expand=True, resample=Image.Resampling.BICUBIC)
    centre_y = STAMP_BAND_HEIGHT + (image.height - STAMP_BAND_HEIGHT) // 2
    position = ((panel_width - turned.width) // 2, centre_y - turned.height // 2)
    image.paste(turned, position, turned)
