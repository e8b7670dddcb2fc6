"""Attempt use cases: start under the retake rules, save answers, submit, expire, review.

The server clock is the only clock: every use case takes ``now`` (from the injected
`service.clock.Clock`). An attempt past its deadline plus the grace period is closed with what
was saved — by the sweeper, or lazily by whichever request touches it first — so an abandoned
attempt never stays open.

Storage goes through ``service.attempts.store`` and ``service.exams.store``; the rules
(deadline, grace, the answer check, the retake decision, form assembly) live in ``itembank``.
A use case's transaction is committed by its caller (the request or the sweeper), with one
exception, `refuse_keeping_closures`: a refused request still commits the attempts it closed
on the way.
"""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from typing import NoReturn
from uuid import UUID

from anyio import to_thread
from sqlalchemy.ext.asyncio import AsyncSession

from credentials import renewal_opens_at
from itembank import ItemContent
from itembank.assembly import Form, draw_form
from itembank.attempts import answer_problems, attempt_deadline, is_overdue
from itembank.blueprint import BlueprintInfeasible
from itembank.retake import PastAttempt, StartDecision, evaluate_start
from service.attempts import store
from service.attempts.admin import list_attempt_rows
from service.attempts.assembly_pools import assembly_pool
from service.attempts.errors import (
    AnswerRejected,
    AttemptClosed,
    AttemptNotFound,
    ExamUnfillable,
    NoSuchPosition,
    StartRefused,
)
from service.attempts.exposure import exposure_counts
from service.attempts.schemas import Attempt
from service.attempts.scoring import close_attempt
from service.attempts.start_context import StartContext, read_start_context
from service.attempts.started_forms import started_form_of, started_forms
from service.attempts.status import AttemptStatus
from service.attempts.store import (
    AttemptRecord,
    NewAttempt,
    StoredFormEntry,
)
from service.attempts.views import attempt_view, reported_score
from service.auth.tokens import Principal
from service.calibration import store as calibration_store
from service.calibration.form_balance import form_balance
from service.calibration.scoring import deliverable_revisions
from service.calibration.store import Scale
from service.db.models import AttemptRow
from service.db.statement_commits import commit_each_statement
from service.errors import Problem, ServiceError
from service.exams import store as exams_store
from service.exams.candidates import ActiveItem, active_items
from service.exams.errors import ExamRetired
from service.exams.policies import exam_blueprint, exam_retake_policy
from service.exams.store import ExamRecord
from service.pagination import LimitOffset
from service.study.schemas import StudyPlanView
from service.study.services import study_plan

BALANCE_DRAWS = 40
"""Draws tried for a form within the scale's ``formTolerance`` (each tens of ms at most)."""
SEED_SPAN = 2**62


@dataclass(frozen=True)
class SavedAnswer:
    chosen: list[str]
    saved_at: datetime
    deadline: datetime


@dataclass(frozen=True)
class StartedAttempt:
    """A new attempt with what its first view needs (nothing has to be read again)."""

    attempt: AttemptRecord
    exam: ExamRecord
    contents: dict[str, ItemContent]

    def view(self) -> Attempt:
        return attempt_view(self.attempt, self.exam, contents=self.contents, responses={})


async def refuse_keeping_closures(session: AsyncSession, error: ServiceError) -> NoReturn:
    """Commit, then raise: attempts closed lazily on the way stay closed though this fails."""
    await session.commit()
    raise error


def _overdue(attempt: AttemptRow, now: datetime, grace: timedelta) -> bool:
    return attempt.status == AttemptStatus.IN_PROGRESS and is_overdue(attempt.deadline, grace, now)


async def expire_overdue(
    session: AsyncSession, attempts: Sequence[AttemptRow], now: datetime, grace: timedelta
) -> None:
    """Close the overdue ones; each is locked and re-checked first, so none closes twice."""
    for attempt in attempts:
        if not _overdue(attempt, now, grace):
            continue
        locked = await store.lock_attempt(session, attempt.id)
        if locked is None or locked.status != AttemptStatus.IN_PROGRESS:
            continue
        exam = await exams_store.load_exam(session, locked.exam_id)
        await close_attempt(session, locked, exam, now=now, status=AttemptStatus.EXPIRED)


def _last_pass(past: Sequence[AttemptRecord]) -> AttemptRecord | None:
    passes = [a for a in past if a.passed and a.submitted_at is not None]
    return passes[-1] if passes else None


