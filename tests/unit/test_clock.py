from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from service.clock import SettableClock, SystemClock

START = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def test_the_system_clock_reads_aware_utc_time() -> None:
    before = datetime.now(UTC)
    now = SystemClock().now()
    assert now.tzinfo is not None and before <= now <= datetime.now(UTC)


def test_a_settable_clock_stands_still_until_moved() -> None:
    clock = SettableClock(START)
    assert clock.now() == clock.now() == START
    assert clock.advance(timedelta(hours=2)) == START + timedelta(hours=2)
    clock.set(datetime(2026, 3, 1, 12, 0, tzinfo=timezone(timedelta(hours=1))))
    assert clock.now() == datetime(2026, 3, 1, 11, 0, tzinfo=UTC)
    assert clock.now().utcoffset() == timedelta(0)


def test_a_settable_clock_refuses_naive_time() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        SettableClock(datetime(2026, 3, 1, 9, 0))
    with pytest.raises(ValueError, match="timezone-aware"):
        SettableClock(START).set(datetime(2026, 3, 1, 9, 0))
