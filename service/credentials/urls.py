"""Public URLs of credentials and certification badges, built from the public base URL
(or ``base``, a previous origin, for what was issued under it)."""

from __future__ import annotations

from uuid import UUID

from service.settings import Settings


def credential_url(settings: Settings, public_id: str) -> str:
    return settings.absolute_url(f"/credentials/{public_id}")


def public_id_from_url(settings: Settings, url: str, base: str | None = None) -> str | None:
    prefix = settings.absolute_url("/credentials", base=base) + "/"
    if not url.startswith(prefix):
        return None
    public_id = url[len(prefix) :]
    return public_id if public_id and "/" not in public_id else None


def achievement_url(settings: Settings, certification_id: UUID) -> str:
    return settings.absolute_url(f"/achievements/{certification_id}")


def achievement_image_url(settings: Settings, certification_id: UUID) -> str:
    return settings.absolute_url(f"/achievements/{certification_id}/image.png")
