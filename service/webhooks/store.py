"""Rows of the webhook tables to and from domain values; the only module here touching rows.

The event payload (a JSON column) is written from the ``EventData`` Struct and read back
through it, once, when a delivery is claimed.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

import msgspec
from sqlalchemy import (
    ColumnElement,
    Select,
    String,
    and_,
    exists,
    func,
    literal_column,
    or_,
    select,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased
from uuid_utils.compat import uuid7

from service.db.models import (
    WebhookAttemptRow,
    WebhookDeliveryRow,
    WebhookEndpointRow,
    WebhookEventRow,
)
from service.webhooks.events import Envelope, EventData
from service.webhooks.states import DeliveryState
from service.webhooks.wake import written

_last_id = 0
_id_lock = threading.Lock()


def new_event_id() -> UUID:
    """A UUIDv7, strictly increasing within this process (ties in one millisecond included),
    so events of one credential written one after another sort in the order written."""
    global _last_id
    with _id_lock:
        candidate = uuid7().int
        _last_id = candidate if candidate > _last_id else _last_id + 1
        return UUID(int=_last_id)


@dataclass(frozen=True)
class Endpoint:
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


def endpoint_value(row: WebhookEndpointRow) -> Endpoint:
    return Endpoint(
        id=row.id,
        url=row.url,
        description=row.description,
        event_types=list(row.event_types),
        active=row.active,
        disabled_at=row.disabled_at,
        disabled_reason=row.disabled_reason,
        consecutive_failures=row.consecutive_failures,
        failing_since=row.failing_since,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


@dataclass(frozen=True)
class Delivery:
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


@dataclass(frozen=True)
class AttemptLog:
    attempted_at: datetime
    status_code: int | None
    latency_ms: int
    response_excerpt: str | None
    error: str | None


@dataclass(frozen=True)
class Claimed:
    """A delivery leased to one worker, with everything needed to send it."""

    delivery_id: UUID
    event_id: UUID
    event_type: str
    body: bytes
    attempts: int


def _delivery(row: WebhookDeliveryRow, event_type: str) -> Delivery:
    return Delivery(
        id=row.id,
        event_id=row.event_id,
        event_type=event_type,
        endpoint_id=row.endpoint_id,
        state=DeliveryState(row.state),
        attempts=row.attempts,
        occurred_at=row.occurred_at,
        next_attempt_at=row.next_attempt_at,
        delivered_at=row.delivered_at,
        last_status=row.last_status,
        last_error=row.last_error,
    )


# ---------------------------------------------------------------- events (write side)


@dataclass(frozen=True)
class NewEvent:
    """An event to write: what `add_events` stores, with its deliveries."""

    event_id: UUID
    event_type: str
    occurred_at: datetime
    order_key: str
    data: EventData


async def add_event(
    session: AsyncSession,
    event_id: UUID,
    event_type: str,
    occurred_at: datetime,
    order_key: str,
    data: EventData,
) -> None:
    """The event and a pending delivery to each active endpoint subscribed to its type."""
    await add_events(session, [NewEvent(event_id, event_type, occurred_at, order_key, data)])


async def add_events(session: AsyncSession, events: Sequence[NewEvent]) -> None:
    """`add_event` for many events: one read of the endpoints and one flush for all."""
    if not events:
        return
    endpoints = (
        await session.execute(
            select(WebhookEndpointRow.id, WebhookEndpointRow.event_types).where(
                WebhookEndpointRow.active.is_(True)
            )
        )
    ).all()
    for event in events:
        envelope = Envelope(type=event.event_type, timestamp=event.occurred_at, data=event.data)
        session.add(
            WebhookEventRow(
                id=event.event_id,
                event_type=event.event_type,
                occurred_at=event.occurred_at,
                order_key=event.order_key,
                payload=msgspec.to_builtins(envelope),
            )
        )
    await session.flush()  # the deliveries' foreign key needs the events first
    session.add_all(
        _new_delivery(
            event.event_id, endpoint_id, event.order_key, event.occurred_at, event.occurred_at
        )
        for event in events
        for endpoint_id, types in endpoints
        if event.event_type in types
    )
    written(session)
    await session.flush()


def _new_delivery(
    event_id: UUID, endpoint_id: UUID, order_key: str, occurred_at: datetime, due: datetime
) -> WebhookDeliveryRow:
    return WebhookDeliveryRow(
        event_id=event_id,
        endpoint_id=endpoint_id,
        order_key=order_key,
        occurred_at=occurred_at,
        state=DeliveryState.PENDING,
        attempts=0,
        next_attempt_at=due,
    )


def envelope_bytes(payload: dict[str, Any]) -> bytes:
    """The request body: the stored envelope, checked against its shape, as compact JSON."""
    return msgspec.json.encode(msgspec.convert(payload, Envelope))


# ---------------------------------------------------------------- endpoints


async def endpoint_row(session: AsyncSession, endpoint_id: UUID) -> WebhookEndpointRow | None:
    return await session.get(WebhookEndpointRow, endpoint_id)


async def list_endpoints(
    session: AsyncSession, limit: int, offset: int
) -> tuple[list[Endpoint], int]:
    total = await session.scalar(select(func.count()).select_from(WebhookEndpointRow))
    rows = await session.scalars(
        select(WebhookEndpointRow)
        .order_by(WebhookEndpointRow.created_at, WebhookEndpointRow.id)
        .limit(limit)
        .offset(offset)
    )
    return [endpoint_value(row) for row in rows.all()], int(total or 0)


# ---------------------------------------------------------------- deliveries (admin side)


async def list_deliveries(
    session: AsyncSession,
    *,
    endpoint_id: UUID | None,
    event_id: UUID | None,
    state: DeliveryState | None,
    limit: int,
    offset: int,
) -> tuple[list[Delivery], int]:
    conditions: list[ColumnElement[bool]] = []
    if endpoint_id is not None:
        conditions.append(WebhookDeliveryRow.endpoint_id == endpoint_id)
    if event_id is not None:
        conditions.append(WebhookDeliveryRow.event_id == event_id)
    if state is not None:
        conditions.append(WebhookDeliveryRow.state == state.value)
    total = await session.scalar(
        select(func.count()).select_from(WebhookDeliveryRow).where(*conditions)
    )
    rows = await session.execute(
        select(WebhookDeliveryRow, WebhookEventRow.event_type)
        .join(WebhookEventRow, WebhookEventRow.id == WebhookDeliveryRow.event_id)
        .where(*conditions)
        .order_by(WebhookDeliveryRow.occurred_at.desc(), WebhookDeliveryRow.event_id.desc())
        .limit(limit)
        .offset(offset)
    )
    return [_delivery(row, kind) for row, kind in rows.all()], int(total or 0)


async def delivery_attempts(
    session: AsyncSession, delivery_ids: Sequence[UUID], per_delivery: int
) -> dict[UUID, list[AttemptLog]]:
    """The latest ``per_delivery`` tries of each delivery, newest first."""
    if not delivery_ids:
        return {}
    rows = await session.scalars(
        select(WebhookAttemptRow)
        .where(WebhookAttemptRow.delivery_id.in_(delivery_ids))
        .order_by(WebhookAttemptRow.attempted_at.desc(), WebhookAttemptRow.id.desc())
    )
    found: dict[UUID, list[AttemptLog]] = {}
    for row in rows.all():
        logs = found.setdefault(row.delivery_id, [])
        if len(logs) < per_delivery:
            logs.append(
                AttemptLog(
                    attempted_at=row.attempted_at,
                    status_code=row.status_code,
                    latency_ms=row.latency_ms,
                    response_excerpt=row.response_excerpt,
                    error=row.error,
                )
            )
    return found


async def event_exists(session: AsyncSession, event_id: UUID) -> str | None:
    """The event's type, or None when there is no such event."""
    found = await session.scalar(
        select(WebhookEventRow.event_type).where(WebhookEventRow.id == event_id)
    )
    return found


