"""Raster badge uploads: bounded before decoding, re-encoded as small clean PNGs."""

import time
from datetime import date
from io import BytesIO

import pytest
from PIL import Image

from credentials.baking.png import iter_chunks
from credentials.presentation.badge_upload import (
    MAX_BADGE_UPLOAD_BYTES,
    BadgeRefused,
    clean_badge,
    neutralise_stored_badge,
)
from credentials.presentation.badge_upload_raster import MAX_STORED_SIDE
from credentials.presentation.share_image import ShareImageData, render_share_image
from tests.support.hostile_images import (
    corrupt_png,
    jpeg,
    one_bit_png,
    photo_png,
    png_bomb,
    png_with_bad_zlib,
    truncated_png,
)


def chunk_kinds(png: bytes) -> list[bytes]:
    return [chunk.kind for chunk in iter_chunks(png)]


def test_a_decompression_bomb_is_refused_without_decoding() -> None:
    bomb = png_bomb()
    assert len(bomb) < 200 * 1024
    started = time.perf_counter()
    with pytest.raises(BadgeRefused, match="40000x40000 pixels"):
        clean_badge(bomb, "image/png")
    assert time.perf_counter() - started < 0.5
    assert neutralise_stored_badge(bomb, "image/png") is None


def test_a_12000_pixel_square_is_refused() -> None:
    with pytest.raises(BadgeRefused, match="12000x12000 pixels"):
        clean_badge(one_bit_png(12_000, 12_000), "image/png")


@pytest.mark.parametrize(
    ("data", "phrase"),
    [
        (corrupt_png(), "CRC mismatch"),
        (truncated_png(), "truncated"),
        (png_with_bad_zlib(), "not a readable PNG"),
        (b"GIF89a" + b"\x00" * 64, "signature"),
        (b"", "signature"),
    ],
    ids=["corrupt", "truncated", "bad zlib", "not a PNG", "empty"],
)
def test_damaged_pngs_are_refused(data: bytes, phrase: str) -> None:
    with pytest.raises(BadgeRefused) as refused:
        clean_badge(data, "image/png")
    assert phrase in refused.value.reasons[0]
    assert neutralise_stored_badge(data, "image/png") is None


def test_large_images_are_downscaled_and_stripped_of_metadata() -> None:
    source = photo_png(3000, 2000, metadata=True)
    assert {b"tEXt", b"zTXt", b"pHYs"} <= set(chunk_kinds(source))
    cleaned = clean_badge(source, "image/png")
    assert cleaned.media_type == "image/png"
    assert chunk_kinds(cleaned.content) == [b"IHDR", b"IDAT", b"IEND"]
    with Image.open(BytesIO(cleaned.content)) as image:
        assert image.size == (MAX_STORED_SIDE, 683)
        assert image.mode == "RGBA"


def test_small_images_keep_their_size_and_pixels() -> None:
    source = photo_png(300, 200)
    cleaned = clean_badge(source, "image/png")
    with Image.open(BytesIO(source)) as before, Image.open(BytesIO(cleaned.content)) as after:
        assert after.size == (300, 200)
        assert after.tobytes() == before.tobytes()


@pytest.mark.parametrize("media_type", ["image/jpeg", "image/webp"])
def test_jpeg_and_webp_are_stored_as_png(media_type: str) -> None:
    if media_type == "image/jpeg":
        source = jpeg(2048, 1024)
    else:
        output = BytesIO()
        Image.new("RGBA", (64, 48), (10, 20, 30, 40)).save(output, "WEBP")
        source = output.getvalue()
    cleaned = clean_badge(source, media_type)
    assert cleaned.media_type == "image/png"
    with Image.open(BytesIO(cleaned.content)) as image:
        assert image.format == "PNG" and max(image.size) <= MAX_STORED_SIDE


def test_the_declared_type_must_match_the_bytes() -> None:
    with pytest.raises(BadgeRefused, match="JPEG"):
        clean_badge(photo_png(8, 8), "image/jpeg")
    with pytest.raises(BadgeRefused, match="PNG"):
        clean_badge(jpeg(8, 8), "image/png")
    with pytest.raises(BadgeRefused, match="send one of"):
        clean_badge(photo_png(8, 8), "image/gif")


def test_sixteen_bit_greyscale_is_accepted() -> None:
    output = BytesIO()
    Image.new("I;16", (40, 20), 4000).save(output, "PNG")
    cleaned = clean_badge(output.getvalue(), "image/png")
    assert Image.open(BytesIO(cleaned.content)).size == (40, 20)


def test_oversized_bodies_are_refused() -> None:
    with pytest.raises(BadgeRefused, match="larger than"):
        clean_badge(b"\x89PNG\r\n\x1a\n" + b"\x00" * MAX_BADGE_UPLOAD_BYTES, "image/png")


def test_a_stored_badge_is_cheap_to_draw_into_share_images() -> None:
    """The 4-second share image came from a 12000x12000 badge; a cleaned one is bounded."""
    largest = clean_badge(photo_png(4096, 4096), "image/png").content
    data = ShareImageData(
        achievement_name="Cloud",
        tier="expert",
        holder_name="Ada",
        issuer_name="Accredo",
        issued_on=date(2026, 1, 1),
        badge_image=largest,
    )
    started = time.perf_counter()
    render_share_image(data)
    assert time.perf_counter() - started < 1.5


def test_exif_orientation_is_applied_before_the_exif_is_dropped() -> None:
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: rotate 90 degrees clockwise to display
    output = BytesIO()
    Image.new("RGB", (80, 40), "navy").save(output, "JPEG", exif=exif.tobytes())
    cleaned = clean_badge(output.getvalue(), "image/jpeg")
    with Image.open(BytesIO(cleaned.content)) as image:
        assert image.size == (40, 80)
        assert not image.getexif()
