"""Write an event to the outbox in the caller's transaction: the hooks the changing areas call.

Each function is one small call from the place a change happens (scoring an attempt, issuing
or renewing, revoking, suspending, reinstating; the expiry job; the accounts area at merge).
It adds the event and one delivery per active endpoint subscribed to its type, and flushes;
the caller's commit makes the change and its announcement durable together, or neither.
Nothing here talks to the network.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from service.accounts.coverage_services import DEFAULT_EXPIRING_DAYS, account_coverage
from service.credentials.states import CredentialStatus, effective_status
from service.db.models import AttemptRow, CertificationRow, CredentialRow
from service.settings import Settings
from service.webhooks import store
from service.webhooks.events import (
    AccountBlock,
    CertificationBlock,
    CoverageLine,
    EventData,
    EventType,
    LearnerBlock,
    ReminderBlock,
)
from service.webhooks.payloads import (
    account_block,
    attempt_block,
    certification_block,
    credential_block,
    exam_certification,
    learner_block,
)

CREDENTIAL_EVENTS = (
    EventType.CREDENTIAL_ISSUED,
    EventType.CREDENTIAL_RENEWED,
    EventType.CREDENTIAL_EXPIRING,
    EventType.CREDENTIAL_EXPIRED,
    EventType.CREDENTIAL_REVOKED,
    EventType.CREDENTIAL_SUSPENDED,
    EventType.CREDENTIAL_REINSTATED,
)


COVERAGE_MOVING = frozenset(
    {
        EventType.CREDENTIAL_ISSUED,
        EventType.CREDENTIAL_EXPIRED,
        EventType.CREDENTIAL_REVOKED,
        EventType.CREDENTIAL_SUSPENDED,
        EventType.CREDENTIAL_REINSTATED,
    }
)
"""Credential events that can move an account's counts (a renewal keeps the holder current;
an expiring notice changes nothing yet)."""


def credential_order_key(credential_id: UUID) -> str:
    return f"credential:{credential_id}"


async def attempt_submitted(session: AsyncSession, attempt: AttemptRow, now: datetime) -> UUID:
    """An attempt was scored or closed at its deadline, passed or not."""
    certification = await exam_certification(session, attempt.exam_id)
    event_id = store.new_event_id()
    data = EventData(
        event_id=str(event_id),
        learner=LearnerBlock(
            id=attempt.learner_id, name=attempt.learner_name, email=attempt.learner_email
        ),
        account=await account_block(session, attempt.learner_id),
        certification=certification_block(certification),
        attempt=attempt_block(attempt),
    )
    await store.add_event(
        session, event_id, EventType.ATTEMPT_SUBMITTED, now, f"attempt:{attempt.id}", data
    )
    return event_id


async def credential_changed(
    session: AsyncSession,
    settings: Settings,
    credential: CredentialRow,
    event_type: EventType,
    now: datetime,
    *,
    reminder: ReminderBlock | None = None,
) -> UUID:
    """A credential was issued, renewed, revoked, suspended, reinstated, is expiring or expired.

    Call after the row holds its new state (and after a flush, for a new row's id).
    """
    if event_type not in CREDENTIAL_EVENTS:
        raise ValueError(f"{event_type} is not a credential event")
    certification = await session.get(CertificationRow, credential.certification_id)
    assert certification is not None, "a credential's certification is kept (RESTRICT key)"
    status = effective_status(CredentialStatus(credential.status), credential.valid_until, now)
    event_id = store.new_event_id()
    data = EventData(
        event_id=str(event_id),
        learner=await learner_block(session, credential.learner_id, credential.holder_name),
        account=await account_block(session, credential.learner_id, credential.account_id),
        certification=certification_block(certification),
        credential=credential_block(settings, credential, str(status)),
        reminder=reminder,
    )
    order_key = credential_order_key(credential.id)
    await store.add_event(session, event_id, event_type, now, order_key, data)
    if event_type in COVERAGE_MOVING and credential.account_id is not None:
        await announce_coverage(
            session, credential.account_id, now, change=str(event_type), learner=data.learner
        )
    return event_id


async def coverage_changed(
    session: AsyncSession,
    account: AccountBlock,
    coverage: Sequence[CoverageLine],
    now: datetime,
    *,
    change: str,
    learner: LearnerBlock | None = None,
) -> UUID:
    """An account's coverage changed (``change`` says why, e.g. ``credential.issued`` or
    ``member.added``); ``coverage`` is the account's counts after the change.

    The accounts area calls this at merge, in the transaction that changed the coverage.
    """
    event_id = store.new_event_id()
    data = EventData(
        event_id=str(event_id),
        learner=learner,
        account=account,
        certification=None,
        coverage=list(coverage),
        change=change,
    )
    order_key = f"account:{account.external_id}"[:100]
    await store.add_event(
        session, event_id, EventType.ACCOUNT_COVERAGE_CHANGED, now, order_key, data
    )
    return event_id


async def coverage_lines(
    session: AsyncSession, account_id: UUID, now: datetime
) -> tuple[AccountBlock, list[CoverageLine]]:
    """The account and its counts per certification and tier now, as the accounts area counts."""
    report = await account_coverage(
        session, account_id, now=now, expiring_days=DEFAULT_EXPIRING_DAYS
    )
    account = AccountBlock(external_id=report.account.external_id, name=report.account.name)
    lines = [
        CoverageLine(
            certification=CertificationBlock(
                id=str(certification.id), name=certification.name, tier=certification.tier
            ),
            current=standing.current,
            expiring=standing.expiring,
            expired=standing.expired,
            revoked=standing.revoked,
        )
        for certification, standing in report.coverage.certifications
    ]
    return account, lines


async def announce_coverage(
    session: AsyncSession,
    account_id: UUID,
    now: datetime,
    *,
    change: str,
    learner: LearnerBlock | None = None,
) -> UUID:
    """``account.coverage_changed`` with the account's counts after ``change`` (in the
    caller's transaction, like every event)."""
    account, lines = await coverage_lines(session, account_id, now)
    return await coverage_changed(session, account, lines, now, change=change, learner=learner)
