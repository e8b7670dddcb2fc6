"""Each retake rule on its own: given the history and `now`, does it refuse, and until when?

Every rule only lifts as time passes (waits run out, old attempts leave the window, the
renewal window opens) and never comes back without a new attempt, so the earliest start
overall is the latest of the rules' own earliest starts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from itembank.retake.model import PastAttempt, RetakePolicy, StartReason


@dataclass(frozen=True, slots=True)
class Block:
    """A rule refusing a start; `until` None means time alone will not lift it."""

    reason: StartReason
    message: str
    until: datetime | None


def _at(moment: datetime) -> str:
    return moment.isoformat(timespec="minutes")


def _duration(span: timedelta) -> str:
    for unit, size in (("day", timedelta(days=1)), ("hour", timedelta(hours=1))):
        if span >= size and span % size == timedelta(0):
            count = span // size
            return f"{count} {unit}{'s' if count != 1 else ''}"
    return str(span)


def in_progress(history: Sequence[PastAttempt]) -> Block | None:
    if any(attempt.passed is None for attempt in history):
        return Block(
            StartReason.ATTEMPT_IN_PROGRESS,
            "An attempt is still in progress; submit it or let it expire first.",
            None,
        )
    return None


def beta_single_attempt(policy: RetakePolicy, history: Sequence[PastAttempt]) -> Block | None:
    if policy.beta and history:
        return Block(
            StartReason.BETA_SINGLE_ATTEMPT,
            "This is a beta exam: each learner gets one attempt only.",
            None,
        )
    return None


def last_pass(history: Sequence[PastAttempt]) -> PastAttempt | None:
    passes = [attempt for attempt in history if attempt.passed is True]
    return max(passes, key=lambda attempt: attempt.started_at, default=None)


def passed_until_renewal(
    history: Sequence[PastAttempt], now: datetime, renewal_opens_at: datetime | None
) -> Block | None:
    if last_pass(history) is None:
        return None
    if renewal_opens_at is None:
        return Block(
            StartReason.PASSED_NO_RENEWAL,
            "You have passed this exam and the certification does not expire.",
            None,
        )
    if now < renewal_opens_at:
        return Block(
            StartReason.PASSED_BEFORE_RENEWAL,
            f"You have passed this exam; you can sit it again when the renewal window "
            f"opens at {_at(renewal_opens_at)}.",
            renewal_opens_at,
        )
    return None


def failure_wait(
    policy: RetakePolicy, history: Sequence[PastAttempt], now: datetime
) -> Block | None:
    passed = last_pass(history)
    failures = sorted(
        (
            attempt
            for attempt in history
            if attempt.passed is False
            and (passed is None or attempt.started_at > passed.started_at)
        ),
        key=lambda attempt: attempt.started_at,
    )
    if not failures or not policy.failure_waits:
        return None
    wait = policy.failure_waits[min(len(failures), len(policy.failure_waits)) - 1]
    latest = failures[-1]
    until = (latest.ended_at or latest.started_at) + wait
    if now >= until:
        return None
    count = len(failures)
    return Block(
        StartReason.FAILURE_WAIT,
        f"After {count} consecutive failed attempt{'s' if count != 1 else ''} the wait is "
        f"{_duration(wait)}; you can start again at {_at(until)}.",
        until,
    )


def attempt_cap(
    policy: RetakePolicy, history: Sequence[PastAttempt], now: datetime
) -> Block | None:
    """At most `max_attempts` starts per `window`; a start counts while now - window < start."""
    if policy.max_attempts is None or policy.window is None:
        return None
    window = policy.window
    recent = sorted(a.started_at for a in history if a.started_at > now - window)
    if len(recent) < policy.max_attempts:
        return None
    until = recent[len(recent) - policy.max_attempts] + window
    return Block(
        StartReason.ATTEMPT_CAP,
        f"You have started {len(recent)} attempts in the last {_duration(window)}, the most "
        f"allowed is {policy.max_attempts}; you can start again at {_at(until)}.",
        until,
    )
