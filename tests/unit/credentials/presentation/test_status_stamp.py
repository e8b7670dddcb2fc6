"""Stamps on the share image and the certificate of a credential that is not valid."""

import io
import subprocess
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from PIL import Image, ImageChops

from credentials.presentation.pdf_certificate import CertificateData, render_certificate_pdf
from credentials.presentation.share_image import (
    BACKGROUND,
    PANEL_WIDTH,
    SHARE_IMAGE_HEIGHT,
    SHARE_IMAGE_WIDTH,
    ShareImageData,
    render_share_image,
)
from credentials.presentation.share_image_stamp import STAMP_BAND_HEIGHT
from credentials.presentation.status_stamp import StatusStamp
from tests.unit.credentials.presentation.test_share_image import LONG, SAMPLE

REVOKED = StatusStamp(kind="revoked", on=date(2026, 3, 9))
CERTIFICATE = CertificateData(
    holder_name="Zoë Ñúñez",
    achievement_name="Cloud Security Practitioner",
    tier="practitioner",
    issuer_name="Accredo Academy",
    issued_on=date(2026, 3, 7),
    expires_on=date(2027, 3, 7),
    credential_id="abc123",
    verification_url="https://accredo.test/credentials/abc123",
)


def decode(png: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(png))
    image.load()
    return image.convert("RGB")


@pytest.mark.parametrize("data", [SAMPLE, LONG], ids=["short", "long"])
def test_the_share_band_is_clear_of_the_text_and_the_text_stays_in_its_margins(
    data: ShareImageData,
) -> None:
    image = decode(render_share_image(replace(data, stamp=REVOKED)))
    assert image.getpixel((4, 4)) == (0xB9, 0x1C, 0x1C)
    assert image.getpixel((SHARE_IMAGE_WIDTH - 4, STAMP_BAND_HEIGHT - 4)) == (0xB9, 0x1C, 0x1C)
    below_band = image.crop(
        (PANEL_WIDTH + 1, STAMP_BAND_HEIGHT + 1, SHARE_IMAGE_WIDTH, SHARE_IMAGE_HEIGHT)
    )
    ink = ImageChops.difference(below_band, Image.new("RGB", below_band.size, BACKGROUND))
    box = ink.getbbox()
    assert box is not None
    assert box[1] >= 8 and box[3] <= below_band.height - 20


def test_every_stamp_changes_the_share_image_and_none_leaves_it_as_it_was() -> None:
    plain = render_share_image(SAMPLE)
    assert render_share_image(replace(SAMPLE, stamp=None)) == plain
    seen = {plain}
    for kind in ("revoked", "suspended", "expired", "superseded", "pending", "not_verified"):
        stamped = render_share_image(replace(SAMPLE, stamp=StatusStamp(kind=kind, on=None)))
        assert stamped not in seen, kind
        seen.add(stamped)


def test_the_certificate_states_the_stamp_in_text(tmp_path: Path) -> None:
    for kind, expected in (
        ("revoked", "REVOKED on 9 March 2026 · not valid"),
        ("expired", "EXPIRED on 9 March 2026 · not valid"),
        ("suspended", "SUSPENDED on 9 March 2026 · not valid"),
    ):
        stamp = StatusStamp(kind=kind, on=date(2026, 3, 9))  # type: ignore[arg-type]
        pdf = tmp_path / f"{kind}.pdf"
        pdf.write_bytes(render_certificate_pdf(replace(CERTIFICATE, stamp=stamp), "LETTER"))
        text = subprocess.run(
            ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True, text=True
        ).stdout
        assert expected in text, kind
        assert "Zoë Ñúñez" in text and "abc123" in text
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, check=True, text=True)
        assert f"({stamp.word})" in info.stdout
    plain = tmp_path / "plain.pdf"
    plain.write_bytes(render_certificate_pdf(CERTIFICATE))
    text = subprocess.run(
        ["pdftotext", str(plain), "-"], capture_output=True, check=True, text=True
    ).stdout
    assert "not valid" not in text and "REVOKED" not in text


def test_bidi_controls_never_reach_the_pdf_title(tmp_path: Path) -> None:
    pdf = tmp_path / "spoof.pdf"
    spoofed = replace(CERTIFICATE, holder_name="Eve \u202efdp.exe")
    pdf.write_bytes(render_certificate_pdf(spoofed))
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, check=True, text=True)
    assert "\u202e" not in info.stdout and "Eve fdp.exe" in info.stdout
