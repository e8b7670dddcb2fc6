"""Statistics routes (authors and admins): JSON, one item, CSV and PDF of one exam."""

from __future__ import annotations

from uuid import UUID

import anyio.to_thread
from litestar import Controller, Response, get
from litestar.datastructures import State
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath
from sqlalchemy.ext.asyncio import AsyncSession

from service.auth.roles import Role, allow
from service.clock import Clock
from service.settings import Settings
from service.statistics import services
from service.statistics.cache import ReportCache
from service.statistics.csv_export import report_csv
from service.statistics.report_pdf import render_report_pdf
from service.statistics.schemas import ExamStatisticsOut, ItemStatisticsOut
from service.statistics.views import item_out, report_out

AUTHORS = allow(Role.AUTHOR, Role.ADMIN)
DbSession = NamedDependency[AsyncSession]
Cache = NamedDependency[ReportCache]
CACHE_STATE_KEY = "statistics_cache"


def provide_cache(state: State) -> ReportCache:
    """One cache per application (so per worker process), created on first use."""
    cache = state.get(CACHE_STATE_KEY)
    if not isinstance(cache, ReportCache):
        cache = ReportCache()
        state[CACHE_STATE_KEY] = cache
    return cache


class StatisticsController(Controller):
    path = "/exams/{exam_id:uuid}"
    tags = ["item statistics"]
    opt = AUTHORS
    dependencies = {"stats_cache": Provide(provide_cache, sync_to_thread=False)}

    @get("/statistics", opt=AUTHORS, summary="Item and exam statistics with flags")
    async def report(
        self,
        exam_id: FromPath[UUID],
        db_session: DbSession,
        stats_cache: Cache,
        clock: NamedDependency[Clock],
        settings: NamedDependency[Settings],
    ) -> ExamStatisticsOut:
        return report_out(
            await services.exam_report(
                db_session, stats_cache, exam_id, clock.now(), services.FlagMinimums.of(settings)
            )
        )

    @get(
        "/statistics/items/{revision_id:uuid}",
        opt=AUTHORS,
        summary="One item revision's statistics",
    )
    async def item(
        self,
        exam_id: FromPath[UUID],
        revision_id: FromPath[UUID],
        db_session: DbSession,
        stats_cache: Cache,
        clock: NamedDependency[Clock],
        settings: NamedDependency[Settings],
    ) -> ItemStatisticsOut:
        report = await services.exam_report(
            db_session, stats_cache, exam_id, clock.now(), services.FlagMinimums.of(settings)
        )
        entry = item_out(report, services.item_column(report, revision_id))
        return ItemStatisticsOut(
            exam_id=exam_id, revision_id=revision_id, item_id=entry.item_id, item=entry
        )

    @get(
        "/statistics.csv",
        opt=AUTHORS,
        summary="Item statistics as CSV (one row per item revision)",
        media_type="text/csv",
    )
    async def csv(
        self,
        exam_id: FromPath[UUID],
        db_session: DbSession,
        stats_cache: Cache,
        clock: NamedDependency[Clock],
        settings: NamedDependency[Settings],
    ) -> Response[str]:
        report = await services.exam_report(
            db_session, stats_cache, exam_id, clock.now(), services.FlagMinimums.of(settings)
        )
        return Response(
            report_csv(report),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="statistics-{exam_id}.csv"'},
        )

    @get(
        "/statistics.pdf",
        opt=AUTHORS,
        summary="Printable statistics report with charts",
        media_type="application/pdf",
    )
    async def pdf(
        self,
        exam_id: FromPath[UUID],
        db_session: DbSession,
        stats_cache: Cache,
        clock: NamedDependency[Clock],
        settings: NamedDependency[Settings],
    ) -> Response[bytes]:
        report = await services.exam_report(
            db_session, stats_cache, exam_id, clock.now(), services.FlagMinimums.of(settings)
        )
        document = await anyio.to_thread.run_sync(render_report_pdf, report)
        return Response(
            document,
            media_type="application/pdf",
            headers={"Content-Disposition": f'attachment; filename="statistics-{exam_id}.pdf"'},
        )
