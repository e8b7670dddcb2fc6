"""Sign credentials in a child process, a chunk at a time, so signing never holds this one.

Canonicalising and signing a credential is about 2 ms of pure-Python CPU. In a thread it
still holds the interpreter lock, and every request this process serves waits for it in
5 ms slices while a batch is signed. A child process (one per issuer process, started with
``spawn``, so it never inherits the issuer's threads or connections) takes that CPU
elsewhere; on a machine with a spare core, signing and the batch's database writes then run
side by side: the batch is sent as chunks, and the rows of one chunk are written while the
next is signed.

The child receives the unsigned documents and the private keys as bytes (its own pipe, never
a file or the network) and keeps the loaded keys by their bytes. ``ACCREDO_SIGNING_PROCESSES=0``
signs in a thread of this process instead (an admin's retry of one credential does, in the
app process: `service.credentials.failures.in_this_process`).
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import threading
from collections.abc import Sequence
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

from service.credentials.document import sign
from service.keys.material import load_private_key, private_key_bytes
from service.keys.services import SigningKey

logger = logging.getLogger("accredo.credentials.signing")
SIGNING_NICENESS = 10
"""How much lower the child's CPU priority is than its parent's. Signing is throughput work
and requests are latency work: where they contend for a core (a small machine under a
cohort's burst), the kernel gives the serving process the core first, so public reads keep
their latency while a batch signs, and signing takes what is left."""
CHUNK = 16
"""Documents per trip: small enough that writing one chunk overlaps signing the next, large
enough that the trip (pickling both ways) stays a few percent of the signing."""

Signed = tuple[dict[str, Any], str]


@dataclass(frozen=True)
class KeyBytes:
    """A signing key as it crosses to the child: its id, URL, algorithm and private bytes."""

    key_id: str
    url: str
    algorithm: str
    private: bytes


def key_bytes(key: SigningKey) -> KeyBytes:
    return KeyBytes(key.key_id, key.url, key.algorithm, private_key_bytes(key.private_key))


@lru_cache(maxsize=8)
def _loaded(key: KeyBytes) -> SigningKey:
    return SigningKey(
        key.key_id, key.url, key.algorithm, load_private_key(key.algorithm, key.private)
    )


def sign_chunk(
    unsigned: Sequence[dict[str, Any]], ed25519: KeyBytes, p256: KeyBytes, now: datetime
) -> list[Signed]:
    """The embedded-proof document and the VC-JWT of each document (runs in the child)."""
    ed_key, p_key = _loaded(ed25519), _loaded(p256)
    return [sign(document, ed_key, p_key, now) for document in unsigned]


def _lower_priority() -> None:
    """Runs in the child as it starts (see `SIGNING_NICENESS`)."""
    os.nice(SIGNING_NICENESS)


def _ready() -> bool:
    """Runs in the child: unpickling it imported everything signing needs."""
    return True


class SigningPool:
    """This process's signer: one child process (or, with 0 processes, one thread)."""

    def __init__(self, processes: int) -> None:
        self.processes = processes
        self._executor: Executor | None = None
        self._lock = threading.Lock()
        self._holders = 0

    def _current(self) -> Executor:
        with self._lock:
            if self._executor is None:
                if self.processes > 0:
                    context = multiprocessing.get_context("spawn")
                    self._executor = ProcessPoolExecutor(
                        self.processes, mp_context=context, initializer=_lower_priority
                    )
                else:
                    self._executor = ThreadPoolExecutor(1, thread_name_prefix="accredo-signing")
            return self._executor

    def _discard(self, broken: Executor) -> None:
        with self._lock:
            if self._executor is broken:
                self._executor = None
        broken.shutdown(wait=False, cancel_futures=True)

    def submit(
        self,
        unsigned: Sequence[dict[str, Any]],
        ed25519: SigningKey,
        p256: SigningKey,
        now: datetime,
    ) -> list[asyncio.Future[list[Signed]]]:
        """Every chunk is queued at once; await them in order (each holds its chunk's results)."""
        executor = self._current()
        loop = asyncio.get_running_loop()
        keys = (key_bytes(ed25519), key_bytes(p256))
        chunks = [list(unsigned[at : at + CHUNK]) for at in range(0, len(unsigned), CHUNK)]
        try:
            return [
                loop.run_in_executor(executor, sign_chunk, chunk, *keys, now) for chunk in chunks
            ]
        except BrokenProcessPool:
            self._discard(executor)
            raise

    async def start(self) -> None:
        """Start the child now and wait until it can sign, so the first batch does not wait
        for its start-up while holding the rows it claimed."""
        await asyncio.get_running_loop().run_in_executor(self._current(), _ready)

    async def sign(
        self,
        unsigned: Sequence[dict[str, Any]],
        ed25519: SigningKey,
        p256: SigningKey,
        now: datetime,
    ) -> list[Signed]:
        signed: list[Signed] = []
        for chunk in self.submit(unsigned, ed25519, p256, now):
            signed.extend(await self.result(chunk))
        return signed

    async def result(self, chunk: asyncio.Future[list[Signed]]) -> list[Signed]:
        """A chunk's results; a child that died is replaced for the next batch."""
        try:
            return await chunk
        except BrokenProcessPool:
            logger.warning("the signing process died; a new one starts with the next batch")
            if self._executor is not None:
                self._discard(self._executor)
            raise

    def hold(self) -> None:
        """An app's issuer uses this pool from now until it calls `release`."""
        with self._lock:
            self._holders += 1

    async def release(self) -> None:
        """The last issuer to let go stops the child, so a stopping app leaves no process
        behind (a process that ends without stopping it waits on the child at exit). A
        later use starts a new child."""
        with self._lock:
            self._holders -= 1
            executor = self._executor if self._holders == 0 else None
            if executor is not None:
                self._executor = None
        if executor is not None:
            await asyncio.to_thread(executor.shutdown, wait=True, cancel_futures=True)

    def shutdown(self) -> None:
        with self._lock:
            executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=True, cancel_futures=True)


_pools: dict[int, SigningPool] = {}
_pools_lock = threading.Lock()


def signing_pool(processes: int) -> SigningPool:
    """The process-wide pool for this many child processes (made on first use)."""
    with _pools_lock:
        pool = _pools.get(processes)
        if pool is None:
            pool = _pools[processes] = SigningPool(processes)
        return pool
