"""The delivery worker: one lane per endpoint, so no endpoint waits for another.

Every poll the dispatcher asks which endpoints have deliveries due and starts a lane (an
asyncio task) for each endpoint that has none running. A lane claims up to ``concurrency``
due deliveries of its endpoint (only the earliest pending event of each credential is due,
so parallel sends never reorder one credential's events), sends them at once, records the
results, and goes on until nothing of its endpoint is due. A receiver that answers in 2 s, or
never, keeps only its own lane busy; answer saves and issuance never wait for any of this,
since events are written to the outbox in their transactions and sent from here.

Any number of processes may run a dispatcher against one database (leases and
``SKIP LOCKED`` in ``service.webhooks.store.claim``). ``ACCREDO_WEBHOOKS_WORKER=0`` keeps a
process from delivering (the events it writes are delivered by the others, or after a
restart).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
from collections.abc import AsyncIterator
from uuid import UUID

import httpx
from litestar import Litestar
from sqlalchemy.ext.asyncio import AsyncEngine

from service.background import repeat
from service.clock import Clock, SystemClock
from service.db.engine import READ_ONLY_OPTION
from service.db.session import transaction
from service.settings import Settings
from service.webhooks import store
from service.webhooks.delivery import Batch, claim_batch, record_results
from service.webhooks.retry import RetryPolicy
from service.webhooks.sending import Sent, send

logger = logging.getLogger("accredo.webhooks.worker")
TIMEOUT = httpx.Timeout(10.0, connect=5.0)


def new_client() -> httpx.AsyncClient:
    """No redirects (a 3xx is a failure: following it would leave the checked address), no
    proxies from the environment, bounded time for every phase."""
    return httpx.AsyncClient(
        timeout=TIMEOUT,
        follow_redirects=False,
        trust_env=False,
        limits=httpx.Limits(max_connections=200, max_keepalive_connections=50),
    )


class Dispatcher:
    def __init__(
        self,
        engine: AsyncEngine,
        settings: Settings,
        clock: Clock,
        client: httpx.AsyncClient,
        *,
        policy: RetryPolicy | None = None,
        wall_clock: Clock | None = None,
        concurrency: int | None = None,
    ) -> None:
        self.engine = engine
        self.settings = settings
        self.clock = clock
        self.wall_clock = wall_clock or SystemClock()
        self.client = client
        self.policy = policy or RetryPolicy()
        self.concurrency = concurrency or settings.webhooks_concurrency
        self.owner = secrets.token_hex(8)
        self.lanes: dict[UUID, asyncio.Task[None]] = {}

    async def due_endpoints(self) -> list[UUID]:
        async with transaction(self.engine) as session:
            await session.connection(execution_options={READ_ONLY_OPTION: True})
            return await store.endpoints_with_due(session, self.clock.now())

    async def poll(self) -> None:
        """Start a lane for every endpoint with something due and no lane running."""
        for endpoint_id in await self.due_endpoints():
            lane = self.lanes.get(endpoint_id)
            if lane is None or lane.done():
                self.lanes[endpoint_id] = asyncio.create_task(self.lane(endpoint_id))

    async def lane(self, endpoint_id: UUID) -> None:
        try:
            while await self.round(endpoint_id):
                pass
        except Exception:
            logger.exception(
                "the delivery lane of endpoint %s failed; next poll retries", endpoint_id
            )

    async def round(self, endpoint_id: UUID) -> bool:
        """Claim, send and record one batch; False when nothing of the endpoint was due."""
        batch = await claim_batch(
            self.engine,
            self.settings.secret_key,
            endpoint_id,
            self.clock.now(),
            self.policy,
            self.owner,
            self.concurrency,
        )
        if batch is None:
            return False
        results = await asyncio.gather(*(self._send(batch, item) for item in batch.items))
        await record_results(self.engine, batch, results, self.clock.now(), self.policy)
        return True

    async def _send(self, batch: Batch, item: store.Claimed) -> Sent:
        return await send(
            self.client,
            batch.url,
            batch.secret,
            str(item.event_id),
            item.body,
            sent_at=self.wall_clock.now(),
            allow_loopback=self.settings.webhooks_allow_loopback,
        )

    async def drain(self) -> None:
        """Poll and wait for the lanes until nothing is due (tests and the CLI)."""
        while True:
            await self.poll()
            running = [lane for lane in self.lanes.values() if not lane.done()]
            if not running:
                return
            await asyncio.gather(*running)

    async def stop(self) -> None:
        for lane in self.lanes.values():
            lane.cancel()
        for lane in self.lanes.values():
            with contextlib.suppress(asyncio.CancelledError):
                await lane
        self.lanes.clear()


@contextlib.asynccontextmanager
async def webhook_worker(app: Litestar) -> AsyncIterator[None]:
    """The app's dispatcher, polling every ``webhooks_poll_seconds`` while the app is up."""
    settings: Settings = app.state.settings
    if not settings.webhooks_worker:
        yield
        return
    async with new_client() as client:
        dispatcher = Dispatcher(app.state.engine, settings, app.state.clock, client)
        app.state.webhook_dispatcher = dispatcher
        task = asyncio.create_task(repeat(dispatcher.poll, settings.webhooks_poll_seconds, logger))
        try:
            yield
        finally:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
            await dispatcher.stop()
