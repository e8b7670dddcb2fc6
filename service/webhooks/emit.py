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
from service.db.models import AttemptRow, CredentialRow
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
    account_blocks,
    attempt_block,
    certification_block,
    certifications_by_id,
    credential_block,
    exam_certification,
    learner_blocks,
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
    changed = await credentials_changed(
        session, settings, [credential], event_type, now, reminder=reminder
    )
    return changed[0]


async def credentials_changed(
    session: AsyncSession,
    settings: Settings,
    credentials: Sequence[CredentialRow],
    event_type: EventType,
    now: datetime,
    *,
    reminder: ReminderBlock | None = None,
) -> list[UUID]:
    """`credential_changed` for many credentials (an issuance batch) in a fixed number of
    reads; the event ids, in the order of ``credentials``.

    When the change moves coverage, each credential earned under an account also announces the
    account's counts; those are counted once per account, after every change in the batch.
    """
    if event_type not in CREDENTIAL_EVENTS:
        raise ValueError(f"{event_type} is not a credential event")
    if not credentials:
        return []
    certifications = await certifications_by_id(
        session, {credential.certification_id for credential in credentials}
    )
    learners = await learner_blocks(
        session, {credential.learner_id: credential.holder_name for credential in credentials}
    )
    accounts = await account_blocks(
        session, {(credential.learner_id, credential.account_id) for credential in credentials}
    )
    events: list[store.NewEvent] = []
    for credential in credentials:
        status = effective_status(CredentialStatus(credential.status), credential.valid_until, now)
        event_id = store.new_event_id()
        data = EventData(
            event_id=str(event_id),
            learner=learners[credential.learner_id],
            account=accounts.get((credential.learner_id, credential.account_id)),
            certification=certification_block(certifications[credential.certification_id]),
            credential=credential_block(settings, credential, str(status)),
            reminder=reminder,
        )
        order_key = credential_order_key(credential.id)
        events.append(store.NewEvent(event_id, event_type, now, order_key, data))
    if event_type in COVERAGE_MOVING:
        events.extend(await _coverage_events(session, credentials, events, now, str(event_type)))
    await store.add_events(session, events)
    return [event.event_id for event in events[: len(credentials)]]


async def _coverage_events(
    session: AsyncSession,
    credentials: Sequence[CredentialRow],
    events: Sequence[store.NewEvent],
    now: datetime,
    change: str,
) -> list[store.NewEvent]:
    counted: dict[UUID, tuple[AccountBlock, list[CoverageLine]]] = {}
    announced: list[store.NewEvent] = []
    for credential, event in zip(credentials, events, strict=False):
        if credential.account_id is None:
            continue
        if credential.account_id not in counted:
            counted[credential.account_id] = await coverage_lines(
                session, credential.account_id, now
            )
        account, lines = counted[credential.account_id]
        announced.append(_coverage_event(account, lines, now, change, event.data.learner))
    return announced


def _coverage_event(
    account: AccountBlock,
    coverage: Sequence[CoverageLine],
    now: datetime,
    change: str,
    learner: LearnerBlock | None,
) -> store.NewEvent:
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
    return store.NewEvent(event_id, EventType.ACCOUNT_COVERAGE_CHANGED, now, order_key, data)


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
    event = _coverage_event(account, coverage, now, change, learner)
    await store.add_events(session, [event])
    return event.event_id


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
