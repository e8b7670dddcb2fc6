"""An event loop of its own in a daemon thread, for work whose awaits must not queue behind
the serving loop's requests.

Every await of a database call is a hop back onto the loop that made it. On a serving loop
under load each hop waits behind every request ready to run, so a piece of background work
with a dozen hops takes as long as a dozen turns of a busy loop: the public snapshot's change
check, 0.07 s when idle, took 0.3-0.6 s under 32 connections on two shared cores, and a
check that finishes late leaves the snapshot unusable (`service.public.snapshot`). On a loop
of its own the work waits only for the interpreter lock, which the serving thread yields
every few milliseconds.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Coroutine
from typing import Any, TypeVar

T = TypeVar("T")

STOP_WAIT_SECONDS = 5.0


class LoopThread:
    """Runs coroutines on a loop in a thread named ``name``; objects bound to a loop (an
    engine's connections) must be made, used and closed through `run` alone."""

    def __init__(self, name: str) -> None:
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name=name, daemon=True)
        self._thread.start()

    async def run(self, coroutine: Coroutine[Any, Any, T], /) -> T:
        """``coroutine``'s result, awaited on the thread's loop; cancelling the caller
        cancels it there."""
        return await asyncio.wrap_future(asyncio.run_coroutine_threadsafe(coroutine, self._loop))

    async def stop(self, last: Coroutine[Any, Any, object] | None = None) -> None:
        """Run ``last`` (closing what lives on the loop) within `STOP_WAIT_SECONDS`, then end
        the thread; what ``last`` raises is not the caller's concern at shutdown."""
        if last is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self.run(last), STOP_WAIT_SECONDS)
        with contextlib.suppress(Exception):
            await asyncio.wait_for(self.run(_cancel_the_rest()), STOP_WAIT_SECONDS)
        self._loop.call_soon_threadsafe(self._loop.stop)
        await asyncio.to_thread(self._thread.join, STOP_WAIT_SECONDS)
        if not self._thread.is_alive():
            self._loop.close()


async def _cancel_the_rest() -> None:
    """Cancel what is still running on this loop (a round cut short by shutdown)."""
    rest = [task for task in asyncio.all_tasks() if task is not asyncio.current_task()]
    for task in rest:
        task.cancel()
    await asyncio.gather(*rest, return_exceptions=True)
