"""Presentation: how a credential looks to people, and the images it is drawn with.

The PDF certificate, the share image for social networks, the badge image design, cleaning of
uploaded badges (SVG and raster), the issuer logo, LinkedIn links, the status stamp drawn on
a credential that is no longer valid, and the bundled fonts. Uses `credentials.baking` only
(an uploaded PNG is searched for baked chunks); nothing in the proof or status rooms.
"""

from credentials.presentation.badge_image import (
    render_badge_image,
    render_badge_png,
    render_badge_svg,
)
from credentials.presentation.badge_image_design import TIER_STYLES, badge_design, style_for_tier
from credentials.presentation.badge_upload import (
    ACCEPTED_MEDIA_TYPES,
    MAX_BADGE_UPLOAD_BYTES,
    CleanBadge,
    clean_badge,
    neutralise_stored_badge,
)
from credentials.presentation.badge_upload_errors import BadgeRefused
from credentials.presentation.bidi import isolate, strip_bidi_controls
from credentials.presentation.issuer_image import render_issuer_logo_png
from credentials.presentation.linkedin import LinkedInCertification, add_to_profile_url, share_url
from credentials.presentation.pdf_certificate import (
    CertificateData,
    PageSize,
    render_certificate_pdf,
)
from credentials.presentation.pdf_certificate_wording import (
    expiry_phrase,
    long_date,
    tier_display_name,
    tier_label,
)
from credentials.presentation.share_image import ShareImageData, render_share_image
from credentials.presentation.status_stamp import StampKind, StatusStamp

__all__ = [
    "ACCEPTED_MEDIA_TYPES",
    "MAX_BADGE_UPLOAD_BYTES",
    "TIER_STYLES",
    "BadgeRefused",
    "CertificateData",
    "CleanBadge",
    "LinkedInCertification",
    "PageSize",
    "ShareImageData",
    "StampKind",
    "StatusStamp",
    "add_to_profile_url",
    "badge_design",
    "clean_badge",
    "expiry_phrase",
    "isolate",
    "long_date",
    "neutralise_stored_badge",
    "render_badge_image",
    "render_badge_png",
    "render_badge_svg",
    "render_certificate_pdf",
    "render_issuer_logo_png",
    "render_share_image",
    "share_url",
    "strip_bidi_controls",
    "style_for_tier",
    "tier_display_name",
    "tier_label",
]
