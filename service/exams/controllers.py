"""Certification and exam routes. Admins define them; learners may list exams to sit."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import msgspec
from anyio import to_thread
from litestar import Controller, Request, Response, get, post, put
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery, JSONBody
from sqlalchemy.ext.asyncio import AsyncSession

from credentials.presentation import MAX_BADGE_UPLOAD_BYTES, render_badge_png, render_badge_svg
from service.auth.roles import Role, allow, public
from service.auth.tokens import Principal
from service.clock import Clock
from service.exams import services
from service.exams.checks import certification_problems, exam_problems
from service.exams.policies import exam_blueprint
from service.exams.schemas import (
    BlueprintSpec,
    Certification,
    CertificationCreate,
    CertificationUpdate,
    Exam,
    ExamCreate,
    ExamStatusFilter,
    ExamSummary,
    PassBand,
    RetakePolicySpec,
)
from service.exams.store import CertificationRecord, ExamRecord
from service.http.security_headers import IMAGE_HEADERS
from service.pagination import Limit, LimitOffset, Offset, Page, page
from service.settings import Settings

DbSession = NamedDependency[AsyncSession]
ADMINS = allow(Role.ADMIN)
EXAM_WRITE = {**ADMINS, "body_checks": exam_problems}
"""Admin routes whose body's rules join its schema problems (see ``service.request_screen``)."""
CERTIFICATION_WRITE = {
    **ADMINS,
    "body_checks": lambda body, _settings: certification_problems(body),
}


def certification_view(row: CertificationRecord, settings: Settings) -> Certification:
    return Certification(
        id=row.id,
        name=row.name,
        tier=row.tier,
        description=row.description,
        criteria=row.criteria,
        validity_days=row.validity_days,
        renewal_window_days=row.renewal_window_days,
        pass_band=PassBand(low=row.pass_band_low, high=row.pass_band_high),
        badge_url=settings.absolute_url(f"/certifications/{row.id}/badge"),
        created_at=row.created_at,
    )


def exam_view(row: ExamRecord) -> Exam:
    return Exam(
        id=row.id,
        certification_id=row.certification_id,
        bank_id=row.bank_id,
        name=row.name,
        blueprint=msgspec.convert(msgspec.to_builtins(row.blueprint), BlueprintSpec),
        tiers=list(row.tiers),
        item_count=exam_blueprint(row).total_items,
        recall_cap=row.recall_cap,
        time_limit_minutes=row.time_limit_seconds / 60,
        cut_score=row.cut_score,
        multiple_response_scoring=row.multiple_response_scoring,
        shuffle_items=row.shuffle_items,
        shuffle_options=row.shuffle_options,
        review=row.review,
        mastery_threshold=row.mastery_threshold,
        retake_policy=msgspec.convert(msgspec.to_builtins(row.retake_policy), RetakePolicySpec),
        beta=row.beta,
        show_result_in_credential=row.show_result_in_credential,
        retired_at=row.retired_at,
    )


class CertificationController(Controller):
    path = "/certifications"
    tags = ["certifications"]

    @post("/", opt=CERTIFICATION_WRITE, summary="Define a certification")
    async def create(
        self,
        data: JSONBody[CertificationCreate],
        db_session: DbSession,
        settings: NamedDependency[Settings],
    ) -> Certification:
        return certification_view(await services.create_certification(db_session, data), settings)

    @get("/", opt=allow(Role.ADMIN, Role.AUTHOR, Role.LEARNER), summary="List certifications")
    async def list_all(
        self,
        db_session: DbSession,
        settings: NamedDependency[Settings],
        limit: Limit = 100,
        offset: Offset = 0,
    ) -> Page[Certification]:
        bounds = LimitOffset(limit=limit, offset=offset)
        rows, total = await services.list_certifications(db_session, bounds)
        return page([certification_view(row, settings) for row in rows], total, bounds)

    @get("/{certification_id:uuid}", opt=allow(Role.ADMIN, Role.AUTHOR, Role.LEARNER))
    async def one(
        self,
        certification_id: FromPath[UUID],
        db_session: DbSession,
        settings: NamedDependency[Settings],
    ) -> Certification:
        row = await services.get_certification(db_session, certification_id)
        return certification_view(row, settings)

    @put(
        "/{certification_id:uuid}",
        opt=CERTIFICATION_WRITE,
        summary="Change a certification (credentials issued afterwards say the new text)",
        description=(
            "Name, description, criteria, validity, renewal window and pass band; the tier "
            "stays (exams draw their items by it). Credentials already issued are signed and "
            "keep what they said; renewals and new passes are issued with the new values."
        ),
    )
    async def update(
        self,
        certification_id: FromPath[UUID],
        data: JSONBody[CertificationUpdate],
        db_session: DbSession,
        settings: NamedDependency[Settings],
    ) -> Certification:
        row = await services.update_certification(db_session, certification_id, data)
        return certification_view(row, settings)

    @put(
        "/{certification_id:uuid}/badge",
        opt=ADMINS,
        summary="Upload the badge image (PNG, JPEG, WebP or SVG body)",
        description=(
            "Raster images are re-encoded as PNG of at most 1024 pixels a side; SVG is "
            "rebuilt from an allow-list of static SVG. Script, event handlers, "
            "`foreignObject`, outside references, DTD internal subsets and entities are "
            "refused with a 422 naming each; bodies over 2 MiB get a 413."
        ),
        request_max_body_size=MAX_BADGE_UPLOAD_BYTES,
    )
    async def upload_badge(
        self,
        request: Request[Any, Any, Any],
        certification_id: FromPath[UUID],
        db_session: DbSession,
        settings: NamedDependency[Settings],
    ) -> Certification:
        row = await services.set_badge(
            db_session,
            certification_id,
            await request.body(),
            request.headers.get("content-type", ""),
        )
        return certification_view(row, settings)

    @get(
        "/{certification_id:uuid}/badge",
        opt=public(),
        summary="The badge image: the uploaded one, or a generated default per tier",
        description="`?format=png` asks for the generated default as PNG.",
    )
    async def badge(
        self,
        certification_id: FromPath[UUID],
        db_session: DbSession,
        format: FromQuery[str] = "svg",
    ) -> Response[bytes]:
        row = await services.get_certification(db_session, certification_id)
        cache = {"Cache-Control": "public, max-age=3600", **IMAGE_HEADERS}
        if row.badge_image is not None and row.badge_media_type:
            return Response(row.badge_image, media_type=row.badge_media_type, headers=cache)
        if format == "png":
            png = await to_thread.run_sync(render_badge_png, row.name, row.tier)
            return Response(png, media_type="image/png", headers=cache)
        svg = render_badge_svg(row.name, row.tier).encode("utf-8")
        return Response(svg, media_type="image/svg+xml", headers=cache)


