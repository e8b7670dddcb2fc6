"""The printable PDF certificate, checked through poppler-utils (pdftotext, pdftoppm).

The poppler tools are a test requirement: where they are missing the tests fail and say
how to install them, rather than skip and prove nothing.
"""

import html
import re
import shutil
import subprocess
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
import qrcode
import zxingcpp
from PIL import Image
from qrcode.constants import ERROR_CORRECT_M

from credentials.presentation.pdf_certificate import CertificateData, render_certificate_pdf
from credentials.presentation.pdf_certificate_layout import INNER_FRAME_INSET, certificate_layout
from credentials.presentation.pdf_certificate_qr import QUIET_ZONE_MODULES, qr_modules

SAMPLE = CertificateData(
    holder_name="Zoë Ñúñez",
    achievement_name="Cloud Security Practitioner",
    tier="practitioner",
    issuer_name="Accredo Academy",
    issued_on=date(2026, 3, 7),
    expires_on=date(2029, 3, 7),
    credential_id="urn:uuid:0192f3b4-5c6d-7e8f-9a0b-1c2d3e4f5a6b",
    verification_url="https://verify.accredo.example/c/0192f3b4-5c6d-7e8f-9a0b-1c2d3e4f5a6b",
)
LONG_HOLDER = "Maximiliana Wąsowska-Grzegorczyk von Hohenzollern-Sigmaringen de la Cruz y Montoya"
LONG_ACHIEVEMENT = (
    "Certified Distributed Systems Reliability and Observability Engineering Expert for "
    "Large-Scale Production Platforms"
)


