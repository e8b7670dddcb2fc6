"""The app's issuer runs in a child process of its own, so no step of a batch runs on the
serving event loop.

Signing already ran in a child (`service.credentials.signing_pool`), but the rest of a
batch ran on the app's loop: claiming rows, building 100 drafts, encoding the documents and
flushing their rows cost the serving process about 0.65 ms of CPU per credential, in steps of
up to about 10 ms, taken from the requests it serves. In a process of its own that work is
scheduled by the kernel beside the serving process, in short preemptive slices, instead of
holding the loop for whole steps. Its signing child keeps its lower priority; the issuer
itself keeps the app's (on SQLite a batch holds the one write lock, and write requests
must not wait behind a process the kernel keeps waiting). Back to back on PostgreSQL (one
worker, wrk at 32 connections on one public credential while 6,000 were issued), the reads
went from 2,972-3,220 to 4,154-4,552 req/s, their p99 about 35 ms either way; from fresh
clones, once the child's start-up heap was frozen, 28-29 ms. What is left is the CPU of
signing and of PostgreSQL's writes, shared on two cores with the requests and the load
client.

Each app process (each granian worker) starts one such child with ``spawn``, so the child
inherits no thread, connection or event loop; it runs the same rounds as before
(`service.credentials.worker.drain`, every `POLL_SECONDS`), with its own engine and its own
signing child. The app supervises it:

- the app's shutdown stops it with SIGTERM: the round in flight is cancelled, its
  transaction rolls back, and its rows are claimed again by the next round anywhere (after
  `STOP_TIMEOUT_SECONDS`, its process group is killed);
- a child that dies is started again after `RESTART_PAUSE_SECONDS`, longer after each that
  died young (a child that cannot start does not spin), and a signing child it left behind is
  killed with its group;
- a child whose app died (SIGKILL, a crash) notices that its parent changed and stops;
- its rounds' successes reach the app's ``/metrics`` through a shared value.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import multiprocessing
import os
import signal
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from multiprocessing.process import BaseProcess
from typing import Any

from service.settings import Settings

logger = logging.getLogger("accredo.credentials.worker")

WATCH_SECONDS = 1.0
"""How often the app looks at its child, and the child at its parent."""
RESTART_PAUSE_SECONDS = 5.0
"""The pause before a new child after one ended; doubled for each child in a row that did not
live `STEADY_SECONDS` (a database that is down, a schema not migrated yet), up to
`MAX_RESTART_PAUSE_SECONDS`."""
MAX_RESTART_PAUSE_SECONDS = 300.0
STEADY_SECONDS = 60.0
STOP_TIMEOUT_SECONDS = 15.0
"""How long a stopping app waits for the round in flight to unwind before killing the child."""
POOL_SIZE = 3
"""One connection per lane of `drain` and one to spare."""


def _shared_timestamp() -> Any:
    # No lock: one process writes, one reads, a double at a time; a lock held by a child
    # killed mid-write would block the app's loop for good.
    return multiprocessing.get_context("spawn").RawValue("d", 0.0)


@dataclass
class IssuerProcess:
    """One app process's issuer child, started, watched and stopped from the app's loop.

    The child leads a process group of its own (its signing child joins it), so the app can
    end both at once when the child dies without unwinding, and a terminal's Ctrl-C reaches
    only the app, which then stops the child itself."""

    settings: Settings
    process: BaseProcess | None = None
    last_success: Any = field(default_factory=_shared_timestamp)
    started_at: float = 0.0
    short_lives: int = 0
    """Children in a row that ended before `STEADY_SECONDS`."""

    def start(self) -> None:
        context = multiprocessing.get_context("spawn")
        process = context.Process(
            target=issue_in_child,
            args=(self.settings, os.getpid(), self.last_success),
            name="accredo-issuer",
        )
        process.start()
        self.process, self.started_at = process, time.monotonic()

    @property
    def alive(self) -> bool:
        return self.process is not None and self.process.is_alive()

    def restart_pause(self) -> float:
        return min(RESTART_PAUSE_SECONDS * 2.0**self.short_lives, MAX_RESTART_PAUSE_SECONDS)

    async def watch(self) -> None:
        """Report the child's successes; start a new child when this one ends (or could not
        be started)."""
        from service.observe.metrics import LOOP_LAST_SUCCESS

        reported = 0.0
        while True:
            await asyncio.sleep(WATCH_SECONDS)
            succeeded = self.last_success.value
            if succeeded > reported:
                LOOP_LAST_SUCCESS.labels(logger.name).set(succeeded)
                reported = succeeded
            if self.alive:
                continue
            if self.process is not None:
                _end_group(self.process)  # a signing child left behind by a killed issuer
                lived = time.monotonic() - self.started_at
                self.short_lives = 0 if lived >= STEADY_SECONDS else self.short_lives + 1
            pause = self.restart_pause()
            logger.error(
                "the issuer process is not running (exit code %s); another starts in %s s",
                None if self.process is None else self.process.exitcode,
                pause,
            )
            self.process = None
            await asyncio.sleep(pause)
            try:
                self.start()
            except Exception:
                logger.exception("the issuer process could not be started")
                self.short_lives += 1

    async def stop(self) -> None:
        process, self.process = self.process, None
        if process is None:
            return
        if process.is_alive():
            process.terminate()
            await asyncio.to_thread(process.join, STOP_TIMEOUT_SECONDS)
            if process.is_alive():
                logger.warning("the issuer process did not stop in time; killing it")
        _end_group(process)
        await asyncio.to_thread(process.join)


def _end_group(process: BaseProcess) -> None:
    """Kill what is left of the child's process group (the child, its signing child)."""
    if process.pid is None:
        return
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)