async def _decide_start(
    session: AsyncSession,
    context: StartContext,
    learner_id: str,
    past: Sequence[AttemptRecord],
    *,
    now: datetime,
) -> StartDecision:
    exam = context.exam
    last_pass = _last_pass(past)
    # The renewal rule leaves out the version the last pass earned (see
    # `store.valid_until_held_before`); without a pass there is nothing to leave out.
    held_until = (
        context.held_until
        if last_pass is None
        else await store.valid_until_held_before(
            session, exam.certification_id, learner_id, last_pass.id
        )
    )
    override = None if context.override is None else store.override_record(context.override)
    return evaluate_start(
        exam_retake_policy(exam),
        [
            PastAttempt(
                started_at=a.started_at,
                passed=None if a.status == AttemptStatus.IN_PROGRESS else bool(a.passed),
                ended_at=a.submitted_at,
            )
            for a in past
        ],
        now,
        renewal_opens_at(
            last_pass.submitted_at if last_pass else None,
            context.validity_days,
            context.renewal_window_days,
            held_until,
        ),
        override_granted=override is not None,
        override_lifts_pass_lock=override is not None and override.lifts_pass_lock,
    )


async def _assemble(
    session: AsyncSession,
    exam: ExamRecord,
    scale: Scale | None,
    items: list[ActiveItem],
    past: Sequence[AttemptRecord],
    seed: int,
    *,
    max_recall_share: float | None,
) -> tuple[Form, int]:
    """A fresh form and the seed it was drawn with: least-exposed items first, none the
    learner has seen if it can be helped.

    An exam on the calibrated scale without pretest delivery gets calibrated items only. With
    a ``formTolerance`` the form is redrawn (``BALANCE_DRAWS`` seeds; the later half ignoring
    exposure, which otherwise decides most of the choice) until its expected share at the cut
    is within the tolerance; if none is, the closest draw is delivered rather than refusing
    the learner a start."""
    revision_ids = [item.candidate.revision_id for item in items]
    allowed = await deliverable_revisions(session, scale, revision_ids)
    if allowed is not None:
        items = [item for item in items if item.candidate.revision_id in allowed]
        revision_ids = [item.candidate.revision_id for item in items]
    exposure = await exposure_counts.read(session, exam.id, revision_ids)
    balance = await form_balance(session, scale, revision_ids)
    pool = assembly_pool(exam_blueprint(exam, max_recall_share), [i.candidate for i in items])
    seen = {entry.item_id for a in past for entry in a.form}
    draw = partial(
        draw_form,
        pool,
        seen_by_learner=seen,
        shuffle_items=exam.shuffle_items,
        shuffle_options=exam.shuffle_options,
    )
    # A first-time learner's draw from single items is about 1.3 ms of CPU on a 400-item
    # bank: it runs on the event loop, where a thread cost a start 0.2 ms more and spared
    # other requests nothing measurable. A draw that may search (item sets, items to avoid)
    # can take far longer, and in a thread the loop still gets the interpreter every 5 ms.
    inline = pool.singles_only and pool.feasible and not seen
    try:
        form = (
            draw(seed=seed, exposure=exposure) if inline else await _in_thread(draw, seed, exposure)
        )
        if balance is None:
            return form, seed
        best = (balance.gap(entry.revision_id for entry in form.items), form, seed)
        for attempt in range(1, BALANCE_DRAWS):
            if balance.accepts(best[0]):
                break
            again = (seed + attempt) % SEED_SPAN
            weights = exposure if attempt < BALANCE_DRAWS // 2 else {}
            if inline:
                await asyncio.sleep(0)  # let waiting requests in between redraws
                form = draw(seed=again, exposure=weights)
            else:
                form = await _in_thread(draw, again, weights)
            gap = balance.gap(entry.revision_id for entry in form.items)
            if gap is not None and (best[0] is None or gap < best[0]):
                best = (gap, form, again)
        return best[1], best[2]
    except BlueprintInfeasible as error:
        raise ExamUnfillable(
            exam.id,
            [Problem(shortfall.message, field="blueprint") for shortfall in error.shortfalls],
        ) from error


async def _in_thread(draw: Callable[..., Form], seed: int, exposure: dict[str, int]) -> Form:
    return await to_thread.run_sync(partial(draw, seed=seed, exposure=exposure))


