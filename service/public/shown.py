"""The credential version a public URL addresses: the current one, or ``?version=N``.

Every public file of a credential (page, JSON-LD, VC-JWT, baked PNG/SVG, PDF, share image)
is served for one version. An old link to a renewed credential's earlier version keeps
serving that version's own signed document, so what a verifier downloads from a superseded
page is what that page describes, never the newest version.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from service.credentials.errors import VersionNotFound
from service.public import store
from service.public.store import PublicCertification, PublicCredential, PublicVersion

MAX_VERSION = 2**31 - 1
"""Versions are 32-bit integers on PostgreSQL; larger numbers are refused at the API."""


@dataclass(frozen=True)
class ShownVersion:
    credential: PublicCredential
    certification: PublicCertification
    shown: PublicVersion

    @property
    def is_current(self) -> bool:
        return self.shown.version == self.credential.current.version

    @property
    def public_id(self) -> str:
        return self.credential.public_id

    @property
    def version(self) -> int:
        return self.shown.version

    @property
    def document(self) -> dict[str, Any]:
        return self.shown.document

    @property
    def vc_jwt(self) -> str:
        return self.shown.vc_jwt

    @property
    def valid_from(self) -> datetime:
        return self.shown.valid_from

    @property
    def valid_until(self) -> datetime | None:
        return self.shown.valid_until

    @property
    def superseded_at(self) -> datetime | None:
        return self.shown.superseded_at


async def load_version(session: AsyncSession, public_id: str, version: int | None) -> ShownVersion:
    credential, certification = await store.credential_and_certification(session, public_id)
    if version is None or version == credential.current.version:
        return ShownVersion(credential, certification, credential.current)
    old = await store.earlier_version(session, credential, version)
    if old is None:
        raise VersionNotFound(public_id, version)
    return ShownVersion(credential, certification, old)