def issue_in_child(settings: Settings, parent_pid: int, last_success: Any) -> None:
    """The child's whole life: issue every `POLL_SECONDS` until told to stop or orphaned."""
    from service.observe.logs import configure_logging

    os.setpgid(0, 0)
    configure_logging(settings.log_level, settings.log_format)
    if settings.log_level != "DEBUG":
        logging.getLogger("alembic").setLevel(logging.WARNING)  # as the app does
    asyncio.run(_issue_until_stopped(settings, parent_pid, last_success))


async def _issue_until_stopped(settings: Settings, parent_pid: int, last_success: Any) -> None:
    # Imported here: the parent imports this module to start the child, and needs none of it.
    from service.background import repeat
    from service.credentials.outbox import anything_due
    from service.credentials.signing_pool import signing_pool
    from service.credentials.worker import POLL_SECONDS, drain
    from service.db.session import standalone_engine
    from service.heap import freeze_startup_heap

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for number in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(number, stop.set)
    async with standalone_engine(settings.database_url, pool_size=POOL_SIZE) as engine:
        pool = signing_pool(settings.signing_processes)
        pool.hold()
        freeze_startup_heap()

        async def round_() -> None:
            if await anything_due(engine, datetime.now(UTC)):
                # The signing child starts with the first work, and before a round claims
                # rows, so none waits for it with them.
                await pool.start()
                await drain(engine, settings)
            last_success.value = time.time()

        tasks = [
            asyncio.create_task(repeat(round_, POLL_SECONDS, logger)),
            asyncio.create_task(_stop_when_orphaned(parent_pid, stop)),
        ]
        try:
            await stop.wait()
        finally:
            for task in tasks:
                task.cancel()
            for task in tasks:
                with contextlib.suppress(asyncio.CancelledError):
                    await task
            await pool.release()


async def _stop_when_orphaned(parent_pid: int, stop: asyncio.Event) -> None:
    """A child outliving its app would issue for nobody's supervision: stop with it. (There
    is no event to wait for: nothing tells a child that its parent died but its new parent.)"""
    while os.getppid() == parent_pid:  # noqa: ASYNC110
        await asyncio.sleep(WATCH_SECONDS)
    logger.warning("the app process that started this issuer is gone; stopping")
    stop.set()
