"""May this learner start an attempt now? Retake rules applied to the attempt history.

An attempt in progress always refuses. Otherwise the rules that refuse are collected; an
admin override (a one-time allowance) lets the start through anyway, and is reported as
used only then, so an allowance is never spent on a start the rules already permit. The lock
after a pass yields only to an override granted to lift it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from itembank.retake.model import (
    PastAttempt,
    RetakePolicy,
    StartDecision,
    StartReason,
)
from itembank.retake.rules import (
    Block,
    attempt_cap,
    beta_single_attempt,
    failure_wait,
    in_progress,
    passed_until_renewal,
)


def evaluate_start(
    policy: RetakePolicy,
    history: Sequence[PastAttempt],
    now: datetime,
    renewal_opens_at: datetime | None,
    override_granted: bool = False,
    override_lifts_pass_lock: bool = False,
) -> StartDecision:
    """The decision for a start at `now`; all datetimes must carry a time zone.

    An override lets a start through the failure waits, the attempt cap and the beta rule;
    the lock after a pass only when it was granted explicitly to lift that lock
    (`override_lifts_pass_lock`), so an ordinary allowance never re-certifies a learner
    outside the renewal window.

    `renewal_opens_at` is when the renewal window of the learner's current credential
    opens, or None when it never expires.
    """
    _require_aware(now, renewal_opens_at, *(moment for a in history for moment in _moments(a)))
    busy = in_progress(history)
    if busy is not None:
        return _refuse(busy, [busy])
    blocks = [
        block
        for block in (
            beta_single_attempt(policy, history),
            passed_until_renewal(history, now, renewal_opens_at),
            failure_wait(policy, history, now),
            attempt_cap(policy, history, now),
        )
        if block is not None
    ]
    if not blocks:
        return StartDecision(True, StartReason.ALLOWED, "You can start an attempt now.", now)
    pass_locks = [block for block in blocks if block.reason in PASS_LOCKS]
    if override_granted and pass_locks and not override_lifts_pass_lock:
        return _refuse(_binding(pass_locks), blocks)
    if override_granted:
        return StartDecision(
            allowed=True,
            reason=StartReason.OVERRIDE,
            message="Allowed once by an administrator's override; otherwise: "
            + _binding(blocks).message,
            earliest_start=now,
            blocked_by=tuple(block.reason for block in blocks),
            uses_override=True,
        )
    return _refuse(_binding(blocks), blocks)


PASS_LOCKS = frozenset({StartReason.PASSED_NO_RENEWAL, StartReason.PASSED_BEFORE_RENEWAL})


def _binding(blocks: list[Block]) -> Block:
    """The block that lifts last: one time alone never lifts, else the latest `until`."""
    timed = [(block.until, index) for index, block in enumerate(blocks) if block.until is not None]
    if len(timed) < len(blocks):
        return next(block for block in blocks if block.until is None)
    return blocks[max(timed)[1]]


def _refuse(binding: Block, blocks: list[Block]) -> StartDecision:
    return StartDecision(
        allowed=False,
        reason=binding.reason,
        message=binding.message,
        earliest_start=binding.until,
        blocked_by=tuple(block.reason for block in blocks),
    )


def _moments(attempt: PastAttempt) -> tuple[datetime, ...]:
    return (
        (attempt.started_at,)
        if attempt.ended_at is None
        else (attempt.started_at, attempt.ended_at)
    )


def _require_aware(*moments: datetime | None) -> None:
    if any(m is not None and m.utcoffset() is None for m in moments):
        raise ValueError("retake decisions need time-zone-aware datetimes")
