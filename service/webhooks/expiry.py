"""The expiry job: announce ``credential.expiring`` at each reminder threshold and
``credential.expired`` once validUntil has passed, each (credential, threshold) once.

Run periodically with the injected clock. A credential first seen inside several thresholds
(the job was down, or the credential was issued close to expiry) is announced once, at the
nearest threshold. Each announcement records a ``credential_notices`` row keyed by the
credential, the notice and the validUntil it was about, in the same transaction as its event:
the unique key makes a second process (or a second run) skip it, and a renewal, which moves
validUntil, arms the reminders again.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

from litestar import Litestar
from sqlalchemy import ColumnElement, exists, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from service.background import periodic
from service.credentials.states import CredentialStatus
from service.db.models import CertificationReminderRow, CredentialNoticeRow, CredentialRow
from service.db.session import transaction
from service.settings import Settings
from service.webhooks.emit import credential_changed
from service.webhooks.events import EventType, ReminderBlock
from service.webhooks.reminders import DEFAULT_DAYS, days_by_certification, days_left

logger = logging.getLogger("accredo.webhooks.expiry")
BATCH = 200
EXPIRED = "expired"


@dataclass(frozen=True)
class Owed:
    credential_id: UUID
    notice: str
    valid_until: datetime
    days_before: int | None


def _not_noticed(notice: str) -> ColumnElement[bool]:
    return ~exists().where(
        CredentialNoticeRow.credential_id == CredentialRow.id,
        CredentialNoticeRow.notice == notice,
        CredentialNoticeRow.valid_until == CredentialRow.valid_until,
    )


async def _owed(session: AsyncSession, now: datetime) -> list[Owed]:
    owed: list[Owed] = []
    expired = await session.execute(
        select(CredentialRow.id, CredentialRow.valid_until).where(
            CredentialRow.status == CredentialStatus.ACTIVE,
            CredentialRow.valid_until.is_not(None),
            CredentialRow.valid_until <= now,
            _not_noticed(EXPIRED),
        )
    )
    owed += [Owed(cid, EXPIRED, until, None) for cid, until in expired.all() if until]
    horizon = await _horizon(session)
    soon = (
        await session.execute(
            select(CredentialRow.id, CredentialRow.certification_id, CredentialRow.valid_until)
            .where(
                CredentialRow.status == CredentialStatus.ACTIVE,
                CredentialRow.valid_until.is_not(None),
                CredentialRow.valid_until > now,
                CredentialRow.valid_until <= now + timedelta(days=horizon),
            )
            .order_by(CredentialRow.valid_until)
        )
    ).all()
    if not soon:
        return owed
    days = await days_by_certification(session, {row.certification_id for row in soon})
    noticed = {
        (row.credential_id, row.notice, row.valid_until)
        for row in (
            await session.scalars(
                select(CredentialNoticeRow).where(
                    CredentialNoticeRow.credential_id.in_([row.id for row in soon])
                )
            )
        ).all()
    }
    for credential_id, certification_id, valid_until in soon:
        if valid_until is None:
            continue
        crossed = [d for d in days[certification_id] if valid_until - now <= timedelta(days=d)]
        if not crossed:
            continue
        nearest = min(crossed)
        notice = f"expiring:{nearest}"
        if (credential_id, notice, valid_until) not in noticed:
            owed.append(Owed(credential_id, notice, valid_until, nearest))
    return owed


async def _horizon(session: AsyncSession) -> int:
    """The largest reminder day of any certification (defaults included)."""
    configured = (await session.scalars(select(CertificationReminderRow.days_before))).all()
    return max([*DEFAULT_DAYS, *(d for days in configured for d in days)])


async def _announce(session: AsyncSession, settings: Settings, owed: Owed, now: datetime) -> bool:
    credential = await session.get(CredentialRow, owed.credential_id)
    if (
        credential is None
        or credential.status != CredentialStatus.ACTIVE
        or credential.valid_until != owed.valid_until
    ):
        return False
    try:
        async with session.begin_nested():
            session.add(
                CredentialNoticeRow(
                    credential_id=owed.credential_id,
                    notice=owed.notice,
                    valid_until=owed.valid_until,
                )
            )
            await session.flush()
    except IntegrityError:
        return False  # another process announced it
    if owed.days_before is None:
        await credential_changed(session, settings, credential, EventType.CREDENTIAL_EXPIRED, now)
    else:
        reminder = ReminderBlock(
            days_before=owed.days_before, days_left=days_left(owed.valid_until, now)
        )
        await credential_changed(
            session, settings, credential, EventType.CREDENTIAL_EXPIRING, now, reminder=reminder
        )
    return True


async def announce_expiries(engine: AsyncEngine, settings: Settings, now: datetime) -> int:
    """Announce what is owed at ``now``; returns how many events were written."""
    async with transaction(engine) as session:
        owed = await _owed(session, now)
    announced = 0
    for start in range(0, len(owed), BATCH):
        async with transaction(engine) as session:
            for item in owed[start : start + BATCH]:
                announced += await _announce(session, settings, item, now)
    return announced


async def _tick(app: Litestar) -> None:
    count = await announce_expiries(app.state.engine, app.state.settings, app.state.clock.now())
    if count:
        logger.info("announced %d credential expiry events", count)


expiry_job = periodic(
    _tick, every=lambda app: float(app.state.settings.expiry_scan_seconds), logger=logger
)
