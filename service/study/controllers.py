"""Study plan routes: a learner's own plan after a scored attempt, and the same for admins."""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID

from litestar import Controller, get
from litestar.di import NamedDependency
from litestar.params import FromPath
from sqlalchemy.ext.asyncio import AsyncSession

from service.attempts import services
from service.auth.roles import Role, allow
from service.auth.tokens import Principal
from service.clock import Clock
from service.path_params import LearnerIdPath
from service.settings import Settings
from service.study.schemas import StudyPlanView

DbSession = NamedDependency[AsyncSession]


def _grace(settings: Settings) -> timedelta:
    return timedelta(seconds=settings.attempt_grace_seconds)


class StudyPlanController(Controller):
    tags = ["attempts"]

    @get(
        "/me/attempts/{attempt_id:uuid}/study-plan",
        opt=allow(Role.LEARNER),
        summary="What to study before a retake, and when the retake may start",
        description=(
            "Domains below the exam's mastery threshold with the learner's score, the "
            "objectives missed most and the bank's study resources for them, and the earliest "
            "retake. Given whatever the exam's review setting hides; never names items."
        ),
    )
    async def mine(
        self,
        attempt_id: FromPath[UUID],
        db_session: DbSession,
        principal: NamedDependency[Principal],
        settings: NamedDependency[Settings],
        clock: NamedDependency[Clock],
    ) -> StudyPlanView:
        return await services.attempt_study_plan(
            db_session, attempt_id, principal.subject, now=clock.now(), grace=_grace(settings)
        )

    @get(
        "/learners/{learner_id:str}/attempts/{attempt_id:uuid}/study-plan",
        opt=allow(Role.ADMIN),
        summary="A learner's study plan for one attempt (admins), as the learner sees it",
    )
    async def for_learner(
        self,
        learner_id: LearnerIdPath,
        attempt_id: FromPath[UUID],
        db_session: DbSession,
        settings: NamedDependency[Settings],
        clock: NamedDependency[Clock],
    ) -> StudyPlanView:
        return await services.attempt_study_plan(
            db_session, attempt_id, learner_id, now=clock.now(), grace=_grace(settings)
        )