def _stored_form(form: Form) -> list[StoredFormEntry]:
    return [
        StoredFormEntry(
            position=position,
            revision_id=entry.revision_id,
            item_id=entry.item_id,
            domain=entry.domain,
            kind=entry.kind.value,
            item_set_id=entry.item_set_id,
            option_order=list(entry.option_order),
        )
        for position, entry in enumerate(form.items, start=1)
    ]


async def start_attempt(
    session: AsyncSession,
    exam_id: UUID,
    learner: Principal,
    *,
    now: datetime,
    grace: timedelta,
    max_recall_share: float | None = None,
) -> StartedAttempt:
    """Start an attempt if the exam is open and the retake rules allow it now; refused with
    the reason otherwise. The form holds items of the exam's tiers only, and at most the
    server's maximum recall share (``max_recall_share``) whatever the exam stored."""
    context = await read_start_context(session, exam_id, learner.subject)
    exam = context.exam
    if exam.retired_at is not None:
        raise ExamRetired(exam.id, exam.retired_at)
    rows = await store.history(session, exam_id, learner.subject) if context.has_attempts else []
    await expire_overdue(session, rows, now, grace)
    past = [store.attempt_record(row) for row in rows]
    decision = await _decide_start(session, context, learner.subject, past, now=now)
    if not decision.allowed:
        await refuse_keeping_closures(
            session,
            StartRefused(
                decision.message,
                reason=decision.reason.value,
                earliest_start=decision.earliest_start,
            ),
        )
    items = await active_items(
        session, exam.bank_id, exam.tiers, items_version=context.items_version
    )
    drawn, seed = await _assemble(
        session,
        exam,
        context.scale,
        items,
        past,
        secrets.randbits(62),
        max_recall_share=max_recall_share,
    )
    form = _stored_form(drawn)
    multiplier = context.time_multiplier
    new = NewAttempt(
        exam_id=exam.id,
        learner_id=learner.subject,
        learner_name=learner.name,
        learner_email=learner.email,
        number=len(past) + 1,
        started_at=now,
        deadline=attempt_deadline(now, exam.time_limit_seconds, multiplier),
        time_multiplier=multiplier,
        seed=seed,
        arrangement=drawn.arrangement,
        form=form,
        via_override=decision.uses_override,
    )
    attempt = await store.insert_attempt(
        session, new, context.override if decision.uses_override else None
    )
    exposure_counts.add_form(exam.id, (entry.revision_id for entry in form))
    started_forms.put(attempt.id, store.started_form(attempt.learner_id, attempt.deadline, form))
    delivered = {entry.revision_id for entry in form}
    contents = {
        item.candidate.revision_id: item.content
        for item in items
        if item.candidate.revision_id in delivered
    }
    return StartedAttempt(attempt=attempt, exam=exam, contents=contents)


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
    row lock (see ``store.lock_attempt``) and no other save, submit or expiry of it can
    interleave.
    """
    if for_change:
        attempt = await store.lock_attempt(session, attempt_id, learner_id=learner.subject)
    else:
        attempt = await session.get(AttemptRow, attempt_id)
    if attempt is None or attempt.learner_id != learner.subject:
        raise AttemptNotFound(attempt_id)
    await expire_overdue(session, [attempt], now, grace)
    return attempt


async def view_attempt(session: AsyncSession, attempt_id: UUID) -> Attempt:
    """The full view of an attempt: its items while in progress, its result as allowed after."""
    attempt = await store.load_attempt(session, attempt_id)
    exam = await exams_store.load_exam(session, attempt.exam_id)
    contents = await store.item_contents(session, (entry.revision_id for entry in attempt.form))
    responses = await store.responses(session, attempt.id)
    reported = None
    ability = await calibration_store.ability_of(session, attempt.id)
    scale = await calibration_store.scale_of(session, exam.id) if ability is not None else None
    if ability is not None and scale is not None:
        reported = reported_score(scale, ability)
    return attempt_view(attempt, exam, contents=contents, responses=responses, reported=reported)


async def read_attempt(
    session: AsyncSession, attempt_id: UUID, learner: Principal, *, now: datetime, grace: timedelta
) -> Attempt:
    attempt = await learner_attempt(session, attempt_id, learner, now=now, grace=grace)
    return await _with_study_plan(session, await view_attempt(session, attempt.id), now=now)


async def my_attempts(
    session: AsyncSession,
    learner: Principal,
    bounds: LimitOffset,
    *,
    now: datetime,
    grace: timedelta,
) -> tuple[list[AttemptRecord], int]:
    """A window of the learner's attempts, newest first, the overdue ones closed before shown."""
    rows, total = await list_attempt_rows(
        session, learner_id=learner.subject, limit=bounds.limit, offset=bounds.offset
    )
    await expire_overdue(session, rows, now, grace)
    return [store.attempt_record(row) for row in rows], total


