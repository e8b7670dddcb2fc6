"""Reminder days per certification, and who is due: credentials reaching validUntil soon.

A certification reminds its holders 90, 60 and 30 days before validUntil unless an admin set
other days for it (``certification_reminders``). The same list of who is due feeds the admin
route and ``accredo reminders``, so a programme without a CRM can export it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from service.credentials.states import CredentialStatus
from service.credentials.urls import credential_url
from service.db.models import CertificationReminderRow, CertificationRow, CredentialRow
from service.errors import Problem
from service.settings import Settings
from service.webhooks.errors import CertificationMissing, RemindersRejected
from service.webhooks.payloads import account_block, learner_block

DEFAULT_DAYS: tuple[int, ...] = (90, 60, 30)


@dataclass(frozen=True)
class ReminderDays:
    certification_id: UUID
    days_before: list[int]
    default: bool


@dataclass(frozen=True)
class Due:
    """Field names are the wire's (``ReminderView``)."""

    learner_id: str
    learner_name: str | None
    learner_email: str | None
    account_external_id: str | None
    account_name: str | None
    certification_id: UUID
    certification: str
    tier: str
    credential_id: str
    credential_url: str
    valid_until: datetime
    days_left: int


async def days_by_certification(
    session: AsyncSession, certification_ids: Iterable[UUID]
) -> dict[UUID, tuple[int, ...]]:
    """Each certification's reminder days, largest first (the defaults where none are set)."""
    wanted = list(set(certification_ids))
    configured = {
        row.certification_id: tuple(sorted(set(row.days_before), reverse=True))
        for row in (
            await session.scalars(
                select(CertificationReminderRow).where(
                    CertificationReminderRow.certification_id.in_(wanted)
                )
            )
        ).all()
    }
    return {cid: configured.get(cid, DEFAULT_DAYS) for cid in wanted}


async def _certification(session: AsyncSession, certification_id: UUID) -> CertificationRow:
    found = await session.get(CertificationRow, certification_id)
    if found is None:
        raise CertificationMissing(certification_id)
    return found


async def get_reminder_days(session: AsyncSession, certification_id: UUID) -> ReminderDays:
    await _certification(session, certification_id)
    row = await session.scalar(
        select(CertificationReminderRow).where(
            CertificationReminderRow.certification_id == certification_id
        )
    )
    if row is None:
        return ReminderDays(certification_id, list(DEFAULT_DAYS), default=True)
    return ReminderDays(certification_id, sorted(set(row.days_before), reverse=True), False)


async def set_reminder_days(
    session: AsyncSession, certification_id: UUID, days: Sequence[int]
) -> ReminderDays:
    certification = await _certification(session, certification_id)
    if certification.validity_days is not None:
        too_long = [d for d in days if d >= certification.validity_days]
        if too_long:
            raise RemindersRejected(
                [
                    Problem(
                        f"{d} days is not shorter than the validity period "
                        f"({certification.validity_days} days)",
                        field="daysBefore",
                    )
                    for d in too_long
                ]
            )
    cleaned = sorted(set(days), reverse=True)
    row = await session.scalar(
        select(CertificationReminderRow).where(
            CertificationReminderRow.certification_id == certification_id
        )
    )
    if row is None:
        session.add(
            CertificationReminderRow(certification_id=certification_id, days_before=cleaned)
        )
    else:
        row.days_before = cleaned
    await session.flush()
    return ReminderDays(certification_id, cleaned, default=False)


def days_left(valid_until: datetime, now: datetime) -> int:
    """Whole days left, rounded up (a credential expiring in 29.5 days has 30 left)."""
    seconds = (valid_until - now).total_seconds()
    return max(int(-(-seconds // 86400)), 0)


async def due_reminders(
    session: AsyncSession,
    settings: Settings,
    now: datetime,
    within_days: int,
    *,
    limit: int,
    offset: int,
) -> tuple[list[Due], int]:
    """Active credentials whose validUntil falls within ``within_days``, soonest first."""
    condition = (
        CredentialRow.status == CredentialStatus.ACTIVE,
        CredentialRow.valid_until.is_not(None),
        CredentialRow.valid_until > now,
        CredentialRow.valid_until <= now + timedelta(days=within_days),
    )
    total = await session.scalar(select(func.count()).select_from(CredentialRow).where(*condition))
    rows = await session.execute(
        select(CredentialRow, CertificationRow)
        .join(CertificationRow, CertificationRow.id == CredentialRow.certification_id)
        .where(*condition)
        .order_by(CredentialRow.valid_until, CredentialRow.id)
        .limit(limit)
        .offset(offset)
    )
    found: list[Due] = []
    for credential, certification in rows.all():
        assert credential.valid_until is not None
        learner = await learner_block(session, credential.learner_id, credential.holder_name)
        account = await account_block(session, credential.learner_id)
        found.append(
            Due(
                learner_id=credential.learner_id,
                learner_name=learner.name,
                learner_email=learner.email,
                account_external_id=account.external_id if account else None,
                account_name=account.name if account else None,
                certification_id=certification.id,
                certification=certification.name,
                tier=certification.tier,
                credential_id=credential.public_id,
                credential_url=credential_url(settings, credential.public_id),
                valid_until=credential.valid_until,
                days_left=days_left(credential.valid_until, now),
            )
        )
    return found, int(total or 0)
