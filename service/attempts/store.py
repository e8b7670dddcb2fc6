"""Attempts in and out of their rows, as values; the one reader of the attempts' JSON columns.

``attempts.form`` (the delivered form) and ``attempts.result`` (the score report) have their
stored shapes declared here (`StoredFormEntry`, `StoredScoreReport`), apart from the HTTP
schemas, and are decoded once when an attempt is read. The JSON written is byte for byte what
earlier versions wrote (camelCase keys, every field present, the same order), so rows already
in databases read unchanged and no migration is needed. Item content is decoded through
``service.bank.content_codec``.

Rows stay inside this module and the use cases that change an attempt under its row lock;
everything handed to views and controllers is a value (`AttemptRecord`, `ResponseRecord`).
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any, cast
from uuid import UUID

import msgspec
from sqlalchemy import (
    JSON,
    BindParameter,
    ColumnExpressionArgument,
    Select,
    Table,
    Update,
    bindparam,
    func,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from uuid_utils.compat import uuid7

from itembank import ItemContent
from service.attempts.errors import AttemptNotFound, StartRefused
from service.attempts.new_attempt_rows import insert_attempt_rows
from service.attempts.revision_cache import contents_of
from service.attempts.status import AttemptStatus
from service.bank.content_codec import content_from_json
from service.credentials.states import CredentialStatus
from service.db.constraints import breaks_unique
from service.db.models import (
    AccommodationRow,
    AttemptRow,
    CredentialOutboxRow,
    CredentialRow,
    CredentialVersionRow,
    ResponseRow,
    RetakeOverrideRow,
)
from service.pagination import LimitOffset, window

revision_uuid = lru_cache(maxsize=65_536)(UUID)
"""A revision id (as forms keep it, a string) parsed once per process: a start converts its
form's sixty and a save one, and an exam's starts repeat the same few hundred ids."""


class StoredFormEntry(msgspec.Struct, frozen=True, kw_only=True, rename="camel"):
    """One delivered item of ``attempts.form``: which revision, where, options in which order."""

    position: int
    revision_id: str
    item_id: str
    domain: str
    kind: str
    item_set_id: str | None
    option_order: list[str]


class StoredSubScore(msgspec.Struct, frozen=True, kw_only=True, rename="camel"):
    name: str
    raw: float
    max_points: int
    percent: float


class StoredItemOutcome(msgspec.Struct, frozen=True, kw_only=True, rename="camel"):
    position: int
    revision_id: str
    correct: bool
    points: float
    chosen: list[str]
    keys: list[str]
    rationales: dict[str, str]


class StoredScoreReport(msgspec.Struct, frozen=True, kw_only=True, rename="camel"):
    """``attempts.result``: sub-scores by domain and kind, the study plan, and every item."""

    by_domain: list[StoredSubScore]
    by_kind: list[StoredSubScore]
    study_plan: list[StoredSubScore]
    items: list[StoredItemOutcome]


class AttemptRecord(msgspec.Struct, frozen=True, kw_only=True):
    """An attempt as stored, its JSON columns decoded."""

    id: UUID
    exam_id: UUID
    learner_id: str
    learner_name: str | None
    number: int
    status: AttemptStatus
    started_at: datetime
    deadline: datetime
    submitted_at: datetime | None
    time_multiplier: float
    form: list[StoredFormEntry]
    via_override: bool
    raw_score: float | None
    max_score: float | None
    percent: float | None
    passed: bool | None
    result: StoredScoreReport | None


class ResponseRecord(msgspec.Struct, frozen=True, kw_only=True):
    revision_id: UUID
    chosen: list[str]
    saved_at: datetime


class NewAttempt(msgspec.Struct, frozen=True, kw_only=True):
    """What a start decided; `insert_attempt` stores it with one empty response per item."""

    exam_id: UUID
    learner_id: str
    learner_name: str | None
    learner_email: str | None
    number: int
    started_at: datetime
    deadline: datetime
    time_multiplier: float
    seed: int
    arrangement: int
    """Which arrangement derived the form's option orders from the seed."""
    form: list[StoredFormEntry]
    via_override: bool


def in_progress_key(exam_id: UUID, learner_id: str) -> str:
    return f"{exam_id}:{learner_id}"


