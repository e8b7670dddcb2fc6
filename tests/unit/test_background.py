"""The periodic-task helper: ticks repeat, a failing tick is logged and survived, stop is clean."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime, timedelta

from litestar import Litestar
from litestar.datastructures import State

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
