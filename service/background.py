"""The one way the service runs work in the background: a tick every N seconds.

The background loops (the attempt sweeper, the public snapshot's change check, and the
credential issuer in its child process) share the same needs:
run a round, log and survive anything it raises (a database hiccup must not kill the loop for
the rest of the process's life), wait, and stop cleanly when the app shuts down. ``repeat`` is
that loop; ``periodic`` turns a ``tick(app)`` into a Litestar lifespan that runs it with the
app's clock, engine and settings in ``app.state`` (the issuer's child runs ``repeat`` itself,
on the system clock: `service.credentials.issuer_process`). A tick opens its own sessions (through
``service.db.session``) so one round never holds a transaction across the wait.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable

from litestar import Litestar

from service.observe.metrics import LOOP_LAST_SUCCESS

Tick = Callable[[Litestar], Awaitable[None]]
Lifespan = Callable[[Litestar], contextlib.AbstractAsyncContextManager[None]]


async def repeat(
    round_: Callable[[], Awaitable[object]],
    every: float,
    logger: logging.Logger,
    *,
    from_start: bool = False,
) -> None:
    """Run ``round_`` forever, ``every`` seconds apart; an exception is logged, never fatal.

    The wait counts from each round's end, or with ``from_start`` from its start: a round
    that took longer than ``every`` is then followed at once, for a loop whose rounds must
    begin at a steady pace whatever each one costs (the public snapshot's change check)."""
    while True:
        started = time.monotonic()
        try:
            await round_()
            LOOP_LAST_SUCCESS.labels(logger.name).set(time.time())
        except Exception:
            logger.exception("background round failed; retrying in %s s", every)
        await asyncio.sleep(max(every - (time.monotonic() - started), 0) if from_start else every)


def periodic(
    tick: Tick,
    *,
    every: Callable[[Litestar], float],
    logger: logging.Logger,
    start: Tick | None = None,
    from_start: bool = False,
) -> Lifespan:
    """A lifespan running ``tick(app)`` every ``every(app)`` seconds while the app is up
    (``from_start``: as `repeat` counts them).

    ``start`` runs once before the first tick (its failure is logged: the ticks may still
    succeed later). Cancelling on shutdown waits for the running round to unwind.
    """

    @contextlib.asynccontextmanager
    async def lifespan(app: Litestar) -> AsyncIterator[None]:
        if start is not None:
            try:
                await start(app)
            except Exception:
                logger.exception("background start-up step failed; the rounds will retry")
        task = asyncio.create_task(
            repeat(lambda: tick(app), every(app), logger, from_start=from_start)
        )
        try:
            yield
        finally:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    return lifespan