def _breaks_in_progress_key(error: IntegrityError) -> bool:
    return breaks_unique(error, "uq_attempts_in_progress_key", "attempts", "in_progress_key")


def stored_json(value: Any) -> Any:
    return msgspec.to_builtins(value)


def attempt_record(row: AttemptRow) -> AttemptRecord:
    return msgspec.convert(row, AttemptRecord, from_attributes=True)


def form_of(row: AttemptRow) -> list[StoredFormEntry]:
    return msgspec.convert(row.form, list[StoredFormEntry])


async def attempt_row(session: AsyncSession, attempt_id: UUID) -> AttemptRow:
    row = await session.get(AttemptRow, attempt_id)
    if row is None:
        raise AttemptNotFound(attempt_id)
    return row


async def load_attempt(session: AsyncSession, attempt_id: UUID) -> AttemptRecord:
    return attempt_record(await attempt_row(session, attempt_id))


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


@dataclass(frozen=True)
class AnswerTarget:
    """What saving one answer needs of its attempt, read under the attempt's lock."""

    status: AttemptStatus
    deadline: datetime
    items: int
    revision_id: str | None
    """The revision at the position asked for; None when the form has no such position."""


_ATTEMPTS = cast(Table, AttemptRow.__table__)
_RESPONSES = cast(Table, ResponseRow.__table__)
_FORM_INDEX = bindparam("index", type_=JSON.JSONIntIndexType())
_REVISION_KEY = next(
    field.encode_name
    for field in msgspec.structs.fields(StoredFormEntry)
    if field.name == "revision_id"
)
"""The key of ``revision_id`` in a stored form entry, as `StoredFormEntry` writes it."""
_ANSWER_TARGET = (
    select(
        _ATTEMPTS.c.status,
        _ATTEMPTS.c.deadline,
        func.json_array_length(_ATTEMPTS.c.form),
        _ATTEMPTS.c.form[_FORM_INDEX][_REVISION_KEY].as_string(),
    )
    .where(
        _ATTEMPTS.c.id == bindparam("attempt_id"),
        _ATTEMPTS.c.learner_id == bindparam("learner_id"),
    )
    .with_for_update()
)
"""Built once: an answer save is the most frequent write of an exam day, and building the
statement anew (expressions, coercions, cache key) cost about as much as running it."""


async def lock_answer_target(
    session: AsyncSession, attempt_id: UUID, learner_id: str, position: int
) -> AnswerTarget | None:
    """The learner's attempt under its row lock (as `lock_attempt`), reduced to one position.

    Every answer save runs this. Loading the whole row decoded the attempt's form (every
    delivered item) on each save only to look up one position; the database picks that
    entry out of the form here instead (the same JSON path on both databases).
    """
    if position < 1:
        raise ValueError("positions start at 1")  # a JSON index below 0 counts from the end
    parameters = {"attempt_id": attempt_id, "learner_id": learner_id, "index": position - 1}
    row = (await session.execute(_ANSWER_TARGET, parameters)).one_or_none()
    if row is None:
        return None
    status, deadline, items, revision_id = row
    return AnswerTarget(
        status=AttemptStatus(status), deadline=deadline, items=items, revision_id=revision_id
    )


async def history(session: AsyncSession, exam_id: UUID, learner_id: str) -> Sequence[AttemptRow]:
    """The learner's attempts at the exam, oldest first."""
    rows = await session.scalars(
        select(AttemptRow)
        .where(AttemptRow.exam_id == exam_id, AttemptRow.learner_id == learner_id)
        .order_by(AttemptRow.started_at)
    )
    return rows.all()


async def unused_override(
    session: AsyncSession, exam_id: UUID, learner_id: str
) -> RetakeOverrideRow | None:
    return await session.scalar(
        select(RetakeOverrideRow)
        .where(
            RetakeOverrideRow.exam_id == exam_id,
            RetakeOverrideRow.learner_id == learner_id,
            RetakeOverrideRow.used_by_attempt_id.is_(None),
        )
        .limit(1)
    )


