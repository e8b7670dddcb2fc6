"""Raster badge uploads (PNG, JPEG, WebP), decoded under explicit bounds and re-encoded as PNG.

A PNG's header can claim 40000x40000 pixels while the file is 200 KB of compressed zeros;
decoding it would take gigabytes and seconds. So the size is read from the header first and
refused above `MAX_SOURCE_PIXELS` before a single pixel is decoded (Pillow's own global
`Image.MAX_IMAGE_PIXELS` is process-wide and only a warning below twice its value, so it is
not relied on). Accepted images are decoded once, reduced to at most `MAX_STORED_SIDE` pixels
a side and saved as a fresh PNG without text, EXIF, ICC or any other ancillary chunk, so what
is stored is small, cheap to draw into share images, and carries nothing of the upload but
its pixels. An EXIF orientation is applied to the pixels before the EXIF goes, so photos stay
upright. Animated images keep their first frame.
"""

import struct
from io import BytesIO

from PIL import Image, ImageOps

from credentials.baking import BakingError, iter_chunks
from credentials.presentation.badge_upload_errors import BadgeRefused

MAX_SOURCE_PIXELS = 4096 * 4096
MAX_SOURCE_SIDE = 8192
MAX_STORED_SIDE = 1024
RASTER_FORMATS = {"image/png": "PNG", "image/jpeg": "JPEG", "image/webp": "WEBP"}
_DECODE_ERRORS = (OSError, SyntaxError, ValueError, EOFError)
_IHDR = struct.Struct(">IIBBBBB")


def clean_raster(data: bytes, media_type: str) -> bytes:
    """`data` (of `media_type`) as a clean PNG, at most `MAX_STORED_SIDE` pixels a side."""
    image_format = RASTER_FORMATS[media_type]
    name = image_format if image_format != "WEBP" else "WebP"
    if image_format == "PNG":
        _check_dimensions(_png_structure(data))
    try:
        with Image.open(BytesIO(data), formats=[image_format]) as image:
            _check_dimensions(image.size)
            image.seek(0)
            if image_format == "JPEG":
                image.draft("RGB", (MAX_STORED_SIDE, MAX_STORED_SIDE))
            image.load()
            return _reencode(ImageOps.exif_transpose(image))
    except BadgeRefused:
        raise
    except Image.DecompressionBombError as error:
        raise BadgeRefused([f"the image has more than {MAX_SOURCE_PIXELS} pixels"]) from error
    except _DECODE_ERRORS as error:
        raise BadgeRefused([f"the body is not a readable {name} image: {error}"]) from error


def _png_structure(data: bytes) -> tuple[int, int]:
    """The size its IHDR declares, once every chunk is found in bounds with a matching CRC.

    Pillow skips the CRCs of image data, so a damaged file could decode to garbage; this
    refuses it with the chunk at fault instead, and reads the size before Pillow does.
    """
    try:
        header = next(iter_chunks(data)).data
        for _chunk in iter_chunks(data):
            pass
    except BakingError as error:
        raise BadgeRefused([f"the body is not a valid PNG image: {error}"]) from error
    if len(header) != _IHDR.size:
        raise BadgeRefused(["the body is not a valid PNG image: its IHDR chunk is malformed"])
    width, height = _IHDR.unpack(header)[:2]
    return width, height


def _check_dimensions(size: tuple[int, int]) -> None:
    width, height = size
    if width < 1 or height < 1:
        raise BadgeRefused([f"the image is {width}x{height} pixels: it has no area"])
    if width > MAX_SOURCE_SIDE or height > MAX_SOURCE_SIDE or width * height > MAX_SOURCE_PIXELS:
        raise BadgeRefused(
            [
                f"the image is {width}x{height} pixels; at most {MAX_SOURCE_SIDE} pixels a side "
                f"and {MAX_SOURCE_PIXELS} pixels in all are accepted (badges are stored at "
                f"{MAX_STORED_SIDE} pixels a side at most)"
            ]
        )


def _reencode(image: Image.Image) -> bytes:
    mode = "RGB" if image.mode in ("RGB", "L", "CMYK", "YCbCr") else "RGBA"
    pixels = image.convert(mode)
    if max(pixels.size) > MAX_STORED_SIDE:
        pixels.thumbnail((MAX_STORED_SIDE, MAX_STORED_SIDE), Image.Resampling.LANCZOS, 3.0)
    clean = Image.new(mode, pixels.size)
    clean.paste(pixels)
    output = BytesIO()
    clean.save(output, format="PNG")
    return output.getvalue()
