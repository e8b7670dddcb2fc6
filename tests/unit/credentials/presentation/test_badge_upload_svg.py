"""SVG badge uploads: hostile content is refused on upload and never survives cleaning."""

import base64
import re
import time
import xml.etree.ElementTree as ET
from io import BytesIO

import pytest
from PIL import Image

from credentials.baking.bake import bake_svg, extract_svg
from credentials.baking.png import iter_chunks
from credentials.presentation.badge_image import render_badge_svg
from credentials.presentation.badge_upload import (
    MAX_REASONS,
    BadgeRefused,
    clean_badge,
    neutralise_stored_badge,
)
from credentials.presentation.badge_upload_svg import MAX_EMBEDDED_IMAGES, clean_svg
from tests.support.hostile_images import (
    HOSTILE_SVGS,
    SVG_OPEN,
    UNREADABLE_SVGS,
    data_url,
    photo_png,
)

SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
ACTIVE_TRACES = re.compile(
    r"script|\son\w+\s*=|foreignObject|evil\.example|@import|xml-stylesheet|\\", re.IGNORECASE
)


@pytest.mark.parametrize("name", sorted(HOSTILE_SVGS))
def test_active_content_is_refused_and_named(name: str) -> None:
    document, phrase = HOSTILE_SVGS[name]
    with pytest.raises(BadgeRefused) as refused:
        clean_badge(document.encode(), "image/svg+xml")
    assert any(phrase in reason for reason in refused.value.reasons), refused.value.reasons


@pytest.mark.parametrize("name", sorted(HOSTILE_SVGS))
def test_cleaning_leaves_no_trace_of_active_content(name: str) -> None:
    """What a stored hostile badge becomes: readable, safe, and clean on a second pass."""
    document, _ = HOSTILE_SVGS[name]
    cleaned = neutralise_stored_badge(document.encode(), "image/svg+xml")
    assert cleaned is not None and cleaned.media_type == "image/svg+xml"
    text = cleaned.content.decode("utf-8")
    assert ACTIVE_TRACES.search(text) is None, text
    assert ET.fromstring(cleaned.content).tag == f"{{{SVG}}}svg"
    assert clean_svg(cleaned.content).active == ()


@pytest.mark.parametrize("name", sorted(UNREADABLE_SVGS))
def test_unreadable_documents_are_refused_and_not_kept(name: str) -> None:
    document, phrase = UNREADABLE_SVGS[name]
    with pytest.raises(BadgeRefused) as refused:
        clean_badge(document.encode(), "image/svg+xml")
    assert any(phrase in reason for reason in refused.value.reasons), refused.value.reasons
    assert neutralise_stored_badge(document.encode(), "image/svg+xml") is None


def test_every_finding_is_named_at_once() -> None:
    document = (
        f"{SVG_OPEN} onload='a()'><script>b()</script>"
        "<a xlink:href='javascript:c()'><text>x</text></a></svg>"
    )
    with pytest.raises(BadgeRefused) as refused:
        clean_badge(document.encode(), "image/svg+xml")
    assert len(refused.value.reasons) == 3


def test_the_generated_badge_survives_unchanged_in_substance() -> None:
    original = render_badge_svg("Cloud Security Practitioner", "expert").encode()
    cleaned = clean_badge(original, "image/svg+xml")
    assert cleaned.dropped == ()

    def shape(document: bytes) -> list[tuple[str, dict[str, str], str]]:
        return [
            (element.tag, dict(element.attrib), (element.text or "").strip())
            for element in ET.fromstring(document).iter()
        ]

    assert shape(cleaned.content) == shape(original)