def furthest_valid_until(
    certification_id: UUID | ColumnExpressionArgument[UUID],
    learner_id: str | ColumnExpressionArgument[str],
) -> Select[datetime | None]:
    """The furthest ``validUntil`` of the learner's unrevoked credential versions in the
    certification: what the renewal rule counts as held (`service.attempts.start_context`
    reads it for every start; `valid_until_held_before` leaves one attempt's version out)."""
    return (
        select(func.max(CredentialVersionRow.valid_until))
        .join(CredentialRow, CredentialRow.id == CredentialVersionRow.credential_id)
        .where(
            CredentialRow.certification_id == certification_id,
            CredentialRow.learner_id == learner_id,
            CredentialRow.status != CredentialStatus.REVOKED,
        )
    )


async def valid_until_held_before(
    session: AsyncSession, certification_id: UUID, learner_id: str, attempt_id: UUID
) -> datetime | None:
    """`furthest_valid_until` from credential versions issued for attempts other than
    `attempt_id`.

    Leaving out the version `attempt_id` earned makes the renewal rule read the same before
    and after that attempt's credential is signed.
    """
    held: datetime | None = await session.scalar(
        furthest_valid_until(certification_id, learner_id).where(
            CredentialVersionRow.attempt_id != attempt_id
        )
    )
    return held


async def exposure(session: AsyncSession, revision_ids: list[str]) -> dict[str, int]:
    """How often each revision has been delivered so far (one response row per delivery)."""
    if not revision_ids:
        return {}
    rows = await session.execute(
        select(ResponseRow.revision_id, func.count())
        .where(ResponseRow.revision_id.in_([UUID(r) for r in revision_ids]))
        .group_by(ResponseRow.revision_id)
    )
    return {str(revision_id): int(count) for revision_id, count in rows.all()}


async def insert_attempt(
    session: AsyncSession, new: NewAttempt, override: RetakeOverrideRow | None
) -> AttemptRecord:
    """Store the attempt, an empty response per item, and spend the override if one was used.

    The unique ``in_progress_key`` turns a concurrent second start into `StartRefused`. The
    rows go in as Core statements (`insert_attempt_rows`: one on PostgreSQL): the ORM's unit
    of work for one new row cost a start more CPU than the statement itself, and nothing
    later in the request needs the row.
    """
    attempt_id = uuid7()
    try:
        await insert_attempt_rows(
            session,
            {
                "id": attempt_id,
                "exam_id": new.exam_id,
                "learner_id": new.learner_id,
                "learner_name": new.learner_name,
                "learner_email": new.learner_email,
                "number": new.number,
                "status": AttemptStatus.IN_PROGRESS,
                "in_progress_key": in_progress_key(new.exam_id, new.learner_id),
                "started_at": new.started_at,
                "deadline": new.deadline,
                "time_multiplier": new.time_multiplier,
                "seed": new.seed,
                "arrangement": new.arrangement,
                "form": stored_json(new.form),
                "via_override": new.via_override,
            },
            [revision_uuid(entry.revision_id) for entry in new.form],
        )
    except IntegrityError as error:
        if not _breaks_in_progress_key(error):
            raise
        raise StartRefused(
            "you already have an attempt in progress for this exam",
            reason="attempt_in_progress",
            earliest_start=None,
        ) from error
    if override is not None:
        override.used_by_attempt_id = attempt_id
        await session.flush()
    return AttemptRecord(
        id=attempt_id,
        exam_id=new.exam_id,
        learner_id=new.learner_id,
        learner_name=new.learner_name,
        number=new.number,
        status=AttemptStatus.IN_PROGRESS,
        started_at=new.started_at,
        deadline=new.deadline,
        submitted_at=None,
        time_multiplier=new.time_multiplier,
        form=new.form,
        via_override=new.via_override,
        raw_score=None,
        max_score=None,
        percent=None,
        passed=None,
        result=None,
    )


async def item_contents(
    session: AsyncSession, revision_ids: Iterable[str]
) -> dict[str, ItemContent]:
    """The decoded content of each revision (revisions never change, so the cache is safe)."""
    stored = await contents_of(session, revision_ids)
    return {revision_id: content_from_json(content) for revision_id, content in stored.items()}