class ExamController(Controller):
    path = "/exams"
    tags = ["exams"]

    @post("/", opt=EXAM_WRITE, summary="Define an exam (refused if the bank cannot fill it)")
    async def create(
        self,
        data: JSONBody[ExamCreate],
        db_session: DbSession,
        settings: NamedDependency[Settings],
    ) -> Exam:
        return exam_view(await services.create_exam(db_session, data, settings))

    @put("/{exam_id:uuid}", opt=EXAM_WRITE, summary="Change an exam (same checks as creation)")
    async def update(
        self,
        exam_id: FromPath[UUID],
        data: JSONBody[ExamCreate],
        db_session: DbSession,
        settings: NamedDependency[Settings],
    ) -> Exam:
        return exam_view(await services.update_exam(db_session, exam_id, data, settings))

    @post(
        "/{exam_id:uuid}/retire",
        opt=ADMINS,
        status_code=200,
        summary="Retire an exam: no new starts; history, credentials and statistics stay",
        description=(
            "Learners no longer see it in `GET /exams`; admins list it with `?status=retired` "
            "or `?status=all`. Retiring twice keeps the first date."
        ),
    )
    async def retire(
        self, exam_id: FromPath[UUID], db_session: DbSession, clock: NamedDependency[Clock]
    ) -> Exam:
        return exam_view(await services.retire_exam(db_session, exam_id, clock.now()))

    @post(
        "/{exam_id:uuid}/reopen",
        opt=ADMINS,
        status_code=200,
        summary="Reopen a retired exam: learners see it and may start it again",
        description=(
            "Undoes `retire` (for an exam retired by mistake, or a programme brought back). "
            "Starts obey the same rules as before it was retired; reopening an open exam "
            "changes nothing."
        ),
    )
    async def reopen(self, exam_id: FromPath[UUID], db_session: DbSession) -> Exam:
        return exam_view(await services.reopen_exam(db_session, exam_id))

    @get("/{exam_id:uuid}", opt=ADMINS, summary="One exam with all its settings")
    async def one(self, exam_id: FromPath[UUID], db_session: DbSession) -> Exam:
        return exam_view(await services.get_exam(db_session, exam_id))

    @get(
        "/",
        opt=allow(Role.ADMIN, Role.AUTHOR, Role.LEARNER),
        summary="Exams a learner can sit (no items, no keys)",
        description=(
            "Retired exams are left out. Admins may ask for them with `?status=retired` or "
            "`?status=all`; for any other role the filter is refused."
        ),
    )
    async def list_all(
        self,
        db_session: DbSession,
        principal: NamedDependency[Principal],
        limit: Limit = 100,
        offset: Offset = 0,
        status: FromQuery[ExamStatusFilter] = "active",
    ) -> Page[ExamSummary]:
        bounds = LimitOffset(limit=limit, offset=offset)
        exams, total = await services.list_exams(
            db_session, bounds, status, admin=principal.has(Role.ADMIN)
        )
        summaries = [
            ExamSummary(
                id=exam.id,
                name=exam.name,
                certification_id=certification.id,
                certification_name=certification.name,
                tier=certification.tier,
                tiers=list(exam.tiers),
                item_count=exam_blueprint(exam).total_items,
                time_limit_minutes=exam.time_limit_seconds / 60,
                cut_score=exam.cut_score,
                beta=exam.beta,
                retired=exam.retired_at is not None,
            )
            for exam, certification in exams
        ]
        return page(summaries, total, bounds)
