"""The printable PDF certificate of a credential (one landscape page, A4 or US Letter).

The PDF is a human-readable view of the credential, not the credential: it names the
holder, achievement, tier, issuer, dates and credential id, and points (printed URL and
QR code) to the public page where the signed credential and its current status are
verified. Identical input gives identical bytes (reportlab's invariant mode fixes the
creation date and document id), so certificates can be cached, hashed and compared.
"""

from dataclasses import dataclass, replace
from datetime import date
from io import BytesIO

from reportlab.lib.colors import HexColor
from reportlab.pdfgen.canvas import Canvas

from credentials.presentation.badge_image_design import style_for_tier
from credentials.presentation.bidi import strip_bidi_controls
from credentials.presentation.fonts.reportlab_fonts import (
    SANS,
    SANS_BOLD_FONT,
    SERIF_BOLD_FONT,
    register_reportlab_fonts,
)
from credentials.presentation.pdf_certificate_layout import (
    ACHIEVEMENT_BOX_HEIGHT,
    ACHIEVEMENT_BOX_TOP,
    CERTIFIES_BASELINE,
    EARNED_BASELINE,
    FRAME_INSET,
    HOLDER_BOX_HEIGHT,
    HOLDER_BOX_TOP,
    HOLDER_RULE,
    INNER_FRAME_INSET,
    ISSUER_BASELINE,
    TIER_BASELINE,
    TITLE_BASELINE,
    TITLE_RULE,
    CertificateLayout,
    PageSize,
    certificate_layout,
)
from credentials.presentation.pdf_certificate_qr import draw_qr_code
from credentials.presentation.pdf_certificate_seal import draw_seal
from credentials.presentation.pdf_certificate_stamp import draw_status_stamp
from credentials.presentation.pdf_certificate_text import (
    TextStyle,
    draw_centred,
    draw_field,
    draw_fitted_block,
    fit_one_line,
)
from credentials.presentation.pdf_certificate_wording import expiry_phrase, long_date, tier_label
from credentials.presentation.status_stamp import StatusStamp

__all__ = ["CertificateData", "PageSize", "render_certificate_pdf"]

PAPER = HexColor("#FCFAF4")
NAVY = HexColor("#1B2A47")
GOLD = HexColor("#B8924A")
INK = HexColor("#1F2430")
MUTED = HexColor("#5E6677")

ISSUER = TextStyle(SANS_BOLD_FONT, 12, GOLD, letter_spacing=0.6)
TITLE = TextStyle(SERIF_BOLD_FONT, 32, NAVY)
CONNECTIVE = TextStyle(SANS, 12, MUTED)
HOLDER = TextStyle(SERIF_BOLD_FONT, 40, INK)
CAPTION = TextStyle(SANS, 8, MUTED)


@dataclass(frozen=True, kw_only=True, slots=True)
class CertificateData:
    holder_name: str
    achievement_name: str
    tier: str
    issuer_name: str
    issued_on: date
    expires_on: date | None
    credential_id: str
    verification_url: str
    stamp: StatusStamp | None = None
    """Set when the credential is not valid (revoked, expired ...): printed on the page."""

    def __post_init__(self) -> None:
        for field_name in ("holder_name", "achievement_name", "issuer_name", "credential_id"):
            if not getattr(self, field_name).strip():
                raise ValueError(f"{field_name} is empty")
        if not self.verification_url.startswith(("https://", "http://")):
            raise ValueError("verification_url must be an absolute http(s) URL")
        if self.expires_on is not None and self.expires_on < self.issued_on:
            raise ValueError("the credential expires before it is issued")


def render_certificate_pdf(data: CertificateData, page_size: PageSize = "A4") -> bytes:
    """The certificate as PDF bytes."""
    register_reportlab_fonts()
    layout = certificate_layout(page_size)
    output = BytesIO()
    canvas = Canvas(output, pagesize=(layout.width, layout.height), invariant=1, pageCompression=1)
    marked = f" ({data.stamp.word})" if data.stamp else ""
    canvas.setTitle(f"{data.achievement_name} – {strip_bidi_controls(data.holder_name)}{marked}")
    canvas.setAuthor(data.issuer_name)
    canvas.setSubject(f"Certificate for credential {data.credential_id}")
    canvas.setCreator("Accredo")
    _draw_frame(canvas, layout)
    _draw_headline(canvas, layout, data)
    draw_seal(canvas, data.achievement_name, data.tier, layout.seal)
    _draw_details(canvas, layout, data)
    _draw_verification_code(canvas, layout, data.verification_url)
    if data.stamp is not None:
        draw_status_stamp(canvas, layout, data.stamp)
    canvas.showPage()
    canvas.save()
    return output.getvalue()


