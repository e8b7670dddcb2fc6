"""Lanes: a stuck endpoint keeps only its own slots, one recording logs every try of a batch,
and a commit that writes events wakes the worker without waiting for a poll."""

from __future__ import annotations

import asyncio
import dataclasses
import threading
from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from service.clock import SettableClock
from service.db.models import WebhookAttemptRow, WebhookDeliveryRow
from service.db.session import transaction
from service.settings import Settings
from service.webhooks.clients import new_client
from service.webhooks.emit import coverage_changed
from service.webhooks.events import AccountBlock
from service.webhooks.services import EndpointInput, create_endpoint
from service.webhooks.worker import Dispatcher, delivering
from tests.support.webhook_receiver import Receiver, start_receiver, stop_receiver

NOW = datetime(2027, 3, 1, 12, 0, tzinfo=UTC)


async def _register(engine: AsyncEngine, settings: Settings, receiver: Receiver) -> None:
    async with transaction(engine) as session:
        _, receiver.secret = await create_endpoint(
            session,
            settings,
            EndpointInput(url=receiver.url, event_types=["account.coverage_changed"]),
            None,
        )


async def _events(engine: AsyncEngine, count: int, accounts: int) -> None:
    async with transaction(engine) as session:
        for number in range(count):
            account = AccountBlock(external_id=f"acct-{number % accounts}", name="Account")
            await coverage_changed(session, account, [], NOW, change=f"change-{number}")


async def _until(condition: Callable[[], bool], seconds: float = 30.0) -> None:
    """Wait (bounded) for ``condition()``; the assertions that follow say what was expected."""
    for _ in range(int(seconds * 20)):
        if condition():
            return
        await asyncio.sleep(0.05)


async def test_a_stuck_endpoint_does_not_hold_back_a_healthy_one(
    db_engine: AsyncEngine, settings: Settings
) -> None:
    settings = dataclasses.replace(settings, webhooks_allow_loopback=True)
    stuck, healthy = start_receiver(), start_receiver()
    stuck.hold = threading.Event()
    try:
        await _register(db_engine, settings, stuck)
        await _register(db_engine, settings, healthy)
        await _events(db_engine, 12, accounts=3)
        # No shared client: each endpoint gets its own pool, as in the app and the worker.
        dispatcher = Dispatcher(db_engine, settings, SettableClock(NOW), None, concurrency=2)
        draining = asyncio.create_task(dispatcher.drain())
        await _until(lambda: len(healthy.ids()) == 12)
        assert len(healthy.ids()) == 12, "every event reached the healthy endpoint"
        assert stuck.ids() == [], "... while the stuck one has not answered once"
        stuck.hold.set()
        await draining
        assert len(dispatcher.clients) == 2
        await dispatcher.stop()
        assert dispatcher.clients == {}
        assert sorted(stuck.ids()) == sorted(healthy.ids())
        for receiver in (stuck, healthy):
            changes = [body["data"]["change"] for body in receiver.bodies()]
            for account in range(3):
                mine = [c for c in changes if int(c.split("-")[1]) % 3 == account]
                assert mine == sorted(mine, key=lambda c: int(c.split("-")[1]))
    finally:
        stuck.hold.set()
        stop_receiver(stuck)
        stop_receiver(healthy)


async def test_a_batch_recorded_at_once_keeps_a_log_row_per_try(
    db_engine: AsyncEngine, settings: Settings
) -> None:
    settings = dataclasses.replace(settings, webhooks_allow_loopback=True)
    receiver = start_receiver()
    receiver.fail_next = 3
    try:
        await _register(db_engine, settings, receiver)
        await _events(db_engine, 8, accounts=8)
        async with new_client() as http:
            await Dispatcher(db_engine, settings, SettableClock(NOW), http, concurrency=8).drain()
        async with transaction(db_engine) as session:
            deliveries = (await session.scalars(select(WebhookDeliveryRow))).all()
            tries = (await session.scalars(select(WebhookAttemptRow))).all()
        assert len(deliveries) == 8 and len(tries) == 8
        assert {t.delivery_id for t in tries} == {d.id for d in deliveries}
        by_delivery = {t.delivery_id: t.status_code for t in tries}
        states = sorted((d.state, d.last_status, by_delivery[d.id]) for d in deliveries)
        assert states == [("delivered", 200, 200)] * 5 + [("pending", 500, 500)] * 3
        assert all(d.attempts == 1 and d.lease_until is None for d in deliveries)
    finally:
        stop_receiver(receiver)


async def test_committing_an_event_wakes_the_worker_before_its_next_poll(
    db_engine: AsyncEngine, settings: Settings
) -> None:
    settings = dataclasses.replace(
        settings, webhooks_allow_loopback=True, webhooks_poll_seconds=3600.0
    )
    receiver = start_receiver()
    try:
        await _register(db_engine, settings, receiver)
        async with new_client() as http:
            dispatcher = Dispatcher(db_engine, settings, SettableClock(NOW), http)
            async with delivering(dispatcher):
                await _until(lambda: bool(dispatcher.lanes))  # the first poll has run
                first = list(dispatcher.lanes.values())
                await asyncio.gather(*first)
                await _events(db_engine, 1, accounts=1)
                await _until(lambda: len(receiver.ids()) == 1)
        assert len(receiver.ids()) == 1, "delivered on the commit, an hour before the next poll"
    finally:
        stop_receiver(receiver)
