"""Calibration routes: admins calibrate and set the scale; authors and admins read."""

from __future__ import annotations

from uuid import UUID

from litestar import Controller, delete, get, post, put
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody
from sqlalchemy.ext.asyncio import AsyncSession

from service.auth.roles import Role, allow
from service.auth.tokens import Principal
from service.calibration import services, store
from service.calibration.schemas import (
    CalibrationOut,
    CalibrationRunOut,
    CalibrationsOut,
    ScaleIn,
    ScaleOut,
)
from service.calibration.store import Scale
from service.statistics.units import share

# Scales stored before the fraction convention name their source "percent".
CUT_FROM = {"percent": "cutScore"}
READERS = allow(Role.AUTHOR, Role.ADMIN)
ADMINS = allow(Role.ADMIN)
DbSession = NamedDependency[AsyncSession]


def _scale_out(scale: Scale) -> ScaleOut:
    return ScaleOut(
        exam_id=scale.exam_id,
        theta_cut=scale.theta_cut,
        cut_from=CUT_FROM.get(scale.cut_source, scale.cut_source),
        cut_score=share(scale.source_percent),
        minimum=scale.minimum,
        maximum=scale.maximum,
        cut_scaled=scale.cut_scaled,
        points_per_logit=scale.points_per_logit,
        pretest_uncalibrated=scale.pretest_uncalibrated,
        form_tolerance=scale.form_tolerance,
    )


class CalibrationController(Controller):
    path = "/exams/{exam_id:uuid}"
    tags = ["calibrated scoring"]
    opt = READERS

    @post(
        "/calibrations",
        opt=ADMINS,
        status_code=200,
        summary="Calibrate the exam's items from its finished attempts and store them",
    )
    async def calibrate(
        self,
        exam_id: FromPath[UUID],
        db_session: DbSession,
        principal: NamedDependency[Principal],
    ) -> CalibrationRunOut:
        run = await services.calibrate_exam(db_session, exam_id, principal.subject)
        return CalibrationRunOut(
            exam_id=exam_id,
            method=run.method,
            added=run.added,
            kept=run.kept,
            shift=run.shift,
            not_estimable=run.not_estimable,
        )

    @get("/calibrations", opt=READERS, summary="Stored difficulties of the exam's items")
    async def calibrations(self, exam_id: FromPath[UUID], db_session: DbSession) -> CalibrationsOut:
        items, stored = await services.exam_calibrations(db_session, exam_id)
        rows = []
        for item in items:
            found = stored.get(item.revision_id)
            rows.append(
                CalibrationOut(
                    revision_id=item.revision_id,
                    item_id=item.item_id,
                    difficulty=None if found is None else found.difficulty,
                    standard_error=None if found is None else found.standard_error,
                    n=None if found is None else found.n,
                    method=None if found is None else found.method,
                )
            )
        calibrated = sum(1 for row in rows if row.difficulty is not None)
        return CalibrationsOut(
            exam_id=exam_id,
            calibrated=calibrated,
            uncalibrated=len(rows) - calibrated,
            items=rows,
        )

    @put("/scale", opt=ADMINS, summary="Score the exam on the calibrated scale")
    async def set_scale(
        self, exam_id: FromPath[UUID], data: JSONBody[ScaleIn], db_session: DbSession
    ) -> ScaleOut:
        return _scale_out(await services.set_scale(db_session, exam_id, data))

    @get("/scale", opt=READERS, summary="The exam's calibrated scale (null: raw percent)")
    async def scale(self, exam_id: FromPath[UUID], db_session: DbSession) -> ScaleOut | None:
        await store.exam_cut(db_session, exam_id)
        found = await store.scale_of(db_session, exam_id)
        return None if found is None else _scale_out(found)

    @delete("/scale", opt=ADMINS, summary="Score the exam on the raw percent again")
    async def clear_scale(self, exam_id: FromPath[UUID], db_session: DbSession) -> None:
        await services.clear_scale(db_session, exam_id)
