"""The public URLs of the issuer and its keys: one place, built from the public base URL.

``base`` (default: the current public base URL) names a previous origin when serving or
verifying what was issued under it (``accredo issuer move``).

Keys live at fragment-less URLs (``{base}/keys/{key_id}``) so each is fetchable on its own
and also names the verification method in proofs and the VC-JWT ``kid``.
"""

from __future__ import annotations

from service.settings import Settings

ISSUER_PATH = "/issuer"
ISSUER_IMAGE_PATH = "/issuer/image.png"
KEYS_PATH = "/keys"
JWKS_PATH = "/.well-known/jwks.json"


def issuer_id(settings: Settings, base: str | None = None) -> str:
    return settings.absolute_url(ISSUER_PATH, base=base)


def issuer_image_url(settings: Settings) -> str:
    """``ACCREDO_ISSUER_IMAGE_URL``, or the generated logo this service serves."""
    return settings.issuer_image_url or settings.absolute_url(ISSUER_IMAGE_PATH)


def key_url(settings: Settings, key_id: str, base: str | None = None) -> str:
    return settings.absolute_url(f"{KEYS_PATH}/{key_id}", base=base)


def key_id_from_url(settings: Settings, url: str, base: str | None = None) -> str | None:
    prefix = settings.absolute_url(KEYS_PATH, base=base) + "/"
    if not url.startswith(prefix):
        return None
    key_id = url[len(prefix) :]
    return key_id if key_id and "/" not in key_id and "#" not in key_id else None
