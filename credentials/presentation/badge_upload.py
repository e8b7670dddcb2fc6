"""Badge uploads: what is accepted, and the clean image that is stored instead of the upload.

Uploads are untrusted: they are served from our origin and drawn into every credential's
share image. So nothing is stored as sent:

- PNG, JPEG and WebP are decoded under explicit size bounds and re-encoded as a PNG of at
  most 1024 pixels a side without metadata (`credentials.presentation.badge_upload_raster`);
- SVG is parsed safely and rebuilt from an allow-list of static SVG
  (`credentials.presentation.badge_upload_svg`).

An upload is refused, naming every reason, when it cannot be read (malformed, truncated,
corrupt, DOCTYPE internal subset, entities, too large) or when it holds active content
(script, event handlers, `foreignObject`, outside references, `javascript:` URLs): such an
image is either an attack or a mistake the uploader should see, and silently changing it
would store a badge that no longer looks like what was sent. Inert content outside the
allow-list (editor metadata, comments, animation) is dropped without refusal.

Badges stored before these rules are neutralised by `neutralise_stored_badge`: the same
cleaning, keeping the cleaned image even when hostile content was removed, and dropping
images that cannot be read at all (the generated tier badge is then shown).
"""

from dataclasses import dataclass

from credentials.presentation.badge_upload_errors import BadgeRefused
from credentials.presentation.badge_upload_raster import RASTER_FORMATS, clean_raster
from credentials.presentation.badge_upload_svg import clean_svg

__all__ = [
    "ACCEPTED_MEDIA_TYPES",
    "MAX_BADGE_UPLOAD_BYTES",
    "MAX_REASONS",
    "BadgeRefused",
    "CleanBadge",
    "clean_badge",
    "neutralise_stored_badge",
]

MAX_BADGE_UPLOAD_BYTES = 2 * 1024 * 1024
MAX_REASONS = 20
"""A refusal names this many findings; a hostile file can hold thousands."""
SVG_MEDIA_TYPE = "image/svg+xml"
PNG_MEDIA_TYPE = "image/png"
ACCEPTED_MEDIA_TYPES = (*RASTER_FORMATS, SVG_MEDIA_TYPE)


@dataclass(frozen=True, slots=True)
class CleanBadge:
    """What is stored: the rebuilt bytes, their media type, and the inert content dropped."""

    content: bytes
    media_type: str
    dropped: tuple[str, ...] = ()


def clean_badge(data: bytes, media_type: str) -> CleanBadge:
    """The image to store for an upload; raises `BadgeRefused` naming every reason not to."""
    if media_type not in ACCEPTED_MEDIA_TYPES:
        raise BadgeRefused([f"send one of {', '.join(ACCEPTED_MEDIA_TYPES)}, not {media_type!r}"])
    if len(data) > MAX_BADGE_UPLOAD_BYTES:
        raise BadgeRefused([f"the image is larger than {MAX_BADGE_UPLOAD_BYTES} bytes"])
    if media_type != SVG_MEDIA_TYPE:
        return CleanBadge(clean_raster(data, media_type), PNG_MEDIA_TYPE)
    cleaned = clean_svg(data)
    if cleaned.active:
        reasons = [f"the SVG holds {finding}" for finding in cleaned.active[:MAX_REASONS]]
        if len(cleaned.active) > MAX_REASONS:
            reasons.append(f"and {len(cleaned.active) - MAX_REASONS} more findings like these")
        raise BadgeRefused(reasons)
    return CleanBadge(cleaned.content, SVG_MEDIA_TYPE, cleaned.dropped)


def neutralise_stored_badge(data: bytes, media_type: str) -> CleanBadge | None:
    """A stored badge made safe, or None when nothing safe can be kept of it."""
    try:
        if media_type == SVG_MEDIA_TYPE:
            cleaned = clean_svg(data)
            return CleanBadge(cleaned.content, SVG_MEDIA_TYPE, cleaned.dropped)
        if media_type in RASTER_FORMATS:
            return CleanBadge(clean_raster(data, media_type), PNG_MEDIA_TYPE)
    except BadgeRefused:
        return None
    return None
