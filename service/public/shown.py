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

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from service.credentials.errors import CredentialNotFound, VersionNotFound
from service.credentials.status_changes import get_credential
from service.db.models import CertificationRow, CredentialRow, CredentialVersionRow

MAX_VERSION = 2**31 - 1
"""Versions are 32-bit integers on PostgreSQL; larger numbers are refused at the API."""


@dataclass(frozen=True)
class ShownVersion:
    row: CredentialRow
    certification: CertificationRow
    version: int
    document: dict[str, Any]
    vc_jwt: str
    valid_from: datetime
    valid_until: datetime | None
    superseded_at: datetime | None

    @property
    def is_current(self) -> bool:
        return self.version == self.row.version

    @property
    def public_id(self) -> str:
        return self.row.public_id

    @property
    def as_shown(self) -> tuple[int, dict[str, Any], datetime, datetime | None]:
        """The ``shown`` argument of ``page_verification.page_report``."""
        return self.version, self.document, self.valid_from, self.valid_until


async def load_version(session: AsyncSession, public_id: str, version: int | None) -> ShownVersion:
    row = await get_credential(session, public_id)
    certification = await session.get(CertificationRow, row.certification_id)
    if certification is None:
        raise CredentialNotFound(public_id)
    if version is None or version == row.version:
        return ShownVersion(
            row,
            certification,
            row.version,
            row.document,
            row.vc_jwt,
            row.valid_from,
            row.valid_until,
            None,
        )
    old = await session.scalar(
        select(CredentialVersionRow).where(
            CredentialVersionRow.credential_id == row.id, CredentialVersionRow.version == version
        )
    )
    if old is None:
        raise VersionNotFound(public_id, version)
    return ShownVersion(
        row,
        certification,
        old.version,
        old.document,
        old.vc_jwt,
        old.valid_from,
        old.valid_until,
        old.superseded_at,
    )
