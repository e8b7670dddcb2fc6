"""Font subsets made and deflated once per process: same bytes as reportlab's own, kept bounded."""

from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import date
from io import BytesIO

import pytest
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont, TTFontFace
from reportlab.pdfgen.canvas import Canvas

from credentials.presentation.fonts import SANS_REGULAR
from credentials.presentation.fonts import reportlab_subsets as subsets
from credentials.presentation.fonts.reportlab_subsets import SubsetKeepingTTFont
from credentials.presentation.pdf_certificate import CertificateData, render_certificate_pdf

SAMPLE = CertificateData(
    holder_name="Zoë Ñúñez",
    achievement_name="Cloud Security Practitioner",
    tier="practitioner",
    issuer_name="Accredo Academy",
    issued_on=date(2026, 3, 7),
    expires_on=None,
    credential_id="urn:uuid:0192f3b4-5c6d-7e8f-9a0b-1c2d3e4f5a6b",
    verification_url="https://verify.accredo.example/c/0192f3b4",
)
TEXTS = ("Zoë Ñúñez, Łukasz Wąsowski", "Őrség Şirketi Ψ — 7 March 2026", "plain ASCII only")


def document(font_name: str, compression: int) -> bytes:
    output = BytesIO()
    canvas = Canvas(output, invariant=1, pageCompression=compression)
    for line, text in enumerate(TEXTS):
        canvas.setFont(font_name, 12)
        canvas.drawString(72, 720 - 20 * line, text)
    canvas.showPage()
    canvas.save()
    return output.getvalue()


def alone(monkeypatch: pytest.MonkeyPatch, font: TTFont) -> str:
    """Register `font` in a registry of its own: reportlab hands a second font of the same
    face the first one registered, which would compare a font with itself."""
    monkeypatch.setattr(pdfmetrics, "_fonts", {})
    monkeypatch.setattr(pdfmetrics, "_dynFaceNames", {})
    pdfmetrics.registerFont(font)
    assert pdfmetrics.getFont(font.fontName) is font
    return str(font.fontName)


@pytest.mark.parametrize("compression", [1, 0])
def test_documents_are_byte_for_byte_those_of_plain_reportlab(
    monkeypatch: pytest.MonkeyPatch, compression: int
) -> None:
    with monkeypatch.context() as registry:
        expected = document(alone(registry, TTFont("Sans", str(SANS_REGULAR))), compression)
    with monkeypatch.context() as registry:
        kept = alone(registry, SubsetKeepingTTFont("Sans", str(SANS_REGULAR)))
        assert document(kept, compression) == expected  # first: the subset is made
        assert document(kept, compression) == expected  # then: the kept subset is embedded


def test_a_subset_is_made_once_and_other_subsets_still_are(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    made: list[tuple[int, ...]] = []
    make = TTFontFace.makeSubset

    def counting(face: TTFontFace, codes: list[int]) -> bytes:
        made.append(tuple(codes))
        return bytes(make(face, codes))

    monkeypatch.setattr(TTFontFace, "makeSubset", counting)
    first = replace(SAMPLE, holder_name="Ŧhe Ŋew Ħolder")  # letters no other test uses
    render_certificate_pdf(first)
    assert any(ord("Ŧ") in codes for codes in made)
    made.clear()
    # Another holder whose name adds only ASCII: reportlab assigns the same codes.
    render_certificate_pdf(replace(first, holder_name="Ŧhe Ŋew Ħolder Jr.", credential_id="x"))
    assert [bytes(c for c in codes if c < 256) for codes in made] == []
    render_certificate_pdf(replace(first, holder_name="Ŧhe Ŋew Ħolder Ƕ"))  # one letter more
    assert len(made) == 1 and ord("Ƕ") in made[0]


def test_kept_subsets_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(subsets, "SUBSETS_KEPT", 3)
    font = SubsetKeepingTTFont("SubsetTestBounded", str(SANS_REGULAR))
    face = font.face
    assert isinstance(face, subsets._SubsetKeepingFace)
    lists = [[0, 32, code] for code in range(65, 71)]
    for codes in lists:
        face.subset(codes)
    assert face.subsets.keys() == [tuple(codes) for codes in lists[-3:]]
    assert face.subset(lists[-1]) is face.subset(lists[-1])


def test_certificates_rendered_in_threads_match_those_rendered_one_by_one() -> None:
    """The service renders in worker threads; a subset is built under a lock."""
    names = [f"Ǆ{chr(0x100 + n)}{chr(0x180 + n)} Holder" for n in range(12)]
    data = [replace(SAMPLE, holder_name=name) for name in names]
    with ThreadPoolExecutor(max_workers=4) as pool:
        threaded = list(pool.map(render_certificate_pdf, data))
    assert threaded == [render_certificate_pdf(item) for item in data]