async def responses(session: AsyncSession, attempt_id: UUID) -> dict[str, ResponseRecord]:
    rows = await session.scalars(select(ResponseRow).where(ResponseRow.attempt_id == attempt_id))
    return {
        str(row.revision_id): msgspec.convert(row, ResponseRecord, from_attributes=True)
        for row in rows.all()
    }


async def chosen_answers(session: AsyncSession, attempt_id: UUID) -> dict[str, list[str]]:
    """The non-empty answers saved, by revision."""
    rows = await session.execute(
        select(ResponseRow.revision_id, ResponseRow.chosen).where(
            ResponseRow.attempt_id == attempt_id
        )
    )
    return {str(revision_id): chosen for revision_id, chosen in rows.all() if chosen}


_IN_PROGRESS_UNDER_LOCK = (
    select(_ATTEMPTS.c.id)
    .where(
        _ATTEMPTS.c.id == bindparam("of_attempt"),
        _ATTEMPTS.c.learner_id == bindparam("of_learner"),
        _ATTEMPTS.c.status == AttemptStatus.IN_PROGRESS,
        _ATTEMPTS.c.deadline == bindparam("known_deadline"),
    )
    .with_for_update()
)
"""The learner's attempt, only while it is in progress and its deadline is the one the
caller checked, locked as `lock_attempt` locks it.

A submit or a closure holds this lock from its read of the attempt to its commit; a save
that waits for it reads the attempt again afterwards (PostgreSQL re-checks a locked row's
conditions; SQLite lets one writer at a time in), so it never writes after a submit."""


def _save_statement(with_seconds: bool) -> Update:
    values: dict[str, BindParameter[Any]] = {
        "chosen": bindparam("new_chosen"),
        "saved_at": bindparam("now"),
        "updated_at": bindparam("now"),
    }
    if with_seconds:
        values["seconds_spent"] = bindparam("new_seconds")
    return (
        update(_RESPONSES)
        .where(
            _RESPONSES.c.attempt_id == bindparam("of_attempt"),
            _RESPONSES.c.revision_id == bindparam("of_revision"),
            _RESPONSES.c.attempt_id.in_(_IN_PROGRESS_UNDER_LOCK),
        )
        .values(values)
    )


_SAVE_ANSWER = _save_statement(with_seconds=False)
_SAVE_ANSWER_WITH_SECONDS = _save_statement(with_seconds=True)


async def save_if_in_progress(
    session: AsyncSession,
    attempt_id: UUID,
    learner_id: str,
    deadline: datetime,
    revision_id: str,
    chosen: list[str],
    seconds_spent: float | None,
    now: datetime,
) -> bool:
    """Write one answer if the learner's attempt is still in progress with this deadline;
    False if not.

    One statement: the attempt's check under its lock and the write go to the database
    together, so a save whose position, answer and deadline were checked beforehand (they
    never change once the attempt has started) costs one round trip. The response row exists
    since the attempt started. Built once, as `_ANSWER_TARGET`.
    """
    parameters: dict[str, Any] = {
        "of_attempt": attempt_id,
        "of_learner": learner_id,
        "known_deadline": deadline,
        "of_revision": revision_uuid(revision_id),
        "new_chosen": chosen,
        "now": now,
    }
    statement = _SAVE_ANSWER
    if seconds_spent is not None:
        statement, parameters["new_seconds"] = _SAVE_ANSWER_WITH_SECONDS, seconds_spent
    result = await session.execute(statement, parameters)
    return bool(result.rowcount)  # type: ignore[attr-defined]


@dataclass(frozen=True, slots=True)
class StartedForm:
    """What never changes about an attempt once started: whose it is, its deadline, and the
    revision at each position (position 1 first)."""

    learner_id: str
    deadline: datetime
    revision_ids: tuple[str, ...]


def started_form(
    learner_id: str, deadline: datetime, form: Iterable[StoredFormEntry]
) -> StartedForm:
    # Interned: every attempt at an exam repeats the same few hundred revision ids.
    return StartedForm(
        learner_id=learner_id,
        deadline=deadline,
        revision_ids=tuple(sys.intern(entry.revision_id) for entry in form),
    )


