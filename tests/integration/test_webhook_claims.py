"""Claims are leased: two workers never send the same delivery at once, and a worker that
dies after claiming leaves its deliveries to another once the lease runs out."""

from __future__ import annotations

import asyncio
import dataclasses
from datetime import UTC, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncEngine

from service.clock import SettableClock
from service.db.session import transaction
from service.settings import Settings
from service.webhooks.clients import new_client
from service.webhooks.delivery import claim_batch
from service.webhooks.emit import coverage_changed
from service.webhooks.events import AccountBlock
from service.webhooks.retry import RetryPolicy
from service.webhooks.services import EndpointInput, create_endpoint
from service.webhooks.worker import Dispatcher
from tests.support.webhook_receiver import start_receiver, stop_receiver

NOW = datetime(2027, 3, 1, 12, 0, tzinfo=UTC)


async def _events(engine: AsyncEngine, count: int) -> None:
    """``count`` events, each about its own account (so none waits for another)."""
    async with transaction(engine) as session:
        for number in range(count):
            account = AccountBlock(external_id=f"acct-{number}", name=f"Account {number}")
            await coverage_changed(session, account, [], NOW, change="member.added")


async def test_two_workers_share_the_work_without_sending_twice(
    db_engine: AsyncEngine, settings: Settings
) -> None:
    settings = dataclasses.replace(settings, webhooks_allow_loopback=True)
    receiver = start_receiver()
    try:
        async with transaction(db_engine) as session:
            _, receiver.secret = await create_endpoint(
                session,
                settings,
                EndpointInput(url=receiver.url, event_types=["account.coverage_changed"]),
                None,
            )
        await _events(db_engine, 60)
        clock = SettableClock(NOW)
        async with new_client() as http:
            first = Dispatcher(db_engine, settings, clock, http, concurrency=4)
            second = Dispatcher(db_engine, settings, clock, http, concurrency=4)
            await asyncio.gather(first.drain(), second.drain())
            await asyncio.gather(first.drain(), second.drain())
        ids = receiver.ids()
        assert len(ids) == 60 and len(set(ids)) == 60
        assert receiver.unverified == []
    finally:
        stop_receiver(receiver)


async def test_a_dead_workers_claims_run_out_and_are_delivered_by_another(
    db_engine: AsyncEngine, settings: Settings
) -> None:
    settings = dataclasses.replace(settings, webhooks_allow_loopback=True)
    receiver = start_receiver()
    policy = RetryPolicy(lease=timedelta(seconds=30))
    try:
        async with transaction(db_engine) as session:
            endpoint, receiver.secret = await create_endpoint(
                session,
                settings,
                EndpointInput(url=receiver.url, event_types=["account.coverage_changed"]),
                None,
            )
        await _events(db_engine, 3)
        claimed = await claim_batch(
            db_engine, settings.secret_key, endpoint.id, NOW, policy, "dead-worker", 10
        )
        assert claimed is not None and len(claimed.items) == 3  # ... and then it dies

        clock = SettableClock(NOW + timedelta(seconds=29))
        async with new_client() as http:
            survivor = Dispatcher(db_engine, settings, clock, http, policy=policy)
            await survivor.drain()
            assert receiver.ids() == [], "leased rows are left alone while the lease runs"
            clock.advance(timedelta(seconds=1))
            await survivor.drain()
        assert sorted(receiver.ids()) == sorted(str(item.event_id) for item in claimed.items)
    finally:
        stop_receiver(receiver)
