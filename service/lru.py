"""The service's one in-process cache: bounded, least recently used out first, thread-safe.

Several parts keep results that are expensive to compute and cannot go stale because their
key says exactly what they were computed from (immutable revisions, a render's inputs, a
verification's inputs); a few keep values that age by design and say how (the exposure
counts of `service.attempts.exposure`). They all use this wrapper over
``cachetools.LRUCache`` rather than each keeping an ``OrderedDict``; the lock makes a lookup
or insert safe from worker threads as well as from the event loop (it is never held while
computing).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

from cachetools import LRUCache

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class Lru(Generic[K, V]):
    def __init__(self, maxsize: int) -> None:
        self._entries: LRUCache[K, V] = LRUCache(maxsize=maxsize)
        self._lock = threading.Lock()

    def get(self, key: K) -> V | None:
        """The cached value (now the most recently used), or None."""
        with self._lock:
            return self._entries.get(key)

    def put(self, key: K, value: V) -> V:
        """Keep ``value`` (evicting the least recently used entry if full); returns it."""
        with self._lock:
            self._entries[key] = value
        return value

    def pop(self, key: K) -> V | None:
        with self._lock:
            return self._entries.pop(key, None)

    def __contains__(self, key: object) -> bool:
        with self._lock:
            return key in self._entries

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def discard_if(self, unwanted: Callable[[K], bool]) -> None:
        """Drop every entry whose key ``unwanted`` accepts (a scan: for rare, targeted drops)."""
        with self._lock:
            for key in [key for key in self._entries if unwanted(key)]:
                del self._entries[key]
