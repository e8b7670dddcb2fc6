"""Retake rules as data, the attempt history they read, and the decision they give."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from itembank.problems import Problem


class InvalidRetakePolicy(ValueError):
    """The policy contradicts itself; lists every problem."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__("; ".join(f"{p.field}: {p.reason}" for p in self.problems))


@dataclass(frozen=True, slots=True)
class RetakePolicy:
    """When a learner may start another attempt.

    `failure_waits[i]` is the wait after i + 1 consecutive failures (counted since the last
    pass); the last wait repeats for every further failure. `max_attempts` attempts may
    start per rolling `window`. After a pass no attempt starts until the credential's
    renewal window opens. A `beta` exam allows one attempt ever.
    """

    failure_waits: tuple[timedelta, ...] = ()
    max_attempts: int | None = None
    window: timedelta | None = None
    beta: bool = False

    def __post_init__(self) -> None:
        problems = []
        if any(wait < timedelta(0) for wait in self.failure_waits):
            problems.append(Problem(field="failure_waits", reason="waits cannot be negative"))
        if (self.max_attempts is None) != (self.window is None):
            problems.append(
                Problem(
                    field="max_attempts", reason="give both max_attempts and window, or neither"
                )
            )
        if self.max_attempts is not None and self.max_attempts < 1:
            problems.append(Problem(field="max_attempts", reason="must be at least 1"))
        if self.window is not None and self.window <= timedelta(0):
            problems.append(Problem(field="window", reason="must be longer than zero"))
        if problems:
            raise InvalidRetakePolicy(problems)


@dataclass(frozen=True, slots=True)
class PastAttempt:
    """An attempt already started. `passed` is None while it is in progress.

    Waits after a failure count from `ended_at` (submission or expiry) when given, else
    from `started_at`.
    """

    started_at: datetime
    passed: bool | None
    ended_at: datetime | None = None


class StartReason(StrEnum):
    ALLOWED = "allowed"
    OVERRIDE = "override"
    ATTEMPT_IN_PROGRESS = "attempt_in_progress"
    BETA_SINGLE_ATTEMPT = "beta_single_attempt"
    PASSED_NO_RENEWAL = "passed_no_renewal"
    PASSED_BEFORE_RENEWAL = "passed_before_renewal"
    FAILURE_WAIT = "failure_wait"
    ATTEMPT_CAP = "attempt_cap"


@dataclass(frozen=True, slots=True)
class StartDecision:
    """Whether an attempt may start now.

    `earliest_start` is `now` when allowed; when refused, the first moment every rule that
    refuses has lifted, or None when that takes something other than time (an attempt to
    finish, an admin override, a certification that never expires). `blocked_by` names
    every rule that refuses; `reason` and `message` are the one that lifts last.
    `uses_override` tells the caller to consume the one-time allowance.
    """

    allowed: bool
    reason: StartReason
    message: str
    earliest_start: datetime | None
    blocked_by: tuple[StartReason, ...] = ()
    uses_override: bool = False
