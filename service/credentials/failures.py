"""Issuance failures for admins: which owed credentials are stuck, why, and a retry after a fix."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from service.credentials.errors import AlreadyIssued, OwedCredentialNotFound
from service.credentials.outbox import Outcome, process
from service.db.models import (
    AttemptRow,
    CertificationRow,
    CredentialOutboxRow,
    CredentialRow,
    CredentialVersionRow,
    ExamRow,
)
from service.settings import Settings


@dataclass(frozen=True)
class Failure:
    row: CredentialOutboxRow
    attempt: AttemptRow
    certification: CertificationRow


@dataclass(frozen=True)
class RetryOutcome:
    outcome: Outcome
    failure: Failure
    credential_public_id: str | None


_STUCK = (CredentialOutboxRow.processed_at.is_(None), CredentialOutboxRow.failures > 0)


def _joined() -> Select[CredentialOutboxRow, AttemptRow, CertificationRow]:
    return (
        select(CredentialOutboxRow, AttemptRow, CertificationRow)
        .join(AttemptRow, AttemptRow.id == CredentialOutboxRow.attempt_id)
        .join(ExamRow, ExamRow.id == AttemptRow.exam_id)
        .join(CertificationRow, CertificationRow.id == ExamRow.certification_id)
    )


async def list_failures(
    session: AsyncSession, *, limit: int, offset: int
) -> tuple[Sequence[Failure], int]:
    """Owed credentials whose issuance failed and that are not issued yet, latest failure first."""
    total = await session.scalar(
        select(func.count()).select_from(CredentialOutboxRow).where(*_STUCK)
    )
    rows = await session.execute(
        _joined()
        .where(*_STUCK)
        .order_by(CredentialOutboxRow.last_failed_at.desc(), CredentialOutboxRow.id)
        .limit(limit)
        .offset(offset)
    )
    return [Failure(outbox, attempt, cert) for outbox, attempt, cert in rows.all()], int(total or 0)


async def retry_failure(
    session: AsyncSession, settings: Settings, failure_id: UUID, now: datetime
) -> RetryOutcome:
    """Issue now, whatever the backoff says (the admin fixed the cause, or wants to know)."""
    found = (
        await session.execute(
            _joined()
            .where(CredentialOutboxRow.id == failure_id)
            .with_for_update(of=CredentialOutboxRow)
        )
    ).first()
    if found is None:
        raise OwedCredentialNotFound(failure_id)
    failure = Failure(found[0], found[1], found[2])
    if failure.row.processed_at is not None:
        raise AlreadyIssued(failure.row.processed_at)
    outcome = await process(session, settings, failure.row, now)
    public_id = await session.scalar(
        select(CredentialRow.public_id)
        .join(CredentialVersionRow, CredentialVersionRow.credential_id == CredentialRow.id)
        .where(CredentialVersionRow.attempt_id == failure.attempt.id)
    )
    return RetryOutcome(outcome=outcome, failure=failure, credential_public_id=public_id)
