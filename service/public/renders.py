"""Deterministic renders (badges, PDF, share image, QR code), cached in-process with an ETag.

Each render depends only on the credential version and certification, so the cache key is
the credential id plus its version: a renewal changes the key, a status change does not (the
files do not show status). Renders that draw the badge also key on `badge_version`, a digest
of the stored badge, so replacing a certification's badge changes them at once, in every
process. Rendering runs in a worker thread so the event loop stays free.
"""

from __future__ import annotations

import hashlib
import json
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import anyio.to_thread
import qrcode
import qrcode.image.svg

from credentials.badge_image import render_badge_png, render_badge_svg
from credentials.baking import bake_png, bake_svg
from credentials.pdf_certificate import CertificateData, PageSize, render_certificate_pdf
from credentials.share_image import ShareImageData, render_share_image
from service.db.models import CertificationRow, CredentialRow
from service.keys.documents import issuer_profile
from service.settings import Settings

CACHE_ENTRIES = 512


@dataclass(frozen=True)
class Rendered:
    content: bytes
    etag: str


_cache: OrderedDict[tuple[Any, ...], Rendered] = OrderedDict()


async def cached(key: tuple[Any, ...], render: Callable[[], bytes]) -> Rendered:
    hit = _cache.get(key)
    if hit is not None:
        _cache.move_to_end(key)
        return hit
    content = await anyio.to_thread.run_sync(render)
    entry = Rendered(content, '"' + hashlib.sha256(content).hexdigest()[:32] + '"')
    _cache[key] = entry
    while len(_cache) > CACHE_ENTRIES:
        _cache.popitem(last=False)
    return entry


def _badge_png(certification: CertificationRow) -> bytes:
    if certification.badge_image and certification.badge_media_type == "image/png":
        return bytes(certification.badge_image)
    return render_badge_png(certification.name, certification.tier)


def _badge_svg(certification: CertificationRow) -> str:
    if certification.badge_image and certification.badge_media_type == "image/svg+xml":
        return bytes(certification.badge_image).decode("utf-8")
    return render_badge_svg(certification.name, certification.tier)


def badge_version(certification: CertificationRow) -> str:
    """A digest of the stored badge, or of what the generated default badge draws."""
    if certification.badge_image is None:
        return f"default:{certification.tier}:{certification.name}"
    digest = hashlib.sha256(bytes(certification.badge_image)).hexdigest()[:32]
    return f"{certification.badge_media_type}:{digest}"


def _credential_json(row: CredentialRow) -> str:
    return json.dumps(row.document, ensure_ascii=False, separators=(",", ":"))


def _key(row: CredentialRow, kind: str, *extra: Any) -> tuple[Any, ...]:
    return (kind, row.public_id, row.version, *extra)


async def certification_badge(certification: CertificationRow) -> Rendered:
    key = ("achievement", certification.id, badge_version(certification))
    return await cached(key, lambda: _badge_png(certification))


async def baked_png(row: CredentialRow, certification: CertificationRow) -> Rendered:
    return await cached(
        _key(row, "png", badge_version(certification)),
        lambda: bake_png(_badge_png(certification), _credential_json(row)),
    )


async def baked_svg(row: CredentialRow, certification: CertificationRow) -> Rendered:
    return await cached(
        _key(row, "svg", badge_version(certification)),
        lambda: bake_svg(_badge_svg(certification), _credential_json(row)).encode("utf-8"),
    )


def certificate_data(
    settings: Settings, row: CredentialRow, certification: CertificationRow, url: str
) -> CertificateData:
    return CertificateData(
        holder_name=row.holder_name,
        achievement_name=certification.name,
        tier=certification.tier,
        issuer_name=issuer_profile(settings).name,
        issued_on=row.valid_from.date(),
        expires_on=row.valid_until.date() if row.valid_until else None,
        credential_id=row.public_id,
        verification_url=url,
    )


async def certificate_pdf(
    settings: Settings,
    row: CredentialRow,
    certification: CertificationRow,
    url: str,
    size: PageSize,
) -> Rendered:
    data = certificate_data(settings, row, certification, url)
    return await cached(_key(row, "pdf", size), lambda: render_certificate_pdf(data, size))


async def share_png(
    settings: Settings, row: CredentialRow, certification: CertificationRow
) -> Rendered:
    badge = (
        bytes(certification.badge_image)
        if certification.badge_image
        and certification.badge_media_type in ("image/png", "image/jpeg")
        else None
    )
    data = ShareImageData(
        achievement_name=certification.name,
        tier=certification.tier,
        holder_name=row.holder_name,
        issuer_name=issuer_profile(settings).name,
        issued_on=row.valid_from.date(),
        badge_image=badge,
    )
    key = _key(row, "share", badge_version(certification))
    return await cached(key, lambda: render_share_image(data))


async def qr_svg(url: str) -> str:
    def render() -> bytes:
        image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
        return bytes(image.to_string())

    return (await cached(("qr", url), render)).content.decode("utf-8")
