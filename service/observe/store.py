"""The figures ``/metrics`` reads from the database at scrape time (shared by all processes)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from service.attempts.status import AttemptStatus
from service.credentials.outbox import due
from service.db.models import AttemptRow, CredentialOutboxRow


@dataclass(frozen=True)
class Backlog:
    issuance_due: int
    """Credentials owed and due now (the issuance worker's queue)."""
    issuance_oldest_seconds: float
    """How long the oldest due credential has waited since it was owed (0 when none)."""
    sweeper_lag_seconds: float
    """How long past deadline plus grace the oldest still-open attempt is (0 when none)."""


async def backlog(session: AsyncSession, now: datetime, grace: timedelta) -> Backlog:
    count, oldest = (
        await session.execute(
            select(func.count(), func.min(CredentialOutboxRow.created_at)).where(due(now))
        )
    ).one()
    overdue = await session.scalar(
        select(func.min(AttemptRow.deadline)).where(
            AttemptRow.status == AttemptStatus.IN_PROGRESS, AttemptRow.deadline < now - grace
        )
    )
    return Backlog(
        issuance_due=int(count),
        issuance_oldest_seconds=max(0.0, (now - oldest).total_seconds()) if oldest else 0.0,
        sweeper_lag_seconds=(now - grace - overdue).total_seconds() if overdue else 0.0,
    )
