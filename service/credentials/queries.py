"""Read side: a learner's credentials, the admin list (by status, expiring soon), versions."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from service.credentials.states import CredentialStatus
from service.credentials.store import credential_record
from service.credentials.values import CredentialRecord
from service.db.models import CertificationRow, CredentialRow, CredentialVersionRow
from service.pagination import LimitOffset, window


async def learner_credentials(
    session: AsyncSession, learner_id: str, bounds: LimitOffset
) -> tuple[list[CredentialRecord], int]:
    """A window of the learner's credentials, newest award first, and how many they hold."""
    rows, total = await window(
        session,
        select(CredentialRow, CertificationRow)
        .join(CertificationRow, CertificationRow.id == CredentialRow.certification_id)
        .where(CredentialRow.learner_id == learner_id)
        .order_by(CredentialRow.awarded_date.desc(), CredentialRow.public_id),
        bounds,
    )
    return [credential_record(credential, cert) for credential, cert in rows], total


async def admin_credentials(
    session: AsyncSession,
    now: datetime,
    bounds: LimitOffset,
    *,
    status: CredentialStatus | None,
    expiring_within_days: int | None,
) -> tuple[list[CredentialRecord], int]:
    """A window of all credentials by expiry (filtered by effective status), and the count."""
    query = select(CredentialRow, CertificationRow).join(
        CertificationRow, CertificationRow.id == CredentialRow.certification_id
    )
    if status is CredentialStatus.EXPIRED:
        query = query.where(
            CredentialRow.status == CredentialStatus.ACTIVE, CredentialRow.valid_until <= now
        )
    elif status is CredentialStatus.ACTIVE:
        query = query.where(
            CredentialRow.status == CredentialStatus.ACTIVE,
            (CredentialRow.valid_until.is_(None)) | (CredentialRow.valid_until > now),
        )
    elif status is not None:
        query = query.where(CredentialRow.status == status)
    if expiring_within_days is not None:
        query = query.where(
            CredentialRow.valid_until > now,
            CredentialRow.valid_until <= now + timedelta(days=expiring_within_days),
        )
    query = query.order_by(CredentialRow.valid_until, CredentialRow.public_id)
    rows, total = await window(session, query, bounds)
    return [credential_record(credential, cert) for credential, cert in rows], total


async def versions(
    session: AsyncSession, credential: CredentialRow
) -> Sequence[CredentialVersionRow]:
    rows = await session.scalars(
        select(CredentialVersionRow)
        .where(CredentialVersionRow.credential_id == credential.id)
        .order_by(CredentialVersionRow.version)
    )
    return rows.all()
