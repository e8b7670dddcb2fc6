"""Webhook use cases for admins: endpoints, their secrets, deliveries, redelivery and replay.

Each use case runs in the request's transaction (committed by the request); none sends
anything: redelivery and replay only make deliveries due, and the worker sends them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from service.db.models import WebhookEndpointRow
from service.errors import Problem
from service.settings import Settings
from service.webhooks import store
from service.webhooks.addresses import url_problem
from service.webhooks.errors import (
    EndpointNotFound,
    EndpointRejected,
    EventNotFound,
    ReplayRejected,
)
from service.webhooks.signing_secrets import new_secret, seal, secret_problem
from service.webhooks.states import DeliveryState

MAX_REPLAY = 10_000
TRIES_SHOWN = 10


@dataclass(frozen=True)
class EndpointInput:
    url: str | None = None
    event_types: Sequence[str] | None = None
    description: str | None = None
    active: bool | None = None


@dataclass(frozen=True)
class DeliveryWithTries:
    delivery: store.Delivery
    tries: list[store.AttemptLog]


def _problems(settings: Settings, given: EndpointInput, secret: str | None) -> list[Problem]:
    problems: list[Problem] = []
    if given.url is not None:
        reason = url_problem(given.url, settings.webhooks_allow_loopback)
        if reason is not None:
            problems.append(Problem(reason, field="url"))
    if secret is not None:
        reason = secret_problem(secret)
        if reason is not None:
            problems.append(Problem(reason, field="secret"))
    return problems


async def _endpoint(session: AsyncSession, endpoint_id: UUID) -> WebhookEndpointRow:
    row = await store.endpoint_row(session, endpoint_id)
    if row is None:
        raise EndpointNotFound(endpoint_id)
    return row


async def create_endpoint(
    session: AsyncSession, settings: Settings, given: EndpointInput, secret: str | None
) -> tuple[store.Endpoint, str]:
    """The new endpoint and its secret (generated unless supplied), shown this once."""
    problems = _problems(settings, given, secret)
    if problems:
        raise EndpointRejected(problems)
    assert given.url is not None and given.event_types is not None
    secret = secret or new_secret()
    row = WebhookEndpointRow(
        url=given.url,
        description=given.description or "",
        event_types=sorted(set(given.event_types)),
        active=True if given.active is None else given.active,
        consecutive_failures=0,
        secret_encrypted=b"",
    )
    session.add(row)
    await session.flush()
    row.secret_encrypted = seal(settings.secret_key, row.id, secret)
    await session.flush()
    await session.refresh(row)
    return store.endpoint_value(row), secret


async def update_endpoint(
    session: AsyncSession,
    settings: Settings,
    endpoint_id: UUID,
    given: EndpointInput,
    now: datetime,
) -> store.Endpoint:
    row = await _endpoint(session, endpoint_id)
    problems = _problems(settings, given, None)
    if problems:
        raise EndpointRejected(problems)
    if given.url is not None:
        row.url = given.url
    if given.event_types is not None:
        row.event_types = sorted(set(given.event_types))
    if given.description is not None:
        row.description = given.description
    if given.active is True and not row.active:
        row.active = True
        row.disabled_at = None
        row.disabled_reason = None
        row.consecutive_failures = 0
        row.failing_since = None
        await store.rearm_pending(session, row.id, now)
    elif given.active is False:
        row.active = False
    await session.flush()
    await session.refresh(row)
    return store.endpoint_value(row)


async def delete_endpoint(session: AsyncSession, endpoint_id: UUID) -> None:
    row = await _endpoint(session, endpoint_id)
    await session.delete(row)
    await session.flush()


async def rotate_secret(
    session: AsyncSession, settings: Settings, endpoint_id: UUID, secret: str | None
) -> tuple[store.Endpoint, str]:
    """A new secret signs every delivery from now on (deliveries in flight keep the old one)."""
    row = await _endpoint(session, endpoint_id)
    problems = _problems(settings, EndpointInput(), secret)
    if problems:
        raise EndpointRejected(problems)
    secret = secret or new_secret()
    row.secret_encrypted = seal(settings.secret_key, row.id, secret)
    await session.flush()
    await session.refresh(row)
    return store.endpoint_value(row), secret


async def get_endpoint(session: AsyncSession, endpoint_id: UUID) -> store.Endpoint:
    return store.endpoint_value(await _endpoint(session, endpoint_id))


async def list_endpoints(
    session: AsyncSession, limit: int, offset: int
) -> tuple[list[store.Endpoint], int]:
    return await store.list_endpoints(session, limit, offset)


async def list_deliveries(
    session: AsyncSession,
    *,
    endpoint_id: UUID | None,
    event_id: UUID | None,
    state: DeliveryState | None,
    limit: int,
    offset: int,
) -> tuple[list[DeliveryWithTries], int]:
    deliveries, total = await store.list_deliveries(
        session,
        endpoint_id=endpoint_id,
        event_id=event_id,
        state=state,
        limit=limit,
        offset=offset,
    )
    tries = await store.delivery_attempts(session, [d.id for d in deliveries], TRIES_SHOWN)
    return [DeliveryWithTries(d, tries.get(d.id, [])) for d in deliveries], total


async def redeliver(session: AsyncSession, endpoint_id: UUID, event_id: UUID, now: datetime) -> int:
    """Send the event to the endpoint again, with the same event id."""
    row = await _endpoint(session, endpoint_id)
    if await store.event_exists(session, event_id) is None:
        raise EventNotFound(event_id)
    return await store.arm(session, row, [event_id], now)


async def replay(
    session: AsyncSession,
    endpoint_id: UUID,
    start: datetime,
    end: datetime,
    event_types: Sequence[str] | None,
    now: datetime,
) -> int:
    """Re-send every event of [start, end) of the endpoint's (or the given) types."""
    row = await _endpoint(session, endpoint_id)
    problems: list[Problem] = []
    if end <= start:
        problems.append(Problem("must be after 'from'", field="to"))
    types = list(event_types) if event_types is not None else list(row.event_types)
    not_subscribed = sorted(set(types) - set(row.event_types))
    for kind in not_subscribed:
        problems.append(
            Problem(f"the endpoint is not subscribed to {kind}", field="eventTypes", item=kind)
        )
    if problems:
        raise ReplayRejected(problems)
    ids, total = await store.events_in_range(session, start, end, types, MAX_REPLAY + 1)
    if total > MAX_REPLAY:
        raise ReplayRejected(
            [
                Problem(
                    f"{total} events in range; replay at most {MAX_REPLAY} at a time",
                    field="to",
                )
            ]
        )
    return await store.arm(session, row, ids, now)
