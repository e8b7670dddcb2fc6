"""One `asyncio.Lock` per key and event loop, for work that concurrent requests should do once.

At a launch, a hundred starts can find the same thing missing at the same moment (a new
process, a changed bank, an exam's first exposure counts) and each would read and compute it
for itself. Behind a gate the first one does the work and the others wait, then find it done.
A lock belongs to the event loop it is used in, so each loop (one per worker; the test
client runs the app in a loop of its own) gets its own locks; a loop's locks go with it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Hashable
from typing import Generic, TypeVar
from weakref import WeakKeyDictionary

K = TypeVar("K", bound=Hashable)


class LoopGates(Generic[K]):
    def __init__(self) -> None:
        self._gates: WeakKeyDictionary[asyncio.AbstractEventLoop, dict[K, asyncio.Lock]] = (
            WeakKeyDictionary()
        )

    def __call__(self, key: K) -> asyncio.Lock:
        """The gate for ``key`` in the running loop (kept for the loop's life: one per bank or
        exam, a few hundred bytes each)."""
        gates = self._gates.setdefault(asyncio.get_running_loop(), {})
        return gates.setdefault(key, asyncio.Lock())
