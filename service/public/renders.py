"""Deterministic renders (badges, PDF, share image, QR code), cached in-process with an ETag.

Each render depends only on what it draws, so that is the cache key: the credential id and
the version shown (a renewal or an old-version link changes it), `badge_version` (a digest of
the stored badge, so a replaced badge changes every render at once, in every process), and for
the PDF and share image the status stamp, kind and date (revoking, suspending, reinstating or
expiring changes what they show at once). Baked badges carry no stamp: they are the signed
credential itself. Rendering runs in a worker thread so the event loop stays free.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import anyio.to_thread
import qrcode
import qrcode.image.svg

from credentials.baking import bake_png, bake_svg
from credentials.presentation import (
    CertificateData,
    PageSize,
    ShareImageData,
    StatusStamp,
    render_badge_png,
    render_badge_svg,
    render_certificate_pdf,
    render_share_image,
)
from service.keys.documents import issuer_profile
from service.lru import Lru
from service.public import credential_facts as facts
from service.public.shown import ShownVersion
from service.public.store import PublicCertification
from service.settings import Settings

CACHE_ENTRIES = 512


@dataclass(frozen=True)
class Rendered:
    content: bytes
    etag: str


_cache: Lru[tuple[Any, ...], Rendered] = Lru(CACHE_ENTRIES)


async def cached(key: tuple[Any, ...], render: Callable[[], bytes]) -> Rendered:
    hit = _cache.get(key)
    if hit is not None:
        return hit
    content = await anyio.to_thread.run_sync(render)
    return _cache.put(key, Rendered(content, '"' + hashlib.sha256(content).hexdigest()[:32] + '"'))


def _badge_png(certification: PublicCertification) -> bytes:
    if certification.badge_image and certification.badge_media_type == "image/png":
        return certification.badge_image
    return render_badge_png(certification.name, certification.tier)


def _badge_svg(certification: PublicCertification) -> str:
    if certification.badge_image and certification.badge_media_type == "image/svg+xml":
        return certification.badge_image.decode("utf-8")
    return render_badge_svg(certification.name, certification.tier)


def badge_version(certification: PublicCertification) -> str:
    """A digest of the stored badge, or of what the generated default badge draws."""
    if certification.badge_image is None:
        return f"default:{certification.tier}:{certification.name}"
    digest = hashlib.sha256(certification.badge_image).hexdigest()[:32]
    return f"{certification.badge_media_type}:{digest}"


def _credential_json(shown: ShownVersion) -> str:
    return json.dumps(shown.document, ensure_ascii=False, separators=(",", ":"))


def _key(shown: ShownVersion, kind: str, *extra: Any) -> tuple[Any, ...]:
    version = badge_version(shown.certification)
    return (kind, shown.public_id, shown.version, version, *extra)


def _stamp_key(stamp: StatusStamp | None) -> tuple[Any, ...]:
    return (stamp.kind, stamp.on) if stamp is not None else ("none",)


async def certification_badge(certification: PublicCertification) -> Rendered:
    key = ("achievement", certification.id, badge_version(certification))
    return await cached(key, lambda: _badge_png(certification))


async def baked_png(shown: ShownVersion) -> Rendered:
    return await cached(
        _key(shown, "png"),
        lambda: bake_png(_badge_png(shown.certification), _credential_json(shown)),
    )


async def baked_svg(shown: ShownVersion) -> Rendered:
    return await cached(
        _key(shown, "svg"),
        lambda: bake_svg(_badge_svg(shown.certification), _credential_json(shown)).encode("utf-8"),
    )


def _holder(shown: ShownVersion) -> str:
    return facts.holder_name(shown.document) or shown.credential.holder_name


def _achievement(shown: ShownVersion) -> str:
    return facts.achievement_name(shown.document) or shown.certification.name


def _issuer(settings: Settings, shown: ShownVersion) -> str:
    return facts.issuer_name(shown.document) or issuer_profile(settings).name


def certificate_data(
    settings: Settings, shown: ShownVersion, url: str, stamp: StatusStamp | None
) -> CertificateData:
    return CertificateData(
        holder_name=_holder(shown),
        achievement_name=_achievement(shown),
        tier=shown.certification.tier,
        issuer_name=_issuer(settings, shown),
        issued_on=shown.valid_from.date(),
        expires_on=shown.valid_until.date() if shown.valid_until else None,
        credential_id=shown.public_id,
        verification_url=url,
        stamp=stamp,
    )


async def certificate_pdf(
    settings: Settings,
    shown: ShownVersion,
    url: str,
    size: PageSize,
    stamp: StatusStamp | None,
) -> Rendered:
    data = certificate_data(settings, shown, url, stamp)
    key = _key(shown, "pdf", size, url, *_stamp_key(stamp))
    return await cached(key, lambda: render_certificate_pdf(data, size))


async def share_png(settings: Settings, shown: ShownVersion, stamp: StatusStamp | None) -> Rendered:
    certification = shown.certification
    badge = (
        certification.badge_image
        if certification.badge_image
        and certification.badge_media_type in ("image/png", "image/jpeg")
        else None
    )
    data = ShareImageData(
        achievement_name=_achievement(shown),
        tier=certification.tier,
        holder_name=_holder(shown),
        issuer_name=_issuer(settings, shown),
        issued_on=shown.valid_from.date(),
        badge_image=badge,
        stamp=stamp,
    )
    return await cached(_key(shown, "share", *_stamp_key(stamp)), lambda: render_share_image(data))


async def qr_svg(url: str) -> str:
    def render() -> bytes:
        image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
        return bytes(image.to_string())

    return (await cached(("qr", url), render)).content.decode("utf-8")
