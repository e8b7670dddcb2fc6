"""Webhook endpoints, the events written with each change, their deliveries and every try.

An event row is written in the transaction of the change it reports (the outbox), with one
delivery row per endpoint subscribed to its type at that moment. The delivery row is the unit
of work of the worker: it is claimed with a lease (``lease_until``) so that a worker that dies
mid-delivery leaves it to another after the lease runs out, and it is unique per event and
endpoint, so a redelivery or replay re-arms the same row instead of sending a second copy.
``order_key`` (e.g. ``credential:<id>``) with the event's time and id orders the deliveries of
one credential to one endpoint. ``credential_notices`` remembers each expiry reminder sent, so
each (credential, threshold, validUntil) is announced once.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from advanced_alchemy.types import DateTimeUTC
from sqlalchemy import (
    JSON,
    Boolean,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from service.db.models.base import Base


class WebhookEndpointRow(Base):
    """A receiver an admin registered; the signing secret is AES-GCM encrypted at rest."""

    __tablename__ = "webhook_endpoints"

    url: Mapped[str] = mapped_column(String(2000))
    description: Mapped[str] = mapped_column(String(200), default="")
    secret_encrypted: Mapped[bytes] = mapped_column(LargeBinary)
    event_types: Mapped[list[str]] = mapped_column(JSON)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    disabled_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True), nullable=True)
    disabled_reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    failing_since: Mapped[datetime | None] = mapped_column(
        DateTimeUTC(timezone=True), nullable=True
    )
    consecutive_failures: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class WebhookEventRow(Base):
    """One fact to announce; its id is the ``webhook-id`` every delivery of it carries."""

    __tablename__ = "webhook_events"
    __table_args__ = (Index("ix_webhook_events_occurred", "occurred_at"),)

    event_type: Mapped[str] = mapped_column(String(50))
    occurred_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
    order_key: Mapped[str] = mapped_column(String(100))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)


PENDING_ONLY = "state = 'pending'"
"""The worker's claim reads only pending rows, in event order: a partial index of them stays
the size of the backlog however many delivered rows accumulate (``store.due`` names the
state as a literal so both planners can use it)."""


class WebhookDeliveryRow(Base):
    """One event owed to one endpoint: pending until delivered or given up."""

    __tablename__ = "webhook_deliveries"
    __table_args__ = (
        UniqueConstraint("event_id", "endpoint_id"),
        Index(
            "ix_webhook_deliveries_pending",
            "endpoint_id",
            "occurred_at",
            "event_id",
            postgresql_where=text(PENDING_ONLY),
            sqlite_where=text(PENDING_ONLY),
        ),
        Index("ix_webhook_deliveries_order", "endpoint_id", "order_key", "state"),
    )

    event_id: Mapped[UUID] = mapped_column(ForeignKey("webhook_events.id", ondelete="CASCADE"))
    endpoint_id: Mapped[UUID] = mapped_column(
        ForeignKey("webhook_endpoints.id", ondelete="CASCADE")
    )
    order_key: Mapped[str] = mapped_column(String(100))
    occurred_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
    state: Mapped[str] = mapped_column(String(20))
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    first_attempt_at: Mapped[datetime | None] = mapped_column(
        DateTimeUTC(timezone=True), nullable=True
    )
    next_attempt_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
    lease_until: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True), nullable=True)
    lease_owner: Mapped[str | None] = mapped_column(String(64), nullable=True)
    delivered_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True), nullable=True)
    last_status: Mapped[int | None] = mapped_column(Integer, nullable=True)
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)


class WebhookAttemptRow(Base):
    """One HTTP try of a delivery: what the receiver answered and how long it took."""

    __tablename__ = "webhook_attempts"
    __table_args__ = (Index("ix_webhook_attempts_delivery", "delivery_id", "attempted_at"),)

    delivery_id: Mapped[UUID] = mapped_column(
        ForeignKey("webhook_deliveries.id", ondelete="CASCADE")
    )
    attempted_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
    status_code: Mapped[int | None] = mapped_column(Integer, nullable=True)
    latency_ms: Mapped[int] = mapped_column(Integer)
    response_excerpt: Mapped[str | None] = mapped_column(Text, nullable=True)
    error: Mapped[str | None] = mapped_column(Text, nullable=True)


class CredentialNoticeRow(Base):
    """An expiry reminder (``expiring:30``) or ``expired`` already announced for this validUntil."""

    __tablename__ = "credential_notices"
    __table_args__ = (UniqueConstraint("credential_id", "notice", "valid_until"),)

    credential_id: Mapped[UUID] = mapped_column(ForeignKey("credentials.id", ondelete="CASCADE"))
    notice: Mapped[str] = mapped_column(String(30))
    valid_until: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))


class CertificationReminderRow(Base):
    """How many days before validUntil this certification's holders are reminded."""

    __tablename__ = "certification_reminders"

    certification_id: Mapped[UUID] = mapped_column(
        ForeignKey("certifications.id", ondelete="CASCADE"), unique=True
    )
    days_before: Mapped[list[int]] = mapped_column(JSON)
