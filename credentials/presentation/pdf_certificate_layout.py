"""Where things go on the landscape certificate page, in PDF points (origin lower left).

Kept apart from the drawing so tests can find the QR code on a rendered page.
"""

from dataclasses import dataclass
from typing import Literal

from reportlab.lib.pagesizes import A4, LETTER, landscape

PageSize = Literal["A4", "LETTER"]

_PAGE_SIZES: dict[str, tuple[float, float]] = {
    "A4": landscape(A4),
    "LETTER": landscape(LETTER),
}

QR_SIDE = 104.0
SEAL_SIZE = 118.0
FRAME_INSET = 22.0
INNER_FRAME_INSET = 30.0
BOTTOM_MARGIN = 50.0
HEADLINE_SIDE_MARGIN = 90.0

# The headline column, as distances from the top edge of the page.
ISSUER_BASELINE = 72.0
TITLE_BASELINE = 118.0
TITLE_RULE = 138.0
CERTIFIES_BASELINE = 172.0
HOLDER_BOX_TOP, HOLDER_BOX_HEIGHT = 184.0, 70.0
HOLDER_RULE = 266.0
EARNED_BASELINE = 292.0
ACHIEVEMENT_BOX_TOP, ACHIEVEMENT_BOX_HEIGHT = 302.0, 58.0
TIER_BASELINE = 382.0


@dataclass(frozen=True, slots=True)
class Box:
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True, slots=True)
class CertificateLayout:
    width: float
    height: float
    qr: Box
    seal: Box
    details: Box

    @property
    def centre_x(self) -> float:
        return self.width / 2

    @property
    def headline_width(self) -> float:
        return self.width - 2 * HEADLINE_SIDE_MARGIN

    def from_top(self, distance: float) -> float:
        return self.height - distance


def certificate_layout(page_size: PageSize) -> CertificateLayout:
    try:
        width, height = _PAGE_SIZES[page_size]
    except KeyError:
        raise ValueError(f"unknown page size {page_size!r}; use 'A4' or 'LETTER'") from None
    side_margin = 72.0
    qr = Box(width - side_margin - QR_SIDE, BOTTOM_MARGIN + 12, QR_SIDE, QR_SIDE)
    seal = Box(side_margin, BOTTOM_MARGIN + 6, SEAL_SIZE, SEAL_SIZE)
    details_left = seal.x + seal.width + 34
    details = Box(details_left, BOTTOM_MARGIN, qr.x - 34 - details_left, 120)
    return CertificateLayout(width=width, height=height, qr=qr, seal=seal, details=details)