def poppler(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        pytest.fail(
            f"{tool} is missing: these tests need poppler-utils "
            "(Debian/Ubuntu: apt-get install -y poppler-utils)"
        )
    return path


def write_pdf(tmp_path: Path, data: CertificateData, page_size: str = "A4") -> Path:
    path = tmp_path / f"certificate-{page_size}.pdf"
    path.write_bytes(render_certificate_pdf(data, page_size))  # type: ignore[arg-type]
    return path


def pdf_text(pdf: Path) -> str:
    result = subprocess.run(
        [poppler("pdftotext"), "-enc", "UTF-8", str(pdf), "-"],
        check=True,
        capture_output=True,
    )
    return result.stdout.decode("utf-8")


def flat(text: str) -> str:
    return " ".join(text.split())


def words_with_boxes(pdf: Path) -> list[tuple[str, float, float, float, float]]:
    """(word, xMin, yMin, xMax, yMax) in points, y measured from the top of the page."""
    result = subprocess.run(
        [poppler("pdftotext"), "-bbox", "-enc", "UTF-8", str(pdf), "-"],
        check=True,
        capture_output=True,
    )
    pattern = re.compile(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>'
    )
    return [
        (html.unescape(word), float(x0), float(y0), float(x1), float(y1))
        for x0, y0, x1, y1, word in pattern.findall(result.stdout.decode("utf-8"))
    ]


def render_page(pdf: Path, resolution: int) -> Image.Image:
    prefix = pdf.with_suffix("")
    subprocess.run(
        [poppler("pdftoppm"), "-png", "-r", str(resolution), "-singlefile", str(pdf), str(prefix)],
        check=True,
        capture_output=True,
    )
    image = Image.open(prefix.with_suffix(".png"))
    image.load()
    return image.convert("RGB")


def luminance(image: Image.Image, x: float, y: float) -> int:
    value = image.getpixel((round(x), round(y)))
    assert isinstance(value, int | float)
    return int(value)


def test_same_input_gives_identical_bytes() -> None:
    first = render_certificate_pdf(SAMPLE, "A4")
    assert first.startswith(b"%PDF-")
    other = render_certificate_pdf(replace(SAMPLE, holder_name="Ωmega Łukasz"), "LETTER")
    assert other != first
    assert render_certificate_pdf(SAMPLE, "A4") == first  # font subsets do not leak across


@pytest.mark.parametrize(
    ("page_size", "expected"),
    [("A4", (841.89, 595.28)), ("LETTER", (792.0, 612.0))],
)
def test_pages_are_landscape_a4_and_letter(page_size: str, expected: tuple[float, float]) -> None:
    pdf = render_certificate_pdf(SAMPLE, page_size)  # type: ignore[arg-type]
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    assert len(boxes) == 1
    width, height = (float(value) for value in boxes[0])
    assert (width, height) == pytest.approx(expected, abs=0.01)
    assert width > height


def test_unknown_page_size_is_rejected() -> None:
    with pytest.raises(ValueError, match="page size"):
        render_certificate_pdf(SAMPLE, "A5")  # type: ignore[arg-type]


def test_text_extracts_with_every_fact(tmp_path: Path) -> None:
    text = flat(pdf_text(write_pdf(tmp_path, SAMPLE)))
    for expected in (
        "Zoë Ñúñez",
        "Cloud Security Practitioner",
        "PRACTITIONER TIER",
        "Accredo Academy",
        "7 March 2026",
        "7 March 2029",
        SAMPLE.credential_id,
        SAMPLE.verification_url,
    ):
        assert expected in text


def test_names_beyond_latin_1_extract_correctly(tmp_path: Path) -> None:
    data = replace(
        SAMPLE,
        holder_name="Łukasz Wąsowski-Dvořák",
        issuer_name="Őrség Şirketi Ψ",
        expires_on=None,
    )
    text = flat(pdf_text(write_pdf(tmp_path, data)))
    assert "Łukasz Wąsowski-Dvořák" in text
    assert "Őrség Şirketi Ψ" in text
    assert "Does not expire" in text


def test_fonts_are_embedded_subsets_with_unicode_maps(tmp_path: Path) -> None:
    result = subprocess.run(
        [poppler("pdffonts"), str(write_pdf(tmp_path, SAMPLE))], check=True, capture_output=True
    )
    rows = [line.split() for line in result.stdout.decode().splitlines() if "DejaVu" in line]
    assert len(rows) == 3
    for row in rows:
        embedded, subset, unicode_map = row[-5:-2]
        assert (embedded, subset, unicode_map) == ("yes", "yes", "yes"), row


@pytest.mark.parametrize("page_size", ["A4", "LETTER"])
def test_long_names_wrap_inside_the_frame_without_overlap(tmp_path: Path, page_size: str) -> None:
    data = replace(SAMPLE, holder_name=LONG_HOLDER, achievement_name=LONG_ACHIEVEMENT)
    pdf = write_pdf(tmp_path, data, page_size)
    assert LONG_HOLDER in flat(pdf_text(pdf))
    assert LONG_ACHIEVEMENT in flat(pdf_text(pdf))
    layout = certificate_layout(page_size)  # type: ignore[arg-type]
    words = words_with_boxes(pdf)
    for word, x0, y0, x1, y1 in words:
        assert x0 > INNER_FRAME_INSET and x1 < layout.width - INNER_FRAME_INSET, word
        assert y0 > INNER_FRAME_INSET and y1 < layout.height - INNER_FRAME_INSET, word
    certifies_bottom = max(y1 for word, _, _, _, y1 in words if word == "certifies")
    earned_top = min(y0 for word, _, y0, _, _ in words if word == "earned")
    holder_words = [w for w in words if w[0] in LONG_HOLDER.split() and w[0] != "de"]
    assert all(certifies_bottom < y0 and y1 < earned_top for _, _, y0, _, y1 in holder_words)
    assert len({round(y0) for _, _, y0, _, _ in holder_words}) == 2  # wrapped on two lines


def test_absurdly_long_names_are_truncated_not_overflowing(tmp_path: Path) -> None:
    data = replace(
        SAMPLE,
        holder_name="Wolfeschlegelsteinhausenbergerdorff " * 12,
        credential_id="x" * 400,
        verification_url="https://verify.accredo.example/" + "c" * 300,
    )
    pdf = write_pdf(tmp_path, data)
    layout = certificate_layout("A4")
    for word, x0, _, x1, _ in words_with_boxes(pdf):
        assert x0 > INNER_FRAME_INSET and x1 < layout.width - INNER_FRAME_INSET, word
    assert "…" in pdf_text(pdf)


def test_page_renders_and_is_not_blank(tmp_path: Path) -> None:
    image = render_page(write_pdf(tmp_path, SAMPLE), 50)
    expected_size = (841.89 * 50 / 72, 595.28 * 50 / 72)
    assert image.size == pytest.approx(expected_size, abs=1)
    histogram = image.convert("L").histogram()
    dark_pixels = sum(histogram[:128])
    assert dark_pixels > 0.01 * image.width * image.height
    assert len(image.getcolors(maxcolors=1_000_000) or []) > 20


QR_ONLY = zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode)