async def arm(
    session: AsyncSession, endpoint: WebhookEndpointRow, event_ids: Sequence[UUID], now: datetime
) -> int:
    """Make each event due again to the endpoint now (a new delivery, or its old one re-armed
    with a fresh retry budget); the event id stays, so receivers can de-duplicate."""
    if not event_ids:
        return 0
    events = (
        await session.execute(
            select(
                WebhookEventRow.id, WebhookEventRow.order_key, WebhookEventRow.occurred_at
            ).where(WebhookEventRow.id.in_(event_ids))
        )
    ).all()
    existing = {
        row.event_id: row
        for row in (
            await session.scalars(
                select(WebhookDeliveryRow)
                .where(
                    WebhookDeliveryRow.endpoint_id == endpoint.id,
                    WebhookDeliveryRow.event_id.in_(event_ids),
                )
                .with_for_update()
            )
        ).all()
    }
    for event_id, order_key, occurred_at in events:
        row = existing.get(event_id)
        if row is None:
            session.add(_new_delivery(event_id, endpoint.id, order_key, occurred_at, now))
            continue
        row.state = DeliveryState.PENDING
        row.next_attempt_at = now
        row.first_attempt_at = None
        row.lease_until = None
        row.lease_owner = None
    written(session)
    await session.flush()
    return len(events)


async def events_in_range(
    session: AsyncSession,
    start: datetime,
    end: datetime,
    event_types: Sequence[str],
    limit: int,
) -> tuple[list[UUID], int]:
    """Ids of events that occurred in [start, end) of the given types, oldest first."""
    condition = and_(
        WebhookEventRow.occurred_at >= start,
        WebhookEventRow.occurred_at < end,
        WebhookEventRow.event_type.in_(list(event_types)),
    )
    total = await session.scalar(select(func.count()).select_from(WebhookEventRow).where(condition))
    ids = await session.scalars(
        select(WebhookEventRow.id)
        .where(condition)
        .order_by(WebhookEventRow.occurred_at, WebhookEventRow.id)
        .limit(limit)
    )
    return list(ids.all()), int(total or 0)


