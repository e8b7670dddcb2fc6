"""Issuance failures for admins: which owed credentials are stuck, why, and a retry after a fix."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from uuid import UUID

from sqlalchemy import Select, select
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
from service.pagination import LimitOffset, window
from service.settings import Settings


@dataclass(frozen=True)
class Failure:
    """An owed credential whose issuance failed, as admins see it (field names are the wire's)."""

    id: UUID
    learner_id: str
    learner_name: str | None
    attempt_id: UUID
    certification_id: UUID
    certification: str
    error: str | None
    failures: int
    owed_since: datetime
    last_failed_at: datetime | None
    next_retry_at: datetime | None


def _failure(row: CredentialOutboxRow, attempt: AttemptRow, cert: CertificationRow) -> Failure:
    return Failure(
        id=row.id,
        learner_id=attempt.learner_id,
        learner_name=attempt.learner_name,
        attempt_id=attempt.id,
        certification_id=cert.id,
        certification=cert.name,
        error=row.last_error,
        failures=row.failures,
        owed_since=row.created_at,
        last_failed_at=row.last_failed_at,
        next_retry_at=row.next_try_at,
    )


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
    session: AsyncSession, bounds: LimitOffset
) -> tuple[Sequence[Failure], int]:
    """Owed credentials whose issuance failed and that are not issued yet, latest failure first."""
    rows, total = await window(
        session,
        _joined()
        .where(*_STUCK)
        .order_by(CredentialOutboxRow.last_failed_at.desc(), CredentialOutboxRow.id),
        bounds,
    )
    return [_failure(outbox, attempt, cert) for outbox, attempt, cert in rows], total


def in_this_process(settings: Settings) -> Settings:
    """An admin's retry signs its one credential in a thread of the app process. The app's
    issuer runs in a child process (`service.credentials.issuer_process`) and the app process
    starts no signing process of its own: one would cost more to start than the retry's few
    milliseconds of signing, and an app process that had started one would have to stop it
    before it could exit."""
    return replace(settings, signing_processes=0)


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
    outbox, attempt, certification = found
    if outbox.processed_at is not None:
        raise AlreadyIssued(outbox.processed_at)
    outcome = await process(session, in_this_process(settings), outbox, now)
    public_id = await session.scalar(
        select(CredentialRow.public_id)
        .join(CredentialVersionRow, CredentialVersionRow.credential_id == CredentialRow.id)
        .where(CredentialVersionRow.attempt_id == attempt.id)
    )
    failure = _failure(outbox, attempt, certification)
    return RetryOutcome(outcome=outcome, failure=failure, credential_public_id=public_id)
