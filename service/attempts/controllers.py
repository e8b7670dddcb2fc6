"""Attempt routes: learners sit exams; admins read attempts and adjust the rules per learner."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from litestar import Controller, Request, get, post, put
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery, JSONBody
from sqlalchemy.ext.asyncio import AsyncSession

from service.accounts.services import place_on_first_use
from service.attempts import admin, services
from service.attempts.schemas import (
    Accommodation,
    AccommodationSet,
    AnswerSave,
    AnswerSaved,
    Attempt,
    AttemptSummary,
    Override,
    OverrideCreate,
)
from service.attempts.status import AttemptStatus
from service.attempts.views import attempt_summary
from service.auth.roles import Role, allow
from service.auth.tokens import Principal
from service.http.compression import SMALL_RESPONSE
from service.pagination import Limit, LimitOffset, Page, page
from service.path_params import LearnerIdPath, Offset, PositionPath
from service.request_state import clock_of, principal_of, settings_of
from service.settings import Settings

DbSession = NamedDependency[AsyncSession]
Caller = NamedDependency[Principal]
LEARNERS = allow(Role.LEARNER)
ADMINS = allow(Role.ADMIN)


def _grace(settings: Settings) -> timedelta:
    return timedelta(seconds=settings.attempt_grace_seconds)


def _caller_grace_now(request: Request[Any, Any, Any]) -> tuple[Principal, timedelta, datetime]:
    """The learner, the grace period and the time: read, not declared as dependencies, on
    the routes a sitting calls most (see `service.request_state`)."""
    return principal_of(request), _grace(settings_of(request)), clock_of(request).now()


class AttemptController(Controller):
    tags = ["attempts"]

    @post(
        "/exams/{exam_id:uuid}/attempts",
        opt=LEARNERS,
        summary="Start an attempt (refused with the reason and earliest start time)",
    )
    async def start(
        self,
        exam_id: FromPath[UUID],
        db_session: DbSession,
        request: Request[Any, Any, Any],
    ) -> Attempt:
        principal, grace, now = _caller_grace_now(request)
        settings = settings_of(request)
        await place_on_first_use(db_session, principal, now)
        started = await services.start_attempt(
            db_session,
            exam_id,
            principal,
            now=now,
            grace=grace,
            max_recall_share=settings.max_recall_share,
        )
        return started.view()

    @get("/attempts/{attempt_id:uuid}", opt=LEARNERS, summary="One of my attempts")
    async def one(
        self,
        attempt_id: FromPath[UUID],
        db_session: DbSession,
        request: Request[Any, Any, Any],
    ) -> Attempt:
        principal, grace, now = _caller_grace_now(request)
        return await services.read_attempt(db_session, attempt_id, principal, now=now, grace=grace)

    @put(
        "/attempts/{attempt_id:uuid}/answers/{position:int}",
        opt={**LEARNERS, SMALL_RESPONSE: True},
        summary="Save one answer (idempotent; changeable until the deadline)",
    )
    async def answer(
        self,
        attempt_id: FromPath[UUID],
        position: PositionPath,
        data: JSONBody[AnswerSave],
        db_session: DbSession,
        request: Request[Any, Any, Any],
    ) -> AnswerSaved:
        principal, grace, now = _caller_grace_now(request)
        saved = await services.save_answer(
            db_session,
            attempt_id,
            principal,
            position,
            data.chosen,
            data.seconds_spent,
            now=now,
            grace=grace,
        )
        return AnswerSaved(
            position=position, chosen=saved.chosen, saved_at=saved.saved_at, deadline=saved.deadline
        )

    @post(
        "/attempts/{attempt_id:uuid}/submit",
        opt=LEARNERS,
        status_code=200,
        summary="Submit and score (after the deadline: closed as expired with what was saved)",
    )
    async def submit(
        self,
        attempt_id: FromPath[UUID],
        db_session: DbSession,
        request: Request[Any, Any, Any],
    ) -> Attempt:
        principal, grace, now = _caller_grace_now(request)
        return await services.submit(db_session, attempt_id, principal, now=now, grace=grace)

    @get("/me/attempts", opt=LEARNERS, summary="My attempts")
    async def mine(
        self,
        db_session: DbSession,
        request: Request[Any, Any, Any],
        limit: Limit = 100,
        offset: Offset = 0,
    ) -> Page[AttemptSummary]:
        principal, grace, now = _caller_grace_now(request)
        bounds = LimitOffset(limit=limit, offset=offset)
        rows, total = await services.my_attempts(
            db_session, principal, bounds, now=now, grace=grace
        )
        return page([attempt_summary(row) for row in rows], total, bounds)

    @get(
        "/exams/{exam_id:uuid}/attempts",
        opt=ADMINS,
        summary="Attempts at an exam, with filters (admins)",
    )
    async def for_exam(
        self,
        exam_id: FromPath[UUID],
        db_session: DbSession,
        learner: FromQuery[str | None] = None,
        status: FromQuery[AttemptStatus | None] = None,
        passed: FromQuery[bool | None] = None,
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> Page[AttemptSummary]:
        rows, total = await admin.list_attempts(
            db_session,
            exam_id=exam_id,
            learner_id=learner,
            status=status,
            passed=passed,
            limit=limit,
            offset=offset,
        )
        return page([attempt_summary(row) for row in rows], total, LimitOffset(limit, offset))

    @get(
        "/learners/{learner_id:str}/attempts",
        opt=ADMINS,
        summary="A learner's attempts at every exam (admins)",
    )
    async def for_learner(
        self,
        learner_id: LearnerIdPath,
        db_session: DbSession,
        limit: Limit = 100,
        offset: Offset = 0,
    ) -> Page[AttemptSummary]:
        rows, total = await admin.list_attempts(
            db_session, learner_id=learner_id, limit=limit, offset=offset
        )
        return page([attempt_summary(row) for row in rows], total, LimitOffset(limit, offset))

    @put(
        "/learners/{learner_id:str}/accommodation",
        opt=ADMINS,
        summary="Grant extra time (a multiplier on every time limit)",
    )
    async def accommodation(
        self,
        learner_id: LearnerIdPath,
        data: JSONBody[AccommodationSet],
        db_session: DbSession,
        principal: Caller,
    ) -> Accommodation:
        return await admin.set_accommodation(
            db_session, learner_id, data.time_multiplier, data.note, principal.subject
        )

    @post(
        "/exams/{exam_id:uuid}/retake-overrides",
        opt=ADMINS,
        summary="Let one learner start one attempt that the retake policy would refuse",
        description=(
            "One unused override per learner and exam: a second is a 409. Lifting the lock "
            "after a pass needs `liftPassLock: true`; a learner with no attempt, credential or "
            "accommodation on record needs `newLearner: true`. Both are kept in "
            "`GET /learners/{learnerId}/retake-overrides`."
        ),
    )
    async def override(
        self,
        exam_id: FromPath[UUID],
        data: JSONBody[OverrideCreate],
        db_session: DbSession,
        principal: Caller,
    ) -> Override:
        return await admin.grant_override(db_session, exam_id, data, principal.subject)

    @get(
        "/learners/{learner_id:str}/retake-overrides",
        opt=ADMINS,
        summary="A learner's override history: each allowance, why, what it lifted, its attempt",
    )
    async def overrides_of_learner(
        self,
        learner_id: LearnerIdPath,
        db_session: DbSession,
        limit: Limit = 100,
        offset: Offset = 0,
    ) -> Page[Override]:
        bounds = LimitOffset(limit=limit, offset=offset)
        overrides, total = await admin.learner_overrides(db_session, learner_id, bounds)
        return page(overrides, total, bounds)