async def read_started_form(session: AsyncSession, attempt_id: UUID) -> StartedForm | None:
    """The attempt's `StartedForm`, or None if there is no such attempt (no lock: none of it
    can change)."""
    row = (
        await session.execute(
            select(_ATTEMPTS.c.learner_id, _ATTEMPTS.c.deadline, _ATTEMPTS.c.form).where(
                _ATTEMPTS.c.id == attempt_id
            )
        )
    ).one_or_none()
    if row is None:
        return None
    learner_id, deadline, form = row
    return started_form(learner_id, deadline, msgspec.convert(form, list[StoredFormEntry]))


async def record_outcome(
    session: AsyncSession,
    row: AttemptRow,
    *,
    status: AttemptStatus,
    now: datetime,
    raw: float,
    max_points: float,
    percent: float,
    passed: bool,
    report: StoredScoreReport,
) -> AttemptRow:
    """Close the attempt with its score; a pass owes a credential (outbox row, same transaction)."""
    row.status = status
    row.in_progress_key = None
    row.submitted_at = now
    row.raw_score = raw
    row.max_score = max_points
    row.percent = percent
    row.passed = passed
    row.result = stored_json(report)
    if passed:
        session.add(CredentialOutboxRow(attempt_id=row.id))
    await session.flush()
    return row


async def overdue_ids(session: AsyncSession, *, before: datetime, limit: int) -> list[UUID]:
    """In-progress attempts whose deadline is before ``before``, oldest deadline first."""
    ids = await session.scalars(
        select(AttemptRow.id)
        .where(AttemptRow.status == AttemptStatus.IN_PROGRESS, AttemptRow.deadline < before)
        .order_by(AttemptRow.deadline)
        .limit(limit)
    )
    return list(ids.all())


class RetakeOverrideRecord(msgspec.Struct, frozen=True, kw_only=True):
    """A one-time allowance as stored: who granted it, why, what it lifts, whether spent."""

    id: UUID
    exam_id: UUID
    learner_id: str
    reason: str
    granted_by: str
    lifts_pass_lock: bool
    new_learner: bool
    used_by_attempt_id: UUID | None
    created_at: datetime


def override_record(row: RetakeOverrideRow) -> RetakeOverrideRecord:
    return msgspec.convert(row, RetakeOverrideRecord, from_attributes=True)


async def add_override(
    session: AsyncSession,
    *,
    exam_id: UUID,
    learner_id: str,
    reason: str,
    granted_by: str,
    lifts_pass_lock: bool,
    new_learner: bool,
) -> RetakeOverrideRecord | None:
    """Store the allowance; None when an unused one exists already (the partial unique index
    ``ux_retake_overrides_one_unused`` decides, so two admins granting at once get one)."""
    row = RetakeOverrideRow(
        exam_id=exam_id,
        learner_id=learner_id,
        reason=reason,
        granted_by=granted_by,
        lifts_pass_lock=lifts_pass_lock,
        new_learner=new_learner,
    )
    try:
        async with session.begin_nested():
            session.add(row)
            await session.flush()
    except IntegrityError:
        return None
    return override_record(row)


async def learner_overrides(
    session: AsyncSession, learner_id: str, bounds: LimitOffset
) -> tuple[list[RetakeOverrideRecord], int]:
    rows, total = await window(
        session,
        select(RetakeOverrideRow)
        .where(RetakeOverrideRow.learner_id == learner_id)
        .order_by(RetakeOverrideRow.created_at, RetakeOverrideRow.id),
        bounds,
    )
    return [override_record(row) for (row,) in rows], total


async def learner_on_record(session: AsyncSession, learner_id: str) -> bool:
    """Whether the service has seen this learner: an attempt, a credential or an accommodation."""
    for column in (AttemptRow.learner_id, CredentialRow.learner_id, AccommodationRow.learner_id):
        if await session.scalar(select(column).where(column == learner_id).limit(1)):
            return True
    return False


async def last_pass(session: AsyncSession, exam_id: UUID, learner_id: str) -> datetime | None:
    """When the learner last passed this exam, if ever."""
    return await session.scalar(
        select(func.max(AttemptRow.submitted_at)).where(
            AttemptRow.exam_id == exam_id,
            AttemptRow.learner_id == learner_id,
            AttemptRow.passed.is_(True),
        )
    )