async def save_answer(
    session: AsyncSession,
    attempt_id: UUID,
    learner: Principal,
    position: int,
    chosen: list[str],
    seconds_spent: float | None,
    *,
    now: datetime,
    grace: timedelta,
) -> SavedAnswer:
    """Save one answer under the attempt's lock, checked against its item by the core rule.

    A valid answer to an attempt known to this process (`started_forms`) is checked from
    memory and written in one statement that holds the attempt's lock, committed on its own
    (`commit_each_statement`); everything else (an
    unknown or closed attempt, an overdue one to close now, a bad position or answer) goes
    the locked way, which refuses with the same reasons, in the same order, as every other
    change."""
    if position < 1:
        raise NoSuchPosition(position, 0)
    one_statement = await commit_each_statement(session)
    saved = await _save_valid_answer(
        session, attempt_id, learner, position, chosen, seconds_spent, now=now, grace=grace
    )
    if saved is None:
        if one_statement:
            await session.commit()  # nothing was written; the locked way needs a transaction
        saved = await _save_answer_locked(
            session, attempt_id, learner, position, chosen, seconds_spent, now=now, grace=grace
        )
    return saved


async def _save_valid_answer(
    session: AsyncSession,
    attempt_id: UUID,
    learner: Principal,
    position: int,
    chosen: list[str],
    seconds_spent: float | None,
    *,
    now: datetime,
    grace: timedelta,
) -> SavedAnswer | None:
    """The save, if it needs nothing from the database but the attempt's status; else None."""
    form = await started_form_of(session, attempt_id)
    if (
        form is None
        or form.learner_id != learner.subject
        or position > len(form.revision_ids)
        or is_overdue(form.deadline, grace, now)
        or (seconds_spent is not None and seconds_spent < 0)
    ):
        return None
    revision_id = form.revision_ids[position - 1]
    content = (await store.item_contents(session, [revision_id]))[revision_id]
    options = [option.id for option in content.options]
    if answer_problems(options, content.response_format, chosen, where=f"item {position}"):
        return None
    ordered = sorted(chosen)
    if not await store.save_if_in_progress(
        session,
        attempt_id,
        learner.subject,
        form.deadline,
        revision_id,
        ordered,
        seconds_spent,
        now,
    ):
        started_forms.pop(attempt_id)  # read again next time, in case it was not as remembered
        return None
    return SavedAnswer(chosen=ordered, saved_at=now, deadline=form.deadline)


async def _save_answer_locked(
    session: AsyncSession,
    attempt_id: UUID,
    learner: Principal,
    position: int,
    chosen: list[str],
    seconds_spent: float | None,
    *,
    now: datetime,
    grace: timedelta,
) -> SavedAnswer:
    """The save with every refusal: the lock reads only the attempt's state and the revision
    at ``position``; the whole attempt is loaded only when it is not open for answers (not
    found, closed, or overdue and to be closed now)."""
    target = await store.lock_answer_target(session, attempt_id, learner.subject, position)
    if (
        target is None
        or target.status != AttemptStatus.IN_PROGRESS
        or is_overdue(target.deadline, grace, now)
    ):
        attempt = await learner_attempt(
            session, attempt_id, learner, now=now, grace=grace, for_change=True
        )
        await _refuse_closed(session, attempt)
    if target.revision_id is None:
        raise NoSuchPosition(position, target.items)
    revision_id = target.revision_id
    content = (await store.item_contents(session, [revision_id]))[revision_id]
    problems = [
        Problem(problem.reason, field=problem.field)
        for problem in answer_problems(
            [option.id for option in content.options],
            content.response_format,
            chosen,
            where=f"item {position}",
        )
    ]
    if seconds_spent is not None and seconds_spent < 0:
        problems.append(Problem("must not be negative", field="secondsSpent"))
    if problems:
        raise AnswerRejected(position, problems)
    ordered = sorted(chosen)
    written = await store.save_if_in_progress(
        session,
        attempt_id,
        learner.subject,
        target.deadline,
        revision_id,
        ordered,
        seconds_spent,
        now,
    )
    if not written:
        raise RuntimeError("a locked attempt in progress refused an answer to its own form")
    return SavedAnswer(chosen=ordered, saved_at=now, deadline=target.deadline)


