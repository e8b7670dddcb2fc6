"""The delivery worker: one lane per endpoint, so no endpoint waits for another.

Each poll (every ``webhooks_poll_seconds``, or at once when this process commits an event:
``service.webhooks.wake``) starts a lane for every active endpoint that has none running. A
lane keeps up to ``concurrency`` sends of its endpoint in flight: it claims as many due
deliveries as it has free slots (one transaction), starts their sends, and whenever sends
finish records all finished ones at once (one transaction) and claims again, until nothing
of its endpoint is due and nothing is in flight. Only the earliest pending event of each
credential is due, and a delivery in flight stays pending until recorded, so parallel sends
never reorder one credential's events. A receiver that answers in 2 s, or never, keeps only
its own lane's slots busy; answer saves and issuance never wait for any of this, since events
are written to the outbox in their transactions and sent from here.

Any number of processes may run a dispatcher against one database (leases and
``SKIP LOCKED`` in ``service.webhooks.store.claim``). ``ACCREDO_WEBHOOKS_WORKER=0`` keeps an
app process from delivering; ``accredo webhooks worker`` then delivers from a process of its
own, so sending never competes with request handling for the app's event loop (nor, given
cores or a host of its own, for CPU).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
import time
from collections.abc import AsyncIterator
from uuid import UUID

import httpx
from litestar import Litestar
from sqlalchemy.ext.asyncio import AsyncEngine

from service.clock import Clock, SystemClock
from service.db.engine import READ_ONLY_OPTION
from service.db.session import transaction
from service.observe.metrics import LOOP_LAST_SUCCESS
from service.settings import Settings
from service.webhooks import store
from service.webhooks.clients import SlotClients
from service.webhooks.delivery import Batch, claim_batch, record_results
from service.webhooks.retry import RetryPolicy
from service.webhooks.sending import Sent, send
from service.webhooks.wake import subscribe, unsubscribe

logger = logging.getLogger("accredo.webhooks.worker")
RECORD_WINDOW = 0.01
"""After a send finishes, how long a lane waits for others to finish with it, so that one
recording transaction covers several tries (seconds; small against any receiver's answer)."""


class Dispatcher:
    def __init__(
        self,
        engine: AsyncEngine,
        settings: Settings,
        clock: Clock,
        client: httpx.AsyncClient | None,
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
        """One client for every endpoint (tests); None: each slot of each endpoint gets a
        single-connection client of its own (``service.webhooks.clients``)."""
        self.clients: dict[UUID, SlotClients] = {}
        self.policy = policy or RetryPolicy()
        self.concurrency = concurrency or settings.webhooks_concurrency
        self.owner = secrets.token_hex(8)
        self.lanes: dict[UUID, asyncio.Task[bool]] = {}
        self.again: set[UUID] = set()
        """Endpoints polled while their lane ran: the lane claims once more before ending."""

    async def active_endpoints(self) -> list[UUID]:
        async with transaction(self.engine) as session:
            await session.connection(execution_options={READ_ONLY_OPTION: True})
            return await store.active_endpoint_ids(session)

    async def poll(self) -> None:
        """Start a lane for every active endpoint with no lane running (a lane that finds
        nothing due ends after one claim)."""
        active = await self.active_endpoints()
        await self._close_clients(set(self.clients) - set(active))
        for endpoint_id in active:
            lane = self.lanes.get(endpoint_id)
            if lane is None or lane.done():
                self.lanes[endpoint_id] = asyncio.create_task(self.lane(endpoint_id))
            else:
                self.again.add(endpoint_id)

    async def lane(self, endpoint_id: UUID) -> bool:
        """Deliver the endpoint's due deliveries; True when it claimed anything."""
        sending: set[asyncio.Task[tuple[store.Claimed, Sent]]] = set()
        worked = False
        try:
            while True:
                free = self.concurrency - len(sending)
                if not sending or free * 2 >= self.concurrency:
                    self.again.discard(endpoint_id)
                    batch = await self._claim(endpoint_id, free)
                    if batch is not None:
                        worked = True
                        sending |= {
                            asyncio.create_task(self._send(batch, item)) for item in batch.items
                        }
                if not sending:
                    if endpoint_id in self.again:
                        continue
                    return worked
                done, sending = await asyncio.wait(sending, return_when=asyncio.FIRST_COMPLETED)
                if sending:
                    more, sending = await asyncio.wait(sending, timeout=RECORD_WINDOW)
                    done |= more
                await record_results(
                    self.engine,
                    endpoint_id,
                    [task.result() for task in done],
                    self.clock.now(),
                    self.policy,
                )
        except Exception:
            logger.exception(
                "the delivery lane of endpoint %s failed; next poll retries", endpoint_id
            )
            return worked
        finally:
            for task in sending:
                task.cancel()
            await asyncio.gather(*sending, return_exceptions=True)

    async def _claim(self, endpoint_id: UUID, limit: int) -> Batch | None:
        return await claim_batch(
            self.engine,
            self.settings.secret_key,
            endpoint_id,
            self.clock.now(),
            self.policy,
            self.owner,
            limit,
        )

    async def _send(self, batch: Batch, item: store.Claimed) -> tuple[store.Claimed, Sent]:
        if self.client is not None:
            return item, await self._post(self.client, batch, item)
        slots = self.clients.get(batch.endpoint_id)
        if slots is None:
            slots = self.clients[batch.endpoint_id] = SlotClients()
        async with slots.client() as client:
            return item, await self._post(client, batch, item)

    async def _post(self, client: httpx.AsyncClient, batch: Batch, item: store.Claimed) -> Sent:
        return await send(
            client,
            batch.url,
            batch.secret,
            str(item.event_id),
            item.body,
            sent_at=self.wall_clock.now(),
            allow_loopback=self.settings.webhooks_allow_loopback,
        )

    async def _close_clients(self, endpoint_ids: set[UUID]) -> None:
        """Close the clients of endpoints no longer active whose lanes have ended."""
        for endpoint_id in endpoint_ids:
            lane = self.lanes.get(endpoint_id)
            if lane is None or lane.done():
                await self.clients.pop(endpoint_id).aclose()

    async def drain(self) -> None:
        """Poll and wait for the lanes until a round claims nothing (tests and the CLI)."""
        while True:
            await self.poll()
            running = [lane for lane in self.lanes.values() if not lane.done()]
            if not any(await asyncio.gather(*running)):
                return

    async def run(self, wake: asyncio.Event) -> None:
        """Poll every ``webhooks_poll_seconds``, and at once whenever ``wake`` is set."""
        every = self.settings.webhooks_poll_seconds
        while True:
            wake.clear()
            try:
                await self.poll()
                LOOP_LAST_SUCCESS.labels(logger.name).set(time.time())
            except Exception:
                logger.exception("webhook poll failed; retrying in %s s", every)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(wake.wait(), every)

    async def stop(self) -> None:
        for lane in self.lanes.values():
            lane.cancel()
        for lane in self.lanes.values():
            with contextlib.suppress(asyncio.CancelledError):
                await lane
        self.lanes.clear()
        await self._close_clients(set(self.clients))


@contextlib.asynccontextmanager
async def delivering(dispatcher: Dispatcher) -> AsyncIterator[None]:
    """Run ``dispatcher`` in the background, woken by this process's commits of events."""
    loop = asyncio.get_running_loop()
    wake = asyncio.Event()

    def on_commit() -> None:
        # Commits may happen on another thread's loop (a test client's); never fail them.
        with contextlib.suppress(RuntimeError):  # this loop already closed
            loop.call_soon_threadsafe(wake.set)

    subscribe(on_commit)
    task = asyncio.create_task(dispatcher.run(wake))
    try:
        yield
    finally:
        unsubscribe(on_commit)
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        await dispatcher.stop()


@contextlib.asynccontextmanager
async def webhook_worker(app: Litestar) -> AsyncIterator[None]:
    """The app's dispatcher while the app is up, unless ``ACCREDO_WEBHOOKS_WORKER=0``."""
    settings: Settings = app.state.settings
    if not settings.webhooks_worker:
        yield
        return
    quiet_http_logs(settings)
    dispatcher = Dispatcher(app.state.engine, settings, app.state.clock, None)
    app.state.webhook_dispatcher = dispatcher
    async with delivering(dispatcher):
        yield


def quiet_http_logs(settings: Settings) -> None:
    """httpx logs every request at INFO: one line per delivery is the attempt log's job."""
    if settings.log_level != "DEBUG":
        logging.getLogger("httpx").setLevel(logging.WARNING)
