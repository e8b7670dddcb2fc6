"""Revoke, suspend, reinstate: each changes the row and the status bits in one transaction,
and writes its webhook event (``service.webhooks.emit``) in that same transaction.

Revocation is permanent (its reason, time and actor are kept); a revoked credential cannot be
reinstated. Suspension is temporary. See `service.credentials.status_lists` for which bits.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from service.credentials.errors import (
    AlreadyRevoked,
    CredentialNotFound,
    CredentialsNotFound,
    NoCredentialIds,
    ReasonMissing,
    WrongStatus,
)
from service.credentials.states import CredentialStatus
from service.credentials.status_lists import set_bits
from service.db.models import CredentialRow
from service.settings import Settings
from service.webhooks.emit import credential_changed
from service.webhooks.events import EventType


async def get_credential(session: AsyncSession, public_id: str) -> CredentialRow:
    row = await session.scalar(select(CredentialRow).where(CredentialRow.public_id == public_id))
    if row is None:
        raise CredentialNotFound(public_id)
    return row


def _require_reason(reason: str) -> str:
    reason = reason.strip()
    if not reason:
        raise ReasonMissing()
    return reason


def _record(
    row: CredentialRow, status: CredentialStatus, reason: str | None, actor: str, now: datetime
) -> None:
    row.status = status
    row.status_reason = reason
    row.status_changed_at = now
    row.status_changed_by = actor


async def _revoke_row(
    session: AsyncSession,
    settings: Settings,
    row: CredentialRow,
    reason: str,
    actor: str,
    now: datetime,
) -> None:
    _record(row, CredentialStatus.REVOKED, reason, actor, now)
    await set_bits(
        session,
        settings,
        number=row.status_list_number,
        index=row.status_index,
        purposes=("suspension", "revocation"),
        value=True,
        now=now,
    )
    await credential_changed(session, settings, row, EventType.CREDENTIAL_REVOKED, now)


async def revoke(
    session: AsyncSession,
    settings: Settings,
    public_id: str,
    *,
    reason: str,
    actor: str,
    now: datetime,
) -> None:
    reason = _require_reason(reason)
    row = await get_credential(session, public_id)
    if row.status == CredentialStatus.REVOKED:
        raise AlreadyRevoked(public_id)
    await _revoke_row(session, settings, row, reason, actor, now)


async def bulk_revoke(
    session: AsyncSession,
    settings: Settings,
    public_ids: Sequence[str],
    *,
    reason: str,
    actor: str,
    now: datetime,
) -> list[str]:
    """Revoke all or none: every unknown id is named before anything changes; returns the ids
    revoked now. Ids already revoked are left as they are (their first reason stands).
    """
    reason = _require_reason(reason)
    wanted = list(dict.fromkeys(public_ids))
    if not wanted:
        raise NoCredentialIds()
    rows = (
        await session.scalars(select(CredentialRow).where(CredentialRow.public_id.in_(wanted)))
    ).all()
    found = {row.public_id: row for row in rows}
    missing = [public_id for public_id in wanted if public_id not in found]
    if missing:
        raise CredentialsNotFound(missing, wanted=len(wanted))
    changed: list[str] = []
    for public_id in wanted:
        row = found[public_id]
        if row.status != CredentialStatus.REVOKED:
            await _revoke_row(session, settings, row, reason, actor, now)
            changed.append(public_id)
    return changed


async def suspend(
    session: AsyncSession,
    settings: Settings,
    public_id: str,
    *,
    reason: str,
    actor: str,
    now: datetime,
) -> None:
    reason = _require_reason(reason)
    row = await get_credential(session, public_id)
    if row.status != CredentialStatus.ACTIVE:
        raise WrongStatus(
            f"credential {public_id!r} is {row.status}, not active",
            public_id=public_id,
            status=row.status,
        )
    _record(row, CredentialStatus.SUSPENDED, reason, actor, now)
    await set_bits(
        session,
        settings,
        number=row.status_list_number,
        index=row.status_index,
        purposes=("suspension",),
        value=True,
        now=now,
    )
    await credential_changed(session, settings, row, EventType.CREDENTIAL_SUSPENDED, now)


async def reinstate(
    session: AsyncSession, settings: Settings, public_id: str, *, actor: str, now: datetime
) -> None:
    row = await get_credential(session, public_id)
    if row.status != CredentialStatus.SUSPENDED:
        raise WrongStatus(
            f"only a suspended credential can be reinstated; this one is {row.status}",
            public_id=public_id,
            status=row.status,
        )
    _record(row, CredentialStatus.ACTIVE, None, actor, now)
    await set_bits(
        session,
        settings,
        number=row.status_list_number,
        index=row.status_index,
        purposes=("suspension",),
        value=False,
        now=now,
    )
    await credential_changed(session, settings, row, EventType.CREDENTIAL_REINSTATED, now)
