"""Attempt use cases: start under the retake rules, save answers, submit, expire, review.

The server clock is the only clock: every use case takes ``now``. An attempt past its
deadline plus the grace period is closed with what was saved — by the sweeper, or lazily by
whichever request touches it first — so an abandoned attempt never stays open.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from typing import Any
from uuid import UUID

from anyio import to_thread
from sqlalchemy import func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from uuid_utils.compat import uuid7

from itembank.assembly import assemble_form
from itembank.attempts import attempt_deadline, closing_time
from itembank.blueprint import BlueprintInfeasible
from itembank.retake import PastAttempt, evaluate_start
from service.attempts.errors import AttemptClosed, StartRefused
from service.attempts.revision_cache import contents_of
from service.attempts.scoring import close_attempt
from service.auth.tokens import Principal
from service.credentials.states import CredentialStatus
from service.db.models import (
    AccommodationRow,
    AttemptRow,
    CertificationRow,
    CredentialRow,
    ExamRow,
    ResponseRow,
    RetakeOverrideRow,
)
from service.errors import Conflict, Invalid, NotFound, Problem
from service.exams.candidates import active_items
from service.exams.policies import blueprint_from_json, retake_policy_from_json

IN_PROGRESS = "in_progress"
SCORED = "scored"
EXPIRED = "expired"


@dataclass(frozen=True)
class SavedAnswer:
    chosen: list[str]
    saved_at: datetime


def in_progress_key(exam_id: UUID, learner_id: str) -> str:
    return f"{exam_id}:{learner_id}"


def closes_at(attempt: AttemptRow, grace: timedelta) -> datetime:
    return closing_time(attempt.deadline, grace)


async def _exam_and_certification(
    session: AsyncSession, exam_id: UUID
) -> tuple[ExamRow, CertificationRow]:
    exam = await session.get(ExamRow, exam_id)
    if exam is None:
        raise NotFound(f"no exam with id {exam_id}")
    certification = await session.get(CertificationRow, exam.certification_id)
    assert certification is not None
    return exam, certification


async def _history(session: AsyncSession, exam_id: UUID, learner_id: str) -> Sequence[AttemptRow]:
    rows = await session.scalars(
        select(AttemptRow)
        .where(AttemptRow.exam_id == exam_id, AttemptRow.learner_id == learner_id)
        .order_by(AttemptRow.started_at)
    )
    return rows.all()


async def _renewal_opens_at(
    session: AsyncSession,
    history: Sequence[AttemptRow],
    certification: CertificationRow,
    learner_id: str,
) -> datetime | None:
    """When the renewal window of the learner's current credential opens (None: never expires).

    Counted back from the credential's ``validUntil``, which an early renewal extends past one
    validity period after the pass (see ``service.credentials.issuance``), so renewing early
    cannot be chained to stack validity; until the credential of the latest pass is issued,
    from that pass.
    """
    passes = [a for a in history if a.passed and a.submitted_at is not None]
    if not passes or certification.validity_days is None:
        return None
    passed_at = passes[-1].submitted_at
    assert passed_at is not None
    window = timedelta(days=certification.renewal_window_days)
    opens = passed_at + timedelta(days=certification.validity_days) - window
    valid_until = await session.scalar(
        select(func.max(CredentialRow.valid_until)).where(
            CredentialRow.certification_id == certification.id,
            CredentialRow.learner_id == learner_id,
            CredentialRow.status != CredentialStatus.REVOKED,
        )
    )
    if valid_until is not None:
        opens = max(opens, valid_until - window)
    return opens


async def lock_attempt(
    session: AsyncSession,
    attempt_id: UUID,
    *,
    skip_locked: bool = False,
    learner_id: str | None = None,
) -> AttemptRow | None:
    """The attempt, re-read under its row lock (held until the transaction ends).

    Every change to an attempt (an answer saved, a submit, an expiry) takes this lock first
    and decides on the state it reads under the lock, so the changes of one attempt happen
    one after another: on PostgreSQL through ``SELECT ... FOR UPDATE``; on SQLite every
    writing transaction begins with ``BEGIN IMMEDIATE`` (see ``service.db.engine``), which
    already holds the database's single write lock, and ``FOR UPDATE`` renders as nothing.
    ``skip_locked``: None instead of waiting while another transaction holds the lock.
    ``learner_id``: only that learner's attempt (nobody can lock another learner's attempt).
    """
    query = select(AttemptRow).where(AttemptRow.id == attempt_id)
    if learner_id is not None:
        query = query.where(AttemptRow.learner_id == learner_id)
    return await session.scalar(
        query.with_for_update(skip_locked=skip_locked).execution_options(populate_existing=True)
    )


async def expire_overdue(
    session: AsyncSession, attempts: Sequence[AttemptRow], now: datetime, grace: timedelta
) -> None:
    """Close the overdue ones; each is locked and re-checked first, so none closes twice."""
    for attempt in attempts:
        if attempt.status != IN_PROGRESS or now <= closes_at(attempt, grace):
            continue
        locked = await lock_attempt(session, attempt.id)
        if locked is None or locked.status != IN_PROGRESS:
            continue
        exam = await session.get(ExamRow, locked.exam_id)
        assert exam is not None
        await close_attempt(session, locked, exam, now=now, status=EXPIRED)


async def start_attempt(
    session: AsyncSession,
    exam_id: UUID,
    learner: Principal,
    *,
    now: datetime,
    grace: timedelta,
) -> AttemptRow:
    exam, certification = await _exam_and_certification(session, exam_id)
    history = await _history(session, exam_id, learner.subject)
    await expire_overdue(session, history, now, grace)
    override = await session.scalar(
        select(RetakeOverrideRow)
        .where(
            RetakeOverrideRow.exam_id == exam_id,
            RetakeOverrideRow.learner_id == learner.subject,
            RetakeOverrideRow.used_by_attempt_id.is_(None),
        )
        .limit(1)
    )
    decision = evaluate_start(
        retake_policy_from_json(exam.retake_policy, beta=exam.beta),
        [
            PastAttempt(
                started_at=a.started_at,
                passed=None if a.status == IN_PROGRESS else bool(a.passed),
                ended_at=a.submitted_at,
            )
            for a in history
        ],
        now,
        await _renewal_opens_at(session, history, certification, learner.subject),
        override_granted=override is not None,
    )
    if not decision.allowed:
        # Lazily expired attempts must stay closed even though this request fails.
        await session.commit()
        raise StartRefused(
            decision.message, reason=decision.reason.value, earliest_start=decision.earliest_start
        )

    items = await active_items(session, exam.bank_id)
    by_revision = {item.candidate.revision_id: item for item in items}
    seen = {entry["itemId"] for attempt in history for entry in attempt.form}
    exposure = await _exposure(session, list(by_revision))
    seed = secrets.randbits(62)
    try:
        # Assembly is CPU work (tens of ms on a large bank): off the event loop, so a burst
        # of starts does not stall other learners' answer saves.
        form = await to_thread.run_sync(
            partial(
                assemble_form,
                blueprint_from_json(exam.blueprint, exam.recall_cap),
                [item.candidate for item in items],
                seed=seed,
                exposure=exposure,
                seen_by_learner=seen,
                shuffle_items=exam.shuffle_items,
                shuffle_options=exam.shuffle_options,
            )
        )
    except BlueprintInfeasible as error:
        raise Invalid(
            "the bank's active items can no longer fill this exam; tell the program admin",
            problems=[
                Problem(shortfall.message, field="blueprint") for shortfall in error.shortfalls
            ],
        ) from error

    accommodation = await session.scalar(
        select(AccommodationRow).where(AccommodationRow.learner_id == learner.subject)
    )
    multiplier = accommodation.time_multiplier if accommodation else 1.0
    attempt = AttemptRow(
        id=uuid7(),
        exam_id=exam.id,
        learner_id=learner.subject,
        learner_name=learner.name,
        learner_email=learner.email,
        number=len(history) + 1,
        status=IN_PROGRESS,
        in_progress_key=in_progress_key(exam.id, learner.subject),
        started_at=now,
        deadline=attempt_deadline(now, exam.time_limit_seconds, multiplier),
        time_multiplier=multiplier,
        seed=seed,
        form=[
            {
                "position": position,
                "revisionId": entry.revision_id,
                "itemId": entry.item_id,
                "domain": entry.domain,
                "kind": entry.kind.value,
                "itemSetId": entry.item_set_id,
                "optionOrder": list(entry.option_order),
            }
            for position, entry in enumerate(form.items, start=1)
        ],
        via_override=decision.uses_override,
    )
    session.add(attempt)
    try:
        await session.flush()
    except IntegrityError as error:
        raise Conflict(
            "you already have an attempt in progress for this exam",
            extra={"reason": "attempt_in_progress"},
        ) from error
    await session.execute(
        insert(ResponseRow),
        [
            {
                "id": uuid7(),
                "attempt_id": attempt.id,
                "revision_id": UUID(entry["revisionId"]),
                "chosen": [],
                "saved_at": now,
                "created_at": now,
                "updated_at": now,
            }
            for entry in attempt.form
        ],
    )
    if decision.uses_override and override is not None:
        override.used_by_attempt_id = attempt.id
        await session.flush()
    return attempt


async def _exposure(session: AsyncSession, revision_ids: list[str]) -> dict[str, int]:
    """How often each revision has been delivered so far (one response row per delivery)."""
    if not revision_ids:
        return {}
    rows = await session.execute(
        select(ResponseRow.revision_id, func.count())
        .where(ResponseRow.revision_id.in_([UUID(r) for r in revision_ids]))
        .group_by(ResponseRow.revision_id)
    )
    return {str(revision_id): int(count) for revision_id, count in rows.all()}


async def learner_attempt(
    session: AsyncSession,
    attempt_id: UUID,
    learner: Principal,
    *,
    now: datetime,
    grace: timedelta,
    for_change: bool = False,
) -> AttemptRow:
    """The caller's own attempt (another learner's reads as not found), closed if overdue.

    ``for_change``: the caller is about to save or submit, so the attempt is read under its
    row lock (see ``lock_attempt``) and no other save, submit or expiry of it can interleave.
    """
    if for_change:
        attempt = await lock_attempt(session, attempt_id, learner_id=learner.subject)
    else:
        attempt = await session.get(AttemptRow, attempt_id)
    if attempt is None or attempt.learner_id != learner.subject:
        raise NotFound(f"no attempt with id {attempt_id}")
    await expire_overdue(session, [attempt], now, grace)
    return attempt


async def responses_by_revision(session: AsyncSession, attempt_id: UUID) -> dict[str, ResponseRow]:
    rows = await session.scalars(select(ResponseRow).where(ResponseRow.attempt_id == attempt_id))
    return {str(row.revision_id): row for row in rows.all()}


async def save_answer(
    session: AsyncSession,
    attempt: AttemptRow,
    position: int,
    chosen: list[str],
    seconds_spent: float | None,
    *,
    now: datetime,
    grace: timedelta,
    contents: dict[str, dict[str, Any]],
) -> SavedAnswer:
    if attempt.status != IN_PROGRESS:
        await session.commit()
        raise AttemptClosed(
            "this attempt has ended"
            + (" (its time ran out)" if attempt.status == EXPIRED else "")
            + "; answers can no longer be saved",
            status=attempt.status,
            deadline=attempt.deadline,
        )
    if not 1 <= position <= len(attempt.form):
        raise NotFound(f"this attempt has items 1 to {len(attempt.form)}, not {position}")
    entry = attempt.form[position - 1]
    content = contents[entry["revisionId"]]
    option_ids = {option["id"] for option in content["options"]}
    problems = [
        Problem(f"{choice!r} is not an option of item {position}", field="chosen")
        for choice in chosen
        if choice not in option_ids
    ]
    if len(set(chosen)) != len(chosen):
        problems.append(Problem("an option is chosen twice", field="chosen"))
    if content["format"] == "single" and len(chosen) > 1:
        problems.append(Problem("this item takes a single answer", field="chosen"))
    if seconds_spent is not None and seconds_spent < 0:
        problems.append(Problem("must not be negative", field="secondsSpent"))
    if problems:
        raise Invalid("the answer was not saved", problems=problems)
    values: dict[str, Any] = {"chosen": sorted(chosen), "saved_at": now, "updated_at": now}
    if seconds_spent is not None:
        values["seconds_spent"] = seconds_spent
    # One UPDATE, no read first: the row exists since the attempt started.
    result = await session.execute(
        update(ResponseRow)
        .where(
            ResponseRow.attempt_id == attempt.id,
            ResponseRow.revision_id == UUID(entry["revisionId"]),
        )
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    assert result.rowcount == 1, "response rows are created when the attempt starts"  # type: ignore[attr-defined]
    return SavedAnswer(chosen=values["chosen"], saved_at=now)


async def submit(session: AsyncSession, attempt: AttemptRow, *, now: datetime) -> AttemptRow:
    """Score the attempt; it must have been read under its lock (``for_change=True``)."""
    if attempt.status != IN_PROGRESS:
        raise AttemptClosed(
            "this attempt was already submitted", status=attempt.status, deadline=attempt.deadline
        )
    exam = await session.get(ExamRow, attempt.exam_id)
    assert exam is not None
    return await close_attempt(session, attempt, exam, now=now, status=SCORED)


async def overdue_attempt_ids(
    session: AsyncSession, *, now: datetime, grace: timedelta, limit: int = 500
) -> list[UUID]:
    """In-progress attempts past their deadline plus grace, oldest deadline first."""
    ids = await session.scalars(
        select(AttemptRow.id)
        .where(AttemptRow.status == IN_PROGRESS, AttemptRow.deadline < now - grace)
        .order_by(AttemptRow.deadline)
        .limit(limit)
    )
    return list(ids.all())


async def expire_if_overdue(
    session: AsyncSession, attempt_id: UUID, *, now: datetime, grace: timedelta
) -> bool:
    """Close one overdue attempt under its row lock; False if it is not (or no longer) overdue.

    An attempt locked by a save or submit right now is skipped (``SKIP LOCKED``): that request
    closes it itself if it is overdue, or the next sweep does.
    """
    attempt = await lock_attempt(session, attempt_id, skip_locked=True)
    if attempt is None or attempt.status != IN_PROGRESS or now <= closes_at(attempt, grace):
        return False
    exam = await session.get(ExamRow, attempt.exam_id)
    assert exam is not None
    await close_attempt(session, attempt, exam, now=now, status=EXPIRED)
    return True


async def revision_contents(
    session: AsyncSession, attempt: AttemptRow, *, position: int | None = None
) -> dict[str, dict[str, Any]]:
    """The content of the attempt's revisions (only the one at ``position`` when given)."""
    entries = attempt.form
    if position is not None:
        entries = [entry for entry in entries if entry["position"] == position]
    return await contents_of(session, (entry["revisionId"] for entry in entries))
