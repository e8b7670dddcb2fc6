"""Program measures (admins): JSON, CSV and a PDF report with charts."""

from __future__ import annotations

from datetime import date
from typing import Annotated
from uuid import UUID

import anyio.to_thread
from litestar import Controller, Response, get
from litestar.di import NamedDependency
from litestar.params import FromQuery, QueryParameter
from sqlalchemy.ext.asyncio import AsyncSession

from service.accounts.csv_export import measures_csv
from service.accounts.measures_services import program_measures
from service.accounts.report_pdf import render_program_pdf
from service.accounts.schemas import ProgramMeasures, TierName
from service.accounts.views import measures_view
from service.auth.roles import Role, allow
from service.clock import Clock

ADMINS = allow(Role.ADMIN)
DbSession = NamedDependency[AsyncSession]
Since = Annotated[date | None, QueryParameter(description="first day (UTC); default: 364 days ago")]
Until = Annotated[
    date | None, QueryParameter(description="last day (UTC), included; default: today")
]
CertificationQuery = Annotated[UUID | None, QueryParameter(name="certificationId")]
AccountQuery = Annotated[UUID | None, QueryParameter(name="accountId")]


async def _measures(
    db_session: AsyncSession,
    clock: Clock,
    since: date | None,
    until: date | None,
    certification_id: UUID | None,
    tier: str | None,
    account_id: UUID | None,
) -> tuple[ProgramMeasures, str | None]:
    report = await program_measures(
        db_session,
        since=since,
        until=until,
        certification_id=certification_id,
        tier=tier,
        account_id=account_id,
        now=clock.now(),
    )
    return measures_view(report), report.account.name if report.account else None


class MeasuresController(Controller):
    path = "/measures"
    tags = ["program measures"]
    opt = ADMINS

    @get("/", opt=ADMINS, summary="Program measures per certification over a date range")
    async def as_json(
        self,
        db_session: DbSession,
        clock: NamedDependency[Clock],
        since: Since = None,
        until: Until = None,
        certification_id: CertificationQuery = None,
        tier: FromQuery[TierName | None] = None,
        account_id: AccountQuery = None,
    ) -> ProgramMeasures:
        found, _ = await _measures(
            db_session, clock, since, until, certification_id, tier, account_id
        )
        return found

    @get("/report.csv", opt=ADMINS, summary="Program measures as CSV", media_type="text/csv")
    async def as_csv(
        self,
        db_session: DbSession,
        clock: NamedDependency[Clock],
        since: Since = None,
        until: Until = None,
        certification_id: CertificationQuery = None,
        tier: FromQuery[TierName | None] = None,
        account_id: AccountQuery = None,
    ) -> Response[str]:
        found, _ = await _measures(
            db_session, clock, since, until, certification_id, tier, account_id
        )
        return Response(
            measures_csv(found),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": 'attachment; filename="program-measures.csv"'},
        )

    @get(
        "/report.pdf",
        opt=ADMINS,
        summary="Printable program report with charts",
        media_type="application/pdf",
    )
    async def as_pdf(
        self,
        db_session: DbSession,
        clock: NamedDependency[Clock],
        since: Since = None,
        until: Until = None,
        certification_id: CertificationQuery = None,
        tier: FromQuery[TierName | None] = None,
        account_id: AccountQuery = None,
    ) -> Response[bytes]:
        found, account_name = await _measures(
            db_session, clock, since, until, certification_id, tier, account_id
        )
        document = await anyio.to_thread.run_sync(render_program_pdf, found, account_name)
        return Response(
            document,
            media_type="application/pdf",
            headers={"Content-Disposition": 'attachment; filename="program-report.pdf"'},
        )
