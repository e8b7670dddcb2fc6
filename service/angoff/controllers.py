"""Angoff routes: authors and admins rate and read; only admins adopt the cut."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from litestar import Controller, Request, get, post, put
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody, Parameter
from sqlalchemy.ext.asyncio import AsyncSession

from service.angoff import services
from service.angoff.schemas import (
    AdoptedCutOut,
    AngoffItemOut,
    AngoffOut,
    PanelistCutOut,
    PanelistRatingsIn,
)
from service.angoff.services import AngoffReport
from service.auth.roles import Role, allow
from service.statistics.units import fraction, share
from service.uploads import read_upload
from service.wire import NAME_LENGTH

RATERS = allow(Role.AUTHOR, Role.ADMIN)
ADMINS = allow(Role.ADMIN)
MAX_RATINGS_BYTES = 5 * 1024 * 1024
DbSession = NamedDependency[AsyncSession]
PanelistId = Annotated[str, Parameter(min_length=1, max_length=NAME_LENGTH)]


def _out(exam_id: UUID, report: AngoffReport) -> AngoffOut:
    result = report.result

    def item(entry: Any) -> AngoffItemOut:
        return AngoffItemOut(
            item_id=entry.item_id,
            mean=entry.mean,
            sd=entry.sd,
            minimum=entry.minimum,
            maximum=entry.maximum,
        )

    return AngoffOut(
        exam_id=str(exam_id),
        panelists=result.panelists,
        items=result.items,
        cut_raw=result.cut_raw,
        cut_score=share(result.cut_percent),
        standard_error_raw=result.standard_error_raw,
        standard_error=fraction(result.standard_error_percent),
        panelist_cuts=[
            PanelistCutOut(
                panelist_id=c.panelist_id, cut_raw=c.cut_raw, cut_score=share(c.cut_percent)
            )
            for c in result.panelist_cuts
        ],
        item_ratings=[item(entry) for entry in result.item_ratings],
        most_disagreement=[item(entry) for entry in result.most_disagreement],
        incomplete_panelists=report.incomplete_panelists,
    )


class AngoffController(Controller):
    path = "/exams/{exam_id:uuid}/angoff"
    tags = ["standard setting"]
    opt = RATERS

    @put(
        "/panelists/{panelist_id:str}",
        opt=RATERS,
        summary="Save one panelist's ratings of every item (replaces theirs)",
    )
    async def rate(
        self,
        exam_id: FromPath[UUID],
        panelist_id: FromPath[PanelistId],
        data: JSONBody[PanelistRatingsIn],
        db_session: DbSession,
    ) -> AngoffOut:
        await services.save_panelist(
            db_session, exam_id, panelist_id, [(r.item_id, r.rating) for r in data.ratings]
        )
        return _out(exam_id, await services.angoff_report(db_session, exam_id))

    @post(
        "/ratings.csv",
        opt=RATERS,
        status_code=200,
        request_max_body_size=MAX_RATINGS_BYTES,
        summary="Upload ratings as CSV (panelist_id,item_id,rating); replaces those panelists'",
    )
    async def upload(
        self, exam_id: FromPath[UUID], request: Request[Any, Any, Any], db_session: DbSession
    ) -> AngoffOut:
        upload = await read_upload(request)
        await services.upload_ratings(db_session, exam_id, upload.data)
        return _out(exam_id, await services.angoff_report(db_session, exam_id))

    @get("/", opt=RATERS, summary="The recommended cut, its SE and the disagreement per item")
    async def report(self, exam_id: FromPath[UUID], db_session: DbSession) -> AngoffOut:
        return _out(exam_id, await services.angoff_report(db_session, exam_id))

    @post("/adoption", opt=ADMINS, status_code=200, summary="Adopt the recommended cut")
    async def adopt(self, exam_id: FromPath[UUID], db_session: DbSession) -> AdoptedCutOut:
        report = await services.adopt_cut(db_session, exam_id)
        return AdoptedCutOut(
            exam_id=str(exam_id),
            cut_score=services.adopted_cut(report),
            standard_error=fraction(report.result.standard_error_percent),
            panelists=report.result.panelists,
        )
