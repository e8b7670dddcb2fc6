"""`LoopThread`: coroutines run on its own loop in its own thread, results and errors come
back, a cancelled caller cancels the work there, and stopping ends the thread even when the
last piece of work hangs."""

from __future__ import annotations

import asyncio
import threading

import pytest

from service import loop_thread
from service.loop_thread import LoopThread


async def _where() -> tuple[str, asyncio.AbstractEventLoop]:
    await asyncio.sleep(0)
    return threading.current_thread().name, asyncio.get_running_loop()


async def test_work_runs_on_the_threads_own_loop_and_errors_come_back() -> None:
    thread = LoopThread("test-loop-thread")
    try:
        name, loop = await thread.run(_where())
        assert name == "test-loop-thread"
        assert loop is not asyncio.get_running_loop()

        async def fails() -> None:
            raise LookupError("from the thread")

        with pytest.raises(LookupError, match="from the thread"):
            await thread.run(fails())
    finally:
        await thread.stop()


async def test_a_cancelled_caller_cancels_the_work_in_the_thread() -> None:
    thread = LoopThread("test-loop-thread")
    began, cancelled = threading.Event(), threading.Event()

    async def waits() -> None:
        began.set()
        try:
            await asyncio.sleep(60)
        except asyncio.CancelledError:
            cancelled.set()
            raise

    try:
        caller = asyncio.create_task(thread.run(waits()))
        assert await asyncio.to_thread(began.wait, 5)
        caller.cancel()
        with pytest.raises(asyncio.CancelledError):
            await caller
        assert await asyncio.to_thread(cancelled.wait, 5)
    finally:
        await thread.stop()


async def test_stop_runs_the_last_work_and_ends_even_if_it_hangs(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    closed: list[str] = []

    async def close() -> None:
        closed.append(threading.current_thread().name)

    thread = LoopThread("test-loop-thread")
    await thread.stop(close())
    assert closed == ["test-loop-thread"]
    assert "test-loop-thread" not in {t.name for t in threading.enumerate()}

    monkeypatch.setattr(loop_thread, "STOP_WAIT_SECONDS", 0.2)
    stuck = LoopThread("test-stuck-thread")
    await asyncio.wait_for(stuck.stop(asyncio.sleep(60)), 5)
    assert "test-stuck-thread" not in {t.name for t in threading.enumerate()}