async def rearm_pending(session: AsyncSession, endpoint_id: UUID, now: datetime) -> None:
    """A re-enabled endpoint: its waiting deliveries are due now with a fresh retry budget."""
    await session.execute(
        update(WebhookDeliveryRow)
        .where(
            WebhookDeliveryRow.endpoint_id == endpoint_id,
            WebhookDeliveryRow.state == _pending(),
        )
        .values(next_attempt_at=now, first_attempt_at=None, lease_until=None, lease_owner=None)
    )
    written(session)


# ---------------------------------------------------------------- claiming (worker side)


def _pending() -> ColumnElement[str]:
    """'pending' written into the statement, not bound: a planner can only use the partial
    index of pending rows (``ix_webhook_deliveries_pending``) when it sees the value."""
    return literal_column(f"'{DeliveryState.PENDING.value}'", String)


def due(now: datetime) -> ColumnElement[bool]:
    """Pending, its time come, not leased by a live worker, its endpoint active, and no earlier
    event with the same order key still pending to the same endpoint (order per credential)."""
    earlier = aliased(WebhookDeliveryRow)
    return and_(
        WebhookDeliveryRow.state == _pending(),
        WebhookDeliveryRow.next_attempt_at <= now,
        or_(WebhookDeliveryRow.lease_until.is_(None), WebhookDeliveryRow.lease_until <= now),
        exists().where(
            WebhookEndpointRow.id == WebhookDeliveryRow.endpoint_id,
            WebhookEndpointRow.active.is_(True),
        ),
        ~exists().where(
            earlier.endpoint_id == WebhookDeliveryRow.endpoint_id,
            earlier.order_key == WebhookDeliveryRow.order_key,
            earlier.state == _pending(),
            or_(
                earlier.occurred_at < WebhookDeliveryRow.occurred_at,
                and_(
                    earlier.occurred_at == WebhookDeliveryRow.occurred_at,
                    earlier.event_id < WebhookDeliveryRow.event_id,
                ),
            ),
        ),
    )


async def active_endpoint_ids(session: AsyncSession) -> list[UUID]:
    ids = await session.scalars(
        select(WebhookEndpointRow.id).where(WebhookEndpointRow.active.is_(True))
    )
    return list(ids.all())


def claim_statement(endpoint_id: UUID, now: datetime, limit: int) -> Select[WebhookDeliveryRow]:
    """The endpoint's earliest ``limit`` due deliveries, locked; read in event order from
    the partial index of pending rows, so it stops after ``limit`` due ones."""
    return (
        select(WebhookDeliveryRow)
        .where(WebhookDeliveryRow.endpoint_id == endpoint_id, due(now))
        .order_by(WebhookDeliveryRow.occurred_at, WebhookDeliveryRow.event_id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )


async def claim(
    session: AsyncSession,
    endpoint_id: UUID,
    now: datetime,
    lease_until: datetime,
    owner: str,
    limit: int,
) -> list[Claimed]:
    """Lease up to ``limit`` due deliveries of one endpoint, oldest first.

    ``FOR UPDATE SKIP LOCKED`` on PostgreSQL: two workers claiming at once take different
    rows; SQLite serialises writers, and the lease check in ``due`` keeps a row one worker
    leased from being taken by the next.
    """
    rows = (await session.scalars(claim_statement(endpoint_id, now, limit))).all()
    if not rows:
        return []
    events = {
        event.id: event
        for event in (
            await session.scalars(
                select(WebhookEventRow).where(WebhookEventRow.id.in_([r.event_id for r in rows]))
            )
        ).all()
    }
    claimed: list[Claimed] = []
    for row in rows:
        row.lease_until = lease_until
        row.lease_owner = owner
        if row.first_attempt_at is None:
            row.first_attempt_at = now
        event = events[row.event_id]
        claimed.append(
            Claimed(
                delivery_id=row.id,
                event_id=row.event_id,
                event_type=event.event_type,
                body=envelope_bytes(event.payload),
                attempts=row.attempts,
            )
        )
    await session.flush()
    return claimed


async def delivery_rows(
    session: AsyncSession, delivery_ids: Sequence[UUID]
) -> dict[UUID, WebhookDeliveryRow]:
    """The deliveries of one batch, locked, in one query."""
    rows = await session.scalars(
        select(WebhookDeliveryRow)
        .where(WebhookDeliveryRow.id.in_(list(delivery_ids)))
        .order_by(WebhookDeliveryRow.id)
        .with_for_update()
    )
    return {row.id: row for row in rows.all()}


def log_attempt(
    session: AsyncSession,
    delivery_id: UUID,
    attempted_at: datetime,
    status_code: int | None,
    latency_ms: int,
    excerpt: str | None,
    error: str | None,
) -> None:
    session.add(
        WebhookAttemptRow(
            delivery_id=delivery_id,
            attempted_at=attempted_at,
            status_code=status_code,
            latency_ms=latency_ms,
            response_excerpt=excerpt,
            error=error,
        )
    )