async def _refuse_closed(session: AsyncSession, attempt: AttemptRow) -> NoReturn:
    """Refuse an answer to an attempt no longer in progress (closed, or expired just now)."""
    await refuse_keeping_closures(
        session,
        AttemptClosed(
            "this attempt has ended"
            + (" (its time ran out)" if attempt.status == AttemptStatus.EXPIRED else "")
            + "; answers can no longer be saved",
            status=attempt.status,
            deadline=attempt.deadline,
        ),
    )


async def submit(
    session: AsyncSession, attempt_id: UUID, learner: Principal, *, now: datetime, grace: timedelta
) -> Attempt:
    """Score the attempt (after its deadline plus grace it closes as expired instead)."""
    attempt = await learner_attempt(
        session, attempt_id, learner, now=now, grace=grace, for_change=True
    )
    if attempt.status == AttemptStatus.IN_PROGRESS:
        exam = await exams_store.load_exam(session, attempt.exam_id)
        await close_attempt(session, attempt, exam, now=now, status=AttemptStatus.SCORED)
    result = await _with_study_plan(session, await view_attempt(session, attempt.id), now=now)
    return result


async def overdue_attempt_ids(
    session: AsyncSession, *, now: datetime, grace: timedelta, limit: int = 500
) -> list[UUID]:
    """In-progress attempts past their deadline plus grace, oldest deadline first."""
    return await store.overdue_ids(session, before=now - grace, limit=limit)


async def expire_if_overdue(
    session: AsyncSession, attempt_id: UUID, *, now: datetime, grace: timedelta
) -> bool:
    """Close one overdue attempt under its row lock; False if it is not (or no longer) overdue.

    An attempt locked by a save or submit right now is skipped (``SKIP LOCKED``): that request
    closes it itself if it is overdue, or the next sweep does.
    """
    attempt = await store.lock_attempt(session, attempt_id, skip_locked=True)
    if attempt is None or not _overdue(attempt, now, grace):
        return False
    exam = await exams_store.load_exam(session, attempt.exam_id)
    await close_attempt(session, attempt, exam, now=now, status=AttemptStatus.EXPIRED)
    return True


async def retake_decision(
    session: AsyncSession, exam_id: UUID, learner_id: str, *, now: datetime
) -> StartDecision:
    """What a start of the exam by this learner at `now` would meet; nothing is written."""
    context = await read_start_context(session, exam_id, learner_id)
    past = [store.attempt_record(row) for row in await store.history(session, exam_id, learner_id)]
    return await _decide_start(session, context, learner_id, past, now=now)


async def attempt_study_plan(
    session: AsyncSession,
    attempt_id: UUID,
    learner_id: str,
    *,
    now: datetime,
    grace: timedelta,
) -> StudyPlanView:
    """The re-study plan of one of `learner_id`'s attempts (another's reads as not found)."""
    row = await session.get(AttemptRow, attempt_id)
    if row is None or row.learner_id != learner_id:
        raise AttemptNotFound(attempt_id)
    await expire_overdue(session, [row], now, grace)
    attempt = await store.load_attempt(session, attempt_id)
    exam = await exams_store.load_exam(session, attempt.exam_id)
    decision = await retake_decision(session, exam.id, learner_id, now=now)
    return await study_plan(session, attempt, exam, decision)


async def _with_study_plan(session: AsyncSession, view: Attempt, *, now: datetime) -> Attempt:
    """The attempt's result with its study plan, shown whatever the review setting hides."""
    if view.result is None:
        return view
    attempt = await store.load_attempt(session, view.id)
    exam = await exams_store.load_exam(session, attempt.exam_id)
    decision = await retake_decision(session, exam.id, attempt.learner_id, now=now)
    view.result.study_plan = await study_plan(session, attempt, exam, decision)
    return view
