"""Admin routes: webhook endpoints, their deliveries, redelivery, replay, and reminders."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

import msgspec
from litestar import Controller, delete, get, patch, post, put
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody, QueryParameter
from sqlalchemy.ext.asyncio import AsyncSession

from service.auth.roles import Role, allow
from service.clock import Clock
from service.pagination import Limit, LimitOffset, Offset, Page, page
from service.settings import Settings
from service.webhooks import services
from service.webhooks.reminders import (
    ReminderDays,
    due_reminders,
    get_reminder_days,
    set_reminder_days,
)
from service.webhooks.schemas import (
    Armed,
    DeliveryTry,
    DeliveryView,
    EndpointCreate,
    EndpointUpdate,
    EndpointView,
    EndpointWithSecret,
    ReminderDaysUpdate,
    ReminderDaysView,
    ReminderView,
    Replay,
    SecretRotation,
)
from service.webhooks.states import DeliveryState
from service.webhooks.store import Endpoint

DbSession = NamedDependency[AsyncSession]
WithinDays = Annotated[
    int, QueryParameter(name="withinDays", ge=1, le=3650, description="due within this many days")
]
EndpointFilter = Annotated[UUID | None, QueryParameter(name="endpointId")]
EventFilter = Annotated[UUID | None, QueryParameter(name="eventId")]


def endpoint_view(endpoint: Endpoint) -> EndpointView:
    return msgspec.convert(endpoint, EndpointView, from_attributes=True)


def delivery_view(found: services.DeliveryWithTries) -> DeliveryView:
    d = found.delivery
    return DeliveryView(
        id=d.id,
        event_id=d.event_id,
        event_type=d.event_type,
        endpoint_id=d.endpoint_id,
        state=d.state,
        attempts=d.attempts,
        occurred_at=d.occurred_at,
        next_attempt_at=d.next_attempt_at,
        delivered_at=d.delivered_at,
        last_status=d.last_status,
        last_error=d.last_error,
        tries=[msgspec.convert(t, DeliveryTry, from_attributes=True) for t in found.tries],
    )


def _unset(value: object) -> object:
    return None if value is msgspec.UNSET else value


class WebhookController(Controller):
    path = "/admin/webhooks"
    tags = ["webhooks"]
    opt = allow(Role.ADMIN)

    @post("/endpoints", summary="Register a webhook endpoint (its secret is shown once)")
    async def create(
        self,
        db_session: DbSession,
        settings: NamedDependency[Settings],
        data: JSONBody[EndpointCreate],
    ) -> EndpointWithSecret:
        given = services.EndpointInput(
            url=data.url,
            event_types=[str(t) for t in data.event_types],
            description=data.description,
            active=data.active,
        )
        endpoint, secret = await services.create_endpoint(db_session, settings, given, data.secret)
        return EndpointWithSecret(endpoint=endpoint_view(endpoint), secret=secret)

    @get("/endpoints", summary="List webhook endpoints (disabled ones say why)")
    async def list_all(
        self, db_session: DbSession, limit: Limit = 100, offset: Offset = 0
    ) -> Page[EndpointView]:
        bounds = LimitOffset(limit=limit, offset=offset)
        endpoints, total = await services.list_endpoints(db_session, limit, offset)
        return page([endpoint_view(e) for e in endpoints], total, bounds)

    @get("/endpoints/{endpoint_id:uuid}", summary="One webhook endpoint")
    async def one(self, db_session: DbSession, endpoint_id: FromPath[UUID]) -> EndpointView:
        return endpoint_view(await services.get_endpoint(db_session, endpoint_id))

    @patch(
        "/endpoints/{endpoint_id:uuid}",
        summary="Change an endpoint; active=true re-enables a disabled one",
    )
    async def update(
        self,
        db_session: DbSession,
        settings: NamedDependency[Settings],
        clock: NamedDependency[Clock],
        endpoint_id: FromPath[UUID],
        data: JSONBody[EndpointUpdate],
    ) -> EndpointView:
        types = _unset(data.event_types)
        given = services.EndpointInput(
            url=data.url if isinstance(data.url, str) else None,
            event_types=[str(t) for t in types] if isinstance(types, list) else None,
            description=data.description if isinstance(data.description, str) else None,
            active=data.active if isinstance(data.active, bool) else None,
        )
        endpoint = await services.update_endpoint(
            db_session, settings, endpoint_id, given, clock.now()
        )
        return endpoint_view(endpoint)

    @delete("/endpoints/{endpoint_id:uuid}", summary="Remove an endpoint and its deliveries")
    async def remove(self, db_session: DbSession, endpoint_id: FromPath[UUID]) -> None:
        await services.delete_endpoint(db_session, endpoint_id)

    @post(
        "/endpoints/{endpoint_id:uuid}/secret",
        status_code=200,
        summary="Rotate the endpoint's signing secret (the new one is shown once)",
    )
    async def rotate(
        self,
        db_session: DbSession,
        settings: NamedDependency[Settings],
        endpoint_id: FromPath[UUID],
        data: JSONBody[SecretRotation],
    ) -> EndpointWithSecret:
        endpoint, secret = await services.rotate_secret(
            db_session, settings, endpoint_id, data.secret
        )
        return EndpointWithSecret(endpoint=endpoint_view(endpoint), secret=secret)

    @get("/deliveries", summary="Deliveries, newest event first, with their latest tries")
    async def deliveries(
        self,
        db_session: DbSession,
        endpoint_id: EndpointFilter = None,
        event_id: EventFilter = None,
        delivery_state: Annotated[DeliveryState | None, QueryParameter(name="state")] = None,
        limit: Limit = 100,
        offset: Offset = 0,
    ) -> Page[DeliveryView]:
        bounds = LimitOffset(limit=limit, offset=offset)
        found, total = await services.list_deliveries(
            db_session,
            endpoint_id=endpoint_id,
            event_id=event_id,
            state=delivery_state,
            limit=limit,
            offset=offset,
        )
        return page([delivery_view(d) for d in found], total, bounds)

    @post(
        "/endpoints/{endpoint_id:uuid}/events/{event_id:uuid}/redeliver",
        status_code=202,
        summary="Send one event to the endpoint again (same event id)",
    )
    async def redeliver(
        self,
        db_session: DbSession,
        clock: NamedDependency[Clock],
        endpoint_id: FromPath[UUID],
        event_id: FromPath[UUID],
    ) -> Armed:
        armed = await services.redeliver(db_session, endpoint_id, event_id, clock.now())
        return Armed(armed=armed)

    @post(
        "/endpoints/{endpoint_id:uuid}/replay",
        status_code=202,
        summary="Send again every event of a time range (same event ids)",
    )
    async def replay(
        self,
        db_session: DbSession,
        clock: NamedDependency[Clock],
        endpoint_id: FromPath[UUID],
        data: JSONBody[Replay],
    ) -> Armed:
        types = [str(t) for t in data.event_types] if data.event_types is not None else None
        armed = await services.replay(
            db_session, endpoint_id, data.from_, data.to, types, clock.now()
        )
        return Armed(armed=armed)


def reminder_days_view(found: ReminderDays) -> ReminderDaysView:
    return msgspec.convert(found, ReminderDaysView, from_attributes=True)


class ReminderController(Controller):
    path = "/admin"
    tags = ["reminders"]
    opt = allow(Role.ADMIN)

    @get("/reminders", summary="Holders whose credentials reach validUntil within N days")
    async def due(
        self,
        db_session: DbSession,
        settings: NamedDependency[Settings],
        clock: NamedDependency[Clock],
        within_days: WithinDays = 90,
        limit: Limit = 100,
        offset: Offset = 0,
    ) -> Page[ReminderView]:
        bounds = LimitOffset(limit=limit, offset=offset)
        found, total = await due_reminders(
            db_session, settings, clock.now(), within_days, limit=limit, offset=offset
        )
        views = [msgspec.convert(d, ReminderView, from_attributes=True) for d in found]
        return page(views, total, bounds)

    @get(
        "/certifications/{certification_id:uuid}/reminders",
        summary="Days before validUntil this certification's holders are reminded",
    )
    async def days(
        self, db_session: DbSession, certification_id: FromPath[UUID]
    ) -> ReminderDaysView:
        return reminder_days_view(await get_reminder_days(db_session, certification_id))

    @put(
        "/certifications/{certification_id:uuid}/reminders",
        summary="Set the days before validUntil to send credential.expiring",
    )
    async def set_days(
        self,
        db_session: DbSession,
        certification_id: FromPath[UUID],
        data: JSONBody[ReminderDaysUpdate],
    ) -> ReminderDaysView:
        found = await set_reminder_days(db_session, certification_id, data.days_before)
        return reminder_days_view(found)
