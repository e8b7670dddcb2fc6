"""The events a subscriber can receive and the payload each carries (its stored and wire shape).

A payload is what a CRM needs without calling back: who (learner id, name, email, account),
what (certification, tier), the credential (URL, dates, status, reason) or the attempt. The
envelope follows Standard Webhooks: ``{"type", "timestamp", "data"}``; the event id travels
in the ``webhook-id`` header and is also repeated in ``data.eventId`` for receivers that
store bodies only.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

import msgspec


class EventType(StrEnum):
    ATTEMPT_SUBMITTED = "attempt.submitted"
    CREDENTIAL_ISSUED = "credential.issued"
    CREDENTIAL_RENEWED = "credential.renewed"
    CREDENTIAL_EXPIRING = "credential.expiring"
    CREDENTIAL_EXPIRED = "credential.expired"
    CREDENTIAL_REVOKED = "credential.revoked"
    CREDENTIAL_SUSPENDED = "credential.suspended"
    CREDENTIAL_REINSTATED = "credential.reinstated"
    ACCOUNT_COVERAGE_CHANGED = "account.coverage_changed"


ALL_TYPES = tuple(EventType)


class Shape(msgspec.Struct, kw_only=True, rename="camel", omit_defaults=False):
    pass


class LearnerBlock(Shape):
    id: str
    name: str | None
    email: str | None


class AccountBlock(Shape):
    external_id: str
    name: str
    job_role: str | None = None


class CertificationBlock(Shape):
    id: str
    name: str
    tier: str


class CredentialBlock(Shape):
    id: str
    url: str
    status: str
    reason: str | None
    version: int
    awarded_date: datetime
    valid_from: datetime
    valid_until: datetime | None


class AttemptBlock(Shape):
    id: str
    number: int
    status: str
    passed: bool
    percent: float | None
    started_at: datetime
    submitted_at: datetime | None


class ReminderBlock(Shape):
    days_before: int
    days_left: int


class CoverageLine(Shape):
    """One certification and tier of an account's coverage, as the accounts area counts it."""

    certification: CertificationBlock
    current: int
    expiring: int
    expired: int
    revoked: int


class EventData(Shape):
    """The ``data`` of every event; blocks that do not apply to an event type are null."""

    event_id: str
    learner: LearnerBlock | None
    account: AccountBlock | None
    certification: CertificationBlock | None
    credential: CredentialBlock | None = None
    attempt: AttemptBlock | None = None
    reminder: ReminderBlock | None = None
    coverage: list[CoverageLine] | None = None
    change: str | None = None


class Envelope(Shape):
    type: str
    timestamp: datetime
    data: EventData