def test_editor_metadata_is_dropped_and_text_kept() -> None:
    document = (
        '<?xml version="1.0"?>\n<!-- made by hand -->\n'
        '<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
        '"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n'
        f"{SVG_OPEN} xmlns:sodipodi='http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd'"
        " xmlns:inkscape='http://www.inkscape.org/namespaces/inkscape'"
        " viewBox='0 0 10 10' inkscape:version='1.3'>"
        "<sodipodi:namedview pagecolor='#fff'/><metadata><rdf>x</rdf></metadata>"
        "<defs><linearGradient id='g'><stop offset='0' stop-color='red'/></linearGradient></defs>"
        "<text x='1' xml:space='preserve'>Cloud <animate attributeName='x'/>Security</text>"
        "<rect fill='url(#g)' data-x='1' width='5' height='5'/><use xlink:href='#g'/></svg>"
    ).encode()
    cleaned = clean_badge(document, "image/svg+xml")
    assert set(cleaned.dropped) == {"<namedview>", "<metadata>", "<animate>", "@version", "@data-x"}
    root = ET.fromstring(cleaned.content)
    text = root.find(f"{{{SVG}}}text")
    assert text is not None and "".join(text.itertext()) == "Cloud Security"
    assert root.find(f"{{{SVG}}}rect").get("fill") == "url(#g)"  # type: ignore[union-attr]
    assert root.find(f"{{{SVG}}}use").get(f"{{{XLINK}}}href") == "#g"  # type: ignore[union-attr]
    assert b"sodipodi" not in cleaned.content and b"DOCTYPE" not in cleaned.content


def test_embedded_raster_images_are_re_encoded() -> None:
    source = photo_png(40, 30, metadata=True)
    document = f"{SVG_OPEN}><image width='40' height='30' href='{data_url(source)}'/></svg>"
    cleaned = clean_badge(document.encode(), "image/svg+xml")
    href = ET.fromstring(cleaned.content).find(f"{{{SVG}}}image").get("href")  # type: ignore[union-attr]
    assert href is not None and href.startswith("data:image/png;base64,")
    png = base64.b64decode(href.split(",", 1)[1])
    assert png != source
    assert [chunk.kind for chunk in iter_chunks(png)] == [b"IHDR", b"IDAT", b"IEND"]
    assert Image.open(BytesIO(png)).size == (40, 30)


def test_embedded_images_are_bounded_in_number() -> None:
    image = f"<image href='{data_url(photo_png(4, 4))}'/>"
    document = f"{SVG_OPEN}>{image * (MAX_EMBEDDED_IMAGES + 1)}</svg>"
    with pytest.raises(BadgeRefused, match="more than"):
        clean_badge(document.encode(), "image/svg+xml")


def test_cleaned_badges_can_be_baked() -> None:
    cleaned = clean_badge(render_badge_svg("Data", "foundation").encode(), "image/svg+xml")
    credential = '{"type": ["VerifiableCredential"]}'
    assert extract_svg(bake_svg(cleaned.content.decode(), credential)) == credential


def test_an_svg_without_namespace_is_given_one() -> None:
    cleaned = clean_badge(
        b"<svg viewBox='0 0 1 1'><rect width='1' height='1'/></svg>", "image/svg+xml"
    )
    root = ET.fromstring(cleaned.content)
    assert root.tag == f"{{{SVG}}}svg" and root[0].tag == f"{{{SVG}}}rect"


def test_thousands_of_findings_are_summarised() -> None:
    uses = "".join(f"<use href='https://evil.example/{index}'/>" for index in range(5000))
    with pytest.raises(BadgeRefused) as refused:
        clean_badge(f"{SVG_OPEN}>{uses}</svg>".encode(), "image/svg+xml")
    assert len(refused.value.reasons) == MAX_REASONS + 1
    assert refused.value.reasons[-1] == f"and {5000 - MAX_REASONS} more findings like these"


def test_unclosed_urls_are_read_in_linear_time() -> None:
    document = f"{SVG_OPEN}><style>{'url(' * 400_000}</style></svg>"
    started = time.perf_counter()
    with pytest.raises(BadgeRefused, match="outside resource"):
        clean_badge(document.encode(), "image/svg+xml")
    assert time.perf_counter() - started < 1.0
