"""When a failed delivery is tried again, when it is given up, when an endpoint is disabled.

Exponential backoff from ``first_delay`` doubling to ``max_delay``, each wait scaled by a
random factor in [1 - jitter, 1 + jitter] so that the deliveries of an endpoint that came
back do not all return in the same second. A delivery is retried until ``give_up_after``
has passed since its first try (3 days by default, so a receiver down over a weekend still
gets everything), then given up. An endpoint whose deliveries have failed without one
success for ``disable_after`` and at least ``disable_min_failures`` times is disabled, with
the reason kept for admins. Everything is a parameter so tests and the benchmark can run the
schedule in moments with a settable clock.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta


@dataclass(frozen=True)
class RetryPolicy:
    first_delay: timedelta = timedelta(seconds=5)
    max_delay: timedelta = timedelta(hours=6)
    jitter: float = 0.2
    give_up_after: timedelta = timedelta(days=3)
    disable_after: timedelta = timedelta(days=3)
    disable_min_failures: int = 10
    lease: timedelta = timedelta(seconds=60)
    random: Callable[[], float] = field(default=random.random, compare=False)

    def delay(self, failures: int) -> timedelta:
        """The wait after the ``failures``-th failed try in a row (1 for the first)."""
        doublings = min(max(failures - 1, 0), 30)
        base = min(self.first_delay * (1 << doublings), self.max_delay)
        factor = 1 - self.jitter + 2 * self.jitter * self.random()
        return base * factor
