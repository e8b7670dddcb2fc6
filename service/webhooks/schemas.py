"""Wire shapes of the webhook, delivery and reminder routes (admins)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

import msgspec
from msgspec import Meta

from service.webhooks.events import ALL_TYPES, EventType
from service.webhooks.states import DeliveryState
from service.wire import NAME_LENGTH, WireModel

Url = Annotated[str, Meta(min_length=1, max_length=2000)]
Description = Annotated[str, Meta(max_length=NAME_LENGTH)]
Secret = Annotated[str, Meta(min_length=1, max_length=200)]
EventTypes = Annotated[list[EventType], Meta(min_length=1, max_length=len(ALL_TYPES))]
ReminderDays = Annotated[list[Annotated[int, Meta(ge=1, le=3650)]], Meta(max_length=12)]


class EndpointCreate(WireModel):
    """``secret`` omitted: one is generated (``whsec_`` and 32 random bytes) and shown once."""

    url: Url
    event_types: EventTypes = msgspec.field(default_factory=lambda: list(ALL_TYPES))
    description: Description = ""
    active: bool = True
    secret: Secret | None = None


class EndpointUpdate(WireModel):
    """Only the fields given change; ``active: true`` also re-enables a disabled endpoint."""

    url: Url | msgspec.UnsetType = msgspec.UNSET
    event_types: EventTypes | msgspec.UnsetType = msgspec.UNSET
    description: Description | msgspec.UnsetType = msgspec.UNSET
    active: bool | msgspec.UnsetType = msgspec.UNSET


class EndpointView(WireModel):
    id: UUID
    url: str
    description: str
    event_types: list[str]
    active: bool
    disabled_at: datetime | None
    disabled_reason: str | None
    consecutive_failures: int
    failing_since: datetime | None
    created_at: datetime
    updated_at: datetime


class EndpointWithSecret(WireModel):
    """The endpoint and its signing secret: returned only on creation and rotation."""

    endpoint: EndpointView
    secret: str


class SecretRotation(WireModel):
    """``secret`` omitted: a new one is generated."""

    secret: Secret | None = None


class DeliveryTry(WireModel):
    attempted_at: datetime
    status_code: int | None
    latency_ms: int
    response_excerpt: str | None
    error: str | None


class DeliveryView(WireModel):
    id: UUID
    event_id: UUID
    event_type: str
    endpoint_id: UUID
    state: DeliveryState
    attempts: int
    occurred_at: datetime
    next_attempt_at: datetime
    delivered_at: datetime | None
    last_status: int | None
    last_error: str | None
    tries: list[DeliveryTry]
    """The latest tries, newest first (at most 10)."""


class Replay(WireModel):
    """Re-send every event of the endpoint's types that occurred in [from, to)."""

    from_: datetime = msgspec.field(name="from")
    to: datetime
    event_types: list[EventType] | None = None


class Armed(WireModel):
    """How many events were made due again to the endpoint."""

    armed: int


class ReminderDaysView(WireModel):
    certification_id: UUID
    days_before: list[int]
    default: bool


class ReminderDaysUpdate(WireModel):
    """Days before validUntil to send ``credential.expiring``; empty: no reminders."""

    days_before: ReminderDays


class ReminderView(WireModel):
    """One holder whose credential reaches its validUntil within the asked window."""

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
