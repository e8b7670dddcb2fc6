"""What the public pages load, as values: a credential, one of its versions, its certification.

The only module of ``service.public`` that touches ORM rows. Pages, verdicts and renders take
these frozen values, so they cannot write through a row by accident and can be built in tests
without a database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from credentials import format_datetime
from service.credentials.errors import CertificationGone, CredentialNotFound
from service.credentials.states import CredentialStatus
from service.db.models import CertificationRow, CredentialRow, CredentialVersionRow, StatusListRow


@dataclass(frozen=True)
class PublicCertification:
    """What a public page or badge shows of a certification."""

    id: UUID
    name: str
    tier: str
    description: str
    criteria: str
    badge_image: bytes | None
    badge_media_type: str | None


@dataclass(frozen=True)
class PublicVersion:
    """One signed version of a credential: the current one, or one a renewal superseded."""

    version: int
    document: dict[str, Any]
    vc_jwt: str
    valid_from: datetime
    valid_until: datetime | None
    superseded_at: datetime | None


@dataclass(frozen=True)
class PublicCredential:
    """A credential's record as its public pages need it; ``current`` is its latest version."""

    key: UUID
    public_id: str
    certification_id: UUID
    holder_name: str
    awarded_date: datetime
    status: CredentialStatus
    status_reason: str | None
    status_changed_at: datetime | None
    status_list_number: int
    current: PublicVersion


def _certification(row: CertificationRow) -> PublicCertification:
    return PublicCertification(
        id=row.id,
        name=row.name,
        tier=row.tier,
        description=row.description,
        criteria=row.criteria,
        badge_image=bytes(row.badge_image) if row.badge_image is not None else None,
        badge_media_type=row.badge_media_type,
    )


def _credential(row: CredentialRow) -> PublicCredential:
    return PublicCredential(
        key=row.id,
        public_id=row.public_id,
        certification_id=row.certification_id,
        holder_name=row.holder_name,
        awarded_date=row.awarded_date,
        status=row.status,
        status_reason=row.status_reason,
        status_changed_at=row.status_changed_at,
        status_list_number=row.status_list_number,
        current=PublicVersion(
            row.version, row.document, row.vc_jwt, row.valid_from, row.valid_until, None
        ),
    )


def _version(row: CredentialVersionRow) -> PublicVersion:
    return PublicVersion(
        row.version, row.document, row.vc_jwt, row.valid_from, row.valid_until, row.superseded_at
    )


async def badge_certification(session: AsyncSession, certification_id: UUID) -> PublicCertification:
    """The certification whose badge is drawn (its stored image, or a generated one)."""
    row = await session.get(CertificationRow, certification_id)
    if row is None:
        raise CertificationGone(certification_id)
    return _certification(row)


async def find_credential(session: AsyncSession, public_id: str) -> PublicCredential | None:
    row = await session.scalar(select(CredentialRow).where(CredentialRow.public_id == public_id))
    return _credential(row) if row is not None else None


async def credential_and_certification(
    session: AsyncSession, public_id: str
) -> tuple[PublicCredential, PublicCertification]:
    """The credential behind a public URL and its certification; not found when either is gone."""
    credential = await find_credential(session, public_id)
    if credential is None:
        raise CredentialNotFound(public_id)
    row = await session.get(CertificationRow, credential.certification_id)
    if row is None:
        raise CredentialNotFound(public_id)
    return credential, _certification(row)


async def earlier_version(
    session: AsyncSession, credential: PublicCredential, version: int
) -> PublicVersion | None:
    row = await session.scalar(
        select(CredentialVersionRow).where(
            CredentialVersionRow.credential_id == credential.key,
            CredentialVersionRow.version == version,
        )
    )
    return _version(row) if row is not None else None


async def version_valid_from(
    session: AsyncSession, credential: PublicCredential, valid_from: datetime
) -> PublicVersion | None:
    """The stored version that became valid at ``valid_from`` (to the second, as signed)."""
    rows = await session.scalars(
        select(CredentialVersionRow).where(CredentialVersionRow.credential_id == credential.key)
    )
    wanted = format_datetime(valid_from)
    return next((_version(v) for v in rows if format_datetime(v.valid_from) == wanted), None)


async def status_list_state(session: AsyncSession, number: int) -> tuple[tuple[str, Any], ...]:
    """Each purpose's ``signed_at`` for list ``number``: changes whenever any bit changes."""
    rows = await session.execute(
        select(StatusListRow.purpose, StatusListRow.signed_at)
        .where(StatusListRow.number == number)
        .order_by(StatusListRow.purpose)
    )
    return tuple((purpose, signed_at) for purpose, signed_at in rows.all())
