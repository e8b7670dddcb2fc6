"""Open Badges 3.0 PNG baking: an uncompressed iTXt `openbadgecredential` chunk."""

import io
import json
import struct
import zlib

import pytest
from PIL import Image, PngImagePlugin

from credentials.baking.bake import BakingError, bake_png, extract_png

CREDENTIAL = json.dumps(
    {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": "Zoë Ñúñez — Łukasz",
    },
    ensure_ascii=False,
)
JWS = "eyJhbGciOiJFUzI1NiJ9.eyJ2YyI6e319.c2lnbmF0dXJl"


def make_png(text_chunk: str | None = None) -> bytes:
    image = Image.new("RGB", (8, 6), (10, 120, 200))
    image.putpixel((3, 2), (250, 0, 0))
    info = PngImagePlugin.PngInfo()
    if text_chunk is not None:
        info.add_text("Comment", text_chunk)
    output = io.BytesIO()
    image.save(output, format="PNG", pnginfo=info)
    return output.getvalue()


def chunks(png: bytes) -> list[tuple[bytes, bytes]]:
    """Independent chunk walk that asserts every CRC."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    offset, found = 8, []
    while offset < len(png):
        (length,) = struct.unpack(">I", png[offset : offset + 4])
        kind = png[offset + 4 : offset + 8]
        data = png[offset + 8 : offset + 8 + length]
        (crc,) = struct.unpack(">I", png[offset + 8 + length : offset + 12 + length])
        assert crc == zlib.crc32(kind + data), kind
        found.append((kind, data))
        offset += 12 + length
    return found


def raw_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def test_round_trip_json() -> None:
    assert extract_png(bake_png(make_png(), CREDENTIAL)) == CREDENTIAL


def test_round_trip_compact_jws() -> None:
    assert extract_png(bake_png(make_png(), JWS)) == JWS


def test_baked_png_has_valid_crcs_and_opens_in_pillow() -> None:
    baked = bake_png(make_png(), CREDENTIAL)
    chunks(baked)
    image = Image.open(io.BytesIO(baked))
    image.load()
    assert isinstance(image, PngImagePlugin.PngImageFile)
    assert image.size == (8, 6)
    assert image.text["openbadgecredential"] == CREDENTIAL


def test_pixels_are_unchanged() -> None:
    original = make_png()
    before = Image.open(io.BytesIO(original)).tobytes()
    after = Image.open(io.BytesIO(bake_png(original, CREDENTIAL))).tobytes()
    assert after == before


def test_chunk_is_uncompressed_itxt_right_before_iend() -> None:
    found = chunks(bake_png(make_png(), CREDENTIAL))
    assert found[-1][0] == b"IEND"
    kind, data = found[-2]
    assert kind == b"iTXt"
    expected_header = b"openbadgecredential\x00" + b"\x00\x00" + b"\x00" + b"\x00"
    assert data == expected_header + CREDENTIAL.encode("utf-8")


def test_other_chunks_are_kept_byte_for_byte() -> None:
    original = make_png(text_chunk="made by a test")
    original_chunks = chunks(original)
    baked_chunks = chunks(bake_png(original, CREDENTIAL))
    assert [chunk for chunk in baked_chunks if chunk[0] != b"iTXt"] == original_chunks


def test_baking_again_replaces_the_credential() -> None:
    twice = bake_png(bake_png(make_png(), CREDENTIAL), JWS)
    credential_chunks = [
        data for kind, data in chunks(twice) if data.startswith(b"openbadgecredential\x00")
    ]
    assert len(credential_chunks) == 1
    assert extract_png(twice) == JWS


def test_extract_returns_none_for_an_unbaked_png() -> None:
    assert extract_png(make_png(text_chunk="not a badge")) is None


@pytest.mark.parametrize(
    "not_png",
    [b"", b"GIF89a\x01\x00\x01\x00", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", b"<svg/>"],
    ids=["empty", "gif", "jpeg", "svg"],
)
def test_non_png_input_is_rejected(not_png: bytes) -> None:
    with pytest.raises(BakingError, match="not a PNG"):
        bake_png(not_png, CREDENTIAL)
    with pytest.raises(BakingError, match="not a PNG"):
        extract_png(not_png)


def test_corrupt_crc_is_rejected() -> None:
    png = bytearray(make_png())
    png[29] ^= 0xFF  # last byte of the IHDR CRC
    with pytest.raises(BakingError, match="CRC"):
        bake_png(bytes(png), CREDENTIAL)


def test_truncated_png_is_rejected() -> None:
    with pytest.raises(BakingError, match="truncated"):
        bake_png(make_png()[:-20], CREDENTIAL)


def test_compressed_credential_chunk_is_refused_on_extract() -> None:
    original = make_png()
    iend = original.rindex(b"IEND") - 4
    data = b"openbadgecredential\x00\x01\x00\x00\x00" + zlib.compress(CREDENTIAL.encode())
    with pytest.raises(BakingError, match="compress"):
        extract_png(original[:iend] + raw_chunk(b"iTXt", data) + original[iend:])


@pytest.mark.parametrize("not_a_credential", ["", "hello", "[1, 2]", "a.b"])
def test_text_that_is_neither_json_object_nor_jws_is_rejected(not_a_credential: str) -> None:
    with pytest.raises(BakingError):
        bake_png(make_png(), not_a_credential)


def test_baking_error_is_a_value_error() -> None:
    assert issubclass(BakingError, ValueError)
