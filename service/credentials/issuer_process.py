"""The app's issuer runs in a child process of its own, so no step of a batch runs on the
serving event loop.

Signing already ran in a child (`service.credentials.signing_pool`), but the rest of a
batch ran on the app's loop: claiming rows, building 100 drafts, encoding the documents and
flushing their rows cost the serving process about 0.65 ms of CPU per credential, in steps of
up to about 10 ms. While a cohort was being issued, public reads waited behind those steps
(PostgreSQL, one worker, wrk at 32 connections: p99 31-40 ms, against 13 ms once the outbox
was empty). A process of its own is scheduled by the kernel, which preempts it for the
serving process; the same reads with the same batches in a separate process measured p99
14.5-15.5 ms.

Each app process (each granian worker) starts one such child with ``spawn``, so the child
inherits no thread, connection or event loop; it runs the same rounds as before
(`service.credentials.worker.drain`, every `POLL_SECONDS`), with its own engine and its own
signing child. The app supervises it:

- the app's shutdown stops it with SIGTERM: the round in flight is cancelled, its
  transaction rolls back, and its rows are claimed again by the next round anywhere;
- a child that dies is started again after `RESTART_PAUSE_SECONDS` (a child that cannot
  start does not spin);
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
from multiprocessing.process import BaseProcess
from multiprocessing.sharedctypes import Synchronized

from service.settings import Settings

logger = logging.getLogger("accredo.credentials.worker")

WATCH_SECONDS = 1.0
"""How often the app looks at its child, and the child at its parent."""
RESTART_PAUSE_SECONDS = 5.0
STOP_TIMEOUT_SECONDS = 15.0
"""How long a stopping app waits for the round in flight to unwind before killing the child."""
ISSUER_NICENESS = 10
POOL_SIZE = 3
"""One connection per lane of `drain` and one to spare."""


@dataclass
class IssuerProcess:
    """One app process's issuer child, started, watched and stopped from the app's loop."""

    settings: Settings
    process: BaseProcess | None = None
    last_success: Synchronized[float] = field(
        default_factory=lambda: multiprocessing.get_context("spawn").Value("d", 0.0)
    )

    def start(self) -> None:
        context = multiprocessing.get_context("spawn")
        self.process = context.Process(
            target=issue_in_child,
            args=(self.settings, os.getpid(), self.last_success),
            name="accredo-issuer",
        )
        self.process.start()

    @property
    def alive(self) -> bool:
        return self.process is not None and self.process.is_alive()

    async def watch(self) -> None:
        """Report the child's successes; start a new child when this one ends."""
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
            exit_code = self.process.exitcode if self.process is not None else None
            logger.error(
                "the issuer process ended (exit code %s); another starts in %s s",
                exit_code,
                RESTART_PAUSE_SECONDS,
            )
            await asyncio.sleep(RESTART_PAUSE_SECONDS)
            self.start()

    async def stop(self) -> None:
        process, self.process = self.process, None
        if process is None or not process.is_alive():
            return
        process.terminate()
        await asyncio.to_thread(process.join, STOP_TIMEOUT_SECONDS)
        if process.is_alive():
            logger.warning("the issuer process did not stop in time; killing it")
            process.kill()
            await asyncio.to_thread(process.join)


def issue_in_child(settings: Settings, parent_pid: int, last_success: Synchronized[float]) -> None:
    """The child's whole life: issue every `POLL_SECONDS` until told to stop or orphaned."""
    from service.observe.logs import configure_logging

    os.nice(ISSUER_NICENESS)
    configure_logging(settings.log_level, settings.log_format)
    asyncio.run(_issue_until_stopped(settings, parent_pid, last_success))


async def _issue_until_stopped(
    settings: Settings, parent_pid: int, last_success: Synchronized[float]
) -> None:
    # Imported here: the parent imports this module to start the child, and needs none of it.
    from service.background import repeat
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
            await pool.start()  # before a round claims rows, so none waits for it with them
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
