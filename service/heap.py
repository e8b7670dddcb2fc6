"""Freeze the serving process's start-up heap, so the collector stops walking it, and
collect what requests make less often.

A started app holds about a quarter of a million objects that live as long as the process
(modules, the JSON-LD contexts, SQLAlchemy's and Litestar's structures). Python's full
collection walks every one of them each time it runs, about 100 ms on this code base, and the
request that triggers it waits: that was the p99 of the public reads. `gc.freeze` moves them
to a generation the collector never visits; only what is made after start-up is walked.

What is made after start-up (the process's caches of forms, contents and pages) still took
about 8 ms a full collection, and with Python's default thresholds an exam day's answer
saves set one off every second or so in each worker, each pausing the requests in flight.
A young generation of `YOUNG_COLLECTION_THRESHOLD` objects instead of 700 makes every
generation's collections about fourteen times rarer: no full collection in a 40 s exam-day
run, and 3-4% more saves per second (1,495-1,513 -> 1,556-1,559/s, p99 86-93 -> 84 ms,
back to back). The young generation stays small beside the process's memory.

Only the real server does this (`service.asgi`): a test process makes many apps and throws
them away, and frozen objects would never be freed. The app's issuer child
(`service.credentials.issuer_process`) does it too: with the default thresholds it ran a full
collection of 60-140 ms about every 0.7 s while it issued a cohort.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import AsyncIterator

from litestar import Litestar

YOUNG_COLLECTION_THRESHOLD = 10_000
"""Allocations (less deallocations) of tracked objects between two young collections;
Python's default is 700. The older generations keep their default ratios."""


@contextlib.asynccontextmanager
async def startup_heap_frozen(app: Litestar) -> AsyncIterator[None]:
    """Lifespan: after every other start-up step, collect once, freeze what is left, and
    raise the young generation's threshold."""
    del app
    freeze_startup_heap()
    yield


def freeze_startup_heap() -> None:
    """Collect once, freeze what is left, and raise the young generation's threshold."""
    gc.collect()
    gc.freeze()
    _, middle, old = gc.get_threshold()
    gc.set_threshold(YOUNG_COLLECTION_THRESHOLD, middle, old)