def _draw_frame(canvas: Canvas, layout: CertificateLayout) -> None:
    canvas.setFillColor(PAPER)
    canvas.rect(0, 0, layout.width, layout.height, stroke=0, fill=1)
    for inset, colour, line_width in ((FRAME_INSET, NAVY, 2.5), (INNER_FRAME_INSET, GOLD, 0.8)):
        canvas.setStrokeColor(colour)
        canvas.setLineWidth(line_width)
        canvas.rect(inset, inset, layout.width - 2 * inset, layout.height - 2 * inset)


def _draw_headline(canvas: Canvas, layout: CertificateLayout, data: CertificateData) -> None:
    centre, top = layout.centre_x, layout.height
    tier_style = TextStyle(SANS_BOLD_FONT, 24, HexColor(style_for_tier(data.tier).outer_colour))
    issuer = fit_one_line(data.issuer_name.upper(), ISSUER, layout.headline_width, 8)
    draw_centred(canvas, issuer.lines[0], ISSUER.sized(issuer.size), centre, top - ISSUER_BASELINE)
    draw_centred(canvas, "Certificate of Achievement", TITLE, centre, top - TITLE_BASELINE)
    _rule(canvas, centre, top - TITLE_RULE, half_width=60, line_width=1.2)
    draw_centred(canvas, "This certifies that", CONNECTIVE, centre, top - CERTIFIES_BASELINE)
    draw_fitted_block(
        canvas,
        data.holder_name,
        HOLDER,
        centre_x=centre,
        top=top - HOLDER_BOX_TOP,
        width=layout.headline_width,
        height=HOLDER_BOX_HEIGHT,
        max_lines=2,
        smallest_size=16,
    )
    _rule(canvas, centre, top - HOLDER_RULE, half_width=170, line_width=0.8)
    draw_centred(canvas, "has earned the credential", CONNECTIVE, centre, top - EARNED_BASELINE)
    draw_fitted_block(
        canvas,
        data.achievement_name,
        tier_style,
        centre_x=centre,
        top=top - ACHIEVEMENT_BOX_TOP,
        width=layout.headline_width,
        height=ACHIEVEMENT_BOX_HEIGHT,
        max_lines=2,
        smallest_size=12,
    )
    tier_caption = replace(tier_style, size=10.5, letter_spacing=1.5)
    draw_centred(canvas, tier_label(data.tier), tier_caption, centre, top - TIER_BASELINE)


def _draw_details(canvas: Canvas, layout: CertificateLayout, data: CertificateData) -> None:
    box = layout.details
    half = box.width / 2
    top = box.y + box.height
    rows = [
        ("Issued by", data.issuer_name, box.x, top, box.width),
        ("Issued on", long_date(data.issued_on), box.x, top - 30, half),
        ("Expires", expiry_phrase(data.expires_on), box.x + half, top - 30, half),
        ("Credential ID", data.credential_id, box.x, top - 60, box.width),
        ("Verify at", data.verification_url, box.x, top - 90, box.width),
    ]
    url_baseline = 0.0
    for label, value, x, row_top, width in rows:
        url_baseline = draw_field(
            canvas,
            label,
            value,
            x=x,
            top=row_top,
            width=width,
            label_colour=MUTED,
            value_colour=INK,
        )
    url_top = rows[-1][3]
    link_area = (box.x, url_baseline - 3, box.x + box.width, url_top)
    canvas.linkURL(data.verification_url, link_area, relative=0)


def _draw_verification_code(canvas: Canvas, layout: CertificateLayout, url: str) -> None:
    qr = layout.qr
    draw_qr_code(canvas, url, qr.x, qr.y, qr.width)
    canvas.linkURL(url, (qr.x, qr.y, qr.x + qr.width, qr.y + qr.height), relative=0)
    draw_centred(canvas, "Scan to verify", CAPTION, qr.x + qr.width / 2, qr.y - 12)


def _rule(canvas: Canvas, centre: float, y: float, *, half_width: float, line_width: float) -> None:
    canvas.setStrokeColor(GOLD)
    canvas.setLineWidth(line_width)
    canvas.line(centre - half_width, y, centre + half_width, y)
