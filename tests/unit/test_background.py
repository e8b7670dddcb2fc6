"""The periodic-task helper: ticks repeat, a failing tick is logged and survived, stop is clean."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import UTC, datetime, timedelta

import pytest
from litestar import Litestar
from litestar.datastructures import State

from service import background
from service.background import periodic
from service.clock import SettableClock

START = datetime(2030, 1, 1, tzinfo=UTC)


class _Remember(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


async def test_ticks_repeat_survive_failures_and_stop_with_the_app() -> None:
    seen: list[datetime] = []
    started: list[bool] = []

    async def tick(app: Litestar) -> None:
        clock: SettableClock = app.state.clock
        seen.append(clock.now())
        clock.advance(timedelta(minutes=1))
        if len(seen) == 2:
            raise RuntimeError("a round that fails")

    async def start(app: Litestar) -> None:
        started.append(True)
        raise RuntimeError("start-up that fails")

    logger = logging.getLogger("test.background")
    remembered = _Remember()
    logger.addHandler(remembered)
    lifespan = periodic(tick, every=lambda app: 0.01, logger=logger, start=start)
    app = Litestar(state=State({"clock": SettableClock(START)}))
    try:
        async with lifespan(app):
            for _ in range(200):
                if len(seen) >= 4:
                    break
                await asyncio.sleep(0.01)
        count = len(seen)
        await asyncio.sleep(0.05)
    finally:
        logger.removeHandler(remembered)
    assert started == [True]
    assert count >= 4 and len(seen) == count, "the loop goes on after a failure, stops at exit"
    assert seen[:4] == [START + timedelta(minutes=n) for n in range(4)]
    messages = remembered.messages
    assert any("start-up step failed" in m for m in messages)
    assert any("round failed" in m for m in messages)


class _FakeTime:
    """A monotonic clock that only the rounds move, and a sleep that records what it was
    asked for and returns at once."""

    def __init__(self) -> None:
        self.now = 100.0
        self.slept: list[float] = []

    def monotonic(self) -> float:
        return self.now

    def time(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.slept.append(round(seconds, 6))
        await asyncio.sleep(0)


async def _waits_between(
    monkeypatch: pytest.MonkeyPatch, round_seconds: list[float], *, from_start: bool
) -> list[float]:
    """The waits `repeat` asks for after rounds that take ``round_seconds`` each, every 0.3 s."""
    fake = _FakeTime()
    monkeypatch.setattr(background, "time", fake)
    monkeypatch.setattr(background, "asyncio", fake)
    durations = iter(round_seconds)
    done = asyncio.Event()

    async def round_() -> None:
        try:
            fake.now += next(durations)
        except StopIteration:
            done.set()
            await asyncio.Event().wait()

    task = asyncio.create_task(
        background.repeat(round_, 0.3, logging.getLogger("test.pace"), from_start=from_start)
    )
    await asyncio.wait_for(done.wait(), 10)
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task
    return fake.slept


async def test_a_round_paced_from_its_start_that_overran_is_followed_at_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rounds = [0.1, 0.5, 0.3, 0.0]
    assert await _waits_between(monkeypatch, rounds, from_start=True) == [0.2, 0.0, 0.0, 0.3]
    assert await _waits_between(monkeypatch, rounds, from_start=False) == [0.3] * 4
