"""When an attempt must be submitted, and when the server closes it regardless.

The deadline is the start plus the exam's time limit stretched by the learner's
accommodation (1.5 gives half as much time again). Answers saved up to the deadline plus
a short grace period still count, so a submission sent in the last second is not lost to
network delay; past that moment the attempt is closed with what was saved.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta


def attempt_deadline(
    started_at: datetime, time_limit_seconds: int, time_multiplier: float = 1.0
) -> datetime:
    """`started_at` + time limit x accommodation multiplier (to the microsecond)."""
    if time_limit_seconds <= 0:
        raise ValueError(f"the time limit must be positive, got {time_limit_seconds}")
    if not math.isfinite(time_multiplier) or time_multiplier <= 0:
        raise ValueError(f"the time multiplier must be a positive number, got {time_multiplier}")
    return started_at + timedelta(seconds=time_limit_seconds * time_multiplier)


def closing_time(deadline: datetime, grace: timedelta) -> datetime:
    """The moment after which the attempt is closed with what was saved."""
    if grace < timedelta(0):
        raise ValueError(f"the grace period cannot be negative, got {grace}")
    return deadline + grace


def is_overdue(deadline: datetime, grace: timedelta, now: datetime) -> bool:
    """True once `now` is past the deadline plus grace (exactly at that moment it is not)."""
    return now > closing_time(deadline, grace)