def printed_qr_modules(image: Image.Image, page_size: str, count: int) -> list[list[bool]]:
    """The modules (True = dark) of the printed code with its quiet zone, read at their centres."""
    layout = certificate_layout(page_size)  # type: ignore[arg-type]
    scale = image.width / layout.width
    module = layout.qr.width / count
    qr_top = layout.height - (layout.qr.y + layout.qr.height)
    return [
        [
            luminance(
                image,
                (layout.qr.x + (column + 0.5) * module) * scale,
                (qr_top + (row + 0.5) * module) * scale,
            )
            < 128
            for column in range(count)
        ]
        for row in range(count)
    ]


def with_quiet_zone(modules: list[list[bool]]) -> list[list[bool]]:
    side = len(modules) + 2 * QUIET_ZONE_MODULES
    blank = [False] * side
    margin = [False] * QUIET_ZONE_MODULES
    rows = [[*margin, *row, *margin] for row in modules]
    return [*([blank] * QUIET_ZONE_MODULES), *rows, *([blank] * QUIET_ZONE_MODULES)]


def standard_encodings(text: str) -> list[list[list[bool]]]:
    """The code for `text` at level M in byte mode under each of the eight mask patterns,
    made by `qrcode`, an encoder independent of the one the certificate uses."""
    encodings = []
    for mask in range(8):
        code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=0, mask_pattern=mask)
        code.add_data(text, optimize=0)
        code.make(fit=True)
        encodings.append(code.get_matrix())
    return encodings


@pytest.mark.parametrize("page_size", ["A4", "LETTER"])
def test_qr_code_encodes_the_verification_url(tmp_path: Path, page_size: str) -> None:
    """The page as poppler draws it scans as the URL, module for module as encoded.

    A QR encoder may pick any of eight mask patterns (and how to split the text into
    segments); for this URL the printed code is exactly the standard byte-mode encoding
    under one of them, as an independent encoder makes it.
    """
    expected = with_quiet_zone(qr_modules(SAMPLE.verification_url))
    image = render_page(write_pdf(tmp_path, SAMPLE, page_size), 150).convert("L")
    assert printed_qr_modules(image, page_size, len(expected)) == expected
    assert expected[QUIET_ZONE_MODULES:-QUIET_ZONE_MODULES] in [
        with_quiet_zone(matrix)[QUIET_ZONE_MODULES:-QUIET_ZONE_MODULES]
        for matrix in standard_encodings(SAMPLE.verification_url)
    ]
    decoded = zxingcpp.read_barcodes(image, formats=QR_ONLY)
    assert [(code.text, code.ec_level) for code in decoded] == [(SAMPLE.verification_url, "M")]


@pytest.mark.parametrize("number", range(3))
def test_qr_codes_of_other_urls_scan_from_the_page(tmp_path: Path, number: int) -> None:
    url = f"https://accredo.example/c/{number:06d}-Qm9vZ2xlLXN0eWxlLWlkZW50aWZpZXI"
    data = replace(SAMPLE, verification_url=url)
    image = render_page(write_pdf(tmp_path, data), 100).convert("L")
    decoded = zxingcpp.read_barcodes(image, formats=QR_ONLY)
    assert [code.text for code in decoded] == [url]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"holder_name": " "}, "holder_name"),
        ({"credential_id": ""}, "credential_id"),
        ({"verification_url": "verify.accredo.example/c/1"}, "verification_url"),
        ({"expires_on": date(2026, 3, 6)}, "expires before"),
    ],
)
def test_invalid_certificate_data_is_rejected(change: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        replace(SAMPLE, **change)  # type: ignore[arg-type]


def test_pdf_is_a_single_page(tmp_path: Path) -> None:
    result = subprocess.run(
        [poppler("pdfinfo"), str(write_pdf(tmp_path, SAMPLE))], check=True, capture_output=True
    )
    info = dict(
        line.split(":", 1) for line in result.stdout.decode("utf-8").splitlines() if ":" in line
    )
    assert info["Pages"].strip() == "1"
    assert info["Title"].strip() == "Cloud Security Practitioner – Zoë Ñúñez"


def test_missing_poppler_fails_with_install_advice(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(pytest.fail.Exception, match="apt-get install -y poppler-utils"):
        poppler("pdftotext")
