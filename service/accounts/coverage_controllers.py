"""Coverage routes (admins): one account as JSON or CSV, and every account sorted."""

from __future__ import annotations

from typing import Annotated, Literal
from uuid import UUID

from litestar import Controller, Response, get
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery, QueryParameter
from sqlalchemy.ext.asyncio import AsyncSession

from service.accounts import coverage_services
from service.accounts.coverage_services import DEFAULT_EXPIRING_DAYS, SortKey
from service.accounts.csv_export import coverage_csv, coverage_list_csv
from service.accounts.schemas import AccountCoverageSummary, Coverage
from service.accounts.views import coverage_summary, coverage_view
from service.auth.roles import Role, allow
from service.clock import Clock
from service.pagination import Limit, LimitOffset, Page, page
from service.path_params import Offset

ADMINS = allow(Role.ADMIN)
DbSession = NamedDependency[AsyncSession]
ExpiringDays = Annotated[int, QueryParameter(name="expiringWithinDays", ge=0, le=3650)]
Order = Literal["asc", "desc"]


def _csv(text: str, name: str) -> Response[str]:
    return Response(
        text,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


async def _all(
    db_session: AsyncSession,
    clock: Clock,
    expiring_within_days: int,
    sort: SortKey,
    order: Order,
) -> list[AccountCoverageSummary]:
    reports = await coverage_services.all_coverage(
        db_session,
        now=clock.now(),
        expiring_days=expiring_within_days,
        sort=sort,
        descending=order == "desc",
    )
    return [coverage_summary(report) for report in reports]


class CoverageController(Controller):
    path = "/accounts"
    tags = ["coverage"]
    opt = ADMINS

    @get("/{account_id:uuid}/coverage", opt=ADMINS, summary="Who in the account holds what")
    async def one(
        self,
        db_session: DbSession,
        clock: NamedDependency[Clock],
        account_id: FromPath[UUID],
        expiring_within_days: ExpiringDays = DEFAULT_EXPIRING_DAYS,
    ) -> Coverage:
        report = await coverage_services.account_coverage(
            db_session, account_id, now=clock.now(), expiring_days=expiring_within_days
        )
        return coverage_view(report)

    @get(
        "/{account_id:uuid}/coverage.csv",
        opt=ADMINS,
        summary="The account's coverage as CSV (a row per certification and per role gap)",
        media_type="text/csv",
    )
    async def one_csv(
        self,
        db_session: DbSession,
        clock: NamedDependency[Clock],
        account_id: FromPath[UUID],
        expiring_within_days: ExpiringDays = DEFAULT_EXPIRING_DAYS,
    ) -> Response[str]:
        report = await coverage_services.account_coverage(
            db_session, account_id, now=clock.now(), expiring_days=expiring_within_days
        )
        return _csv(coverage_csv(coverage_view(report)), f"coverage-{account_id}.csv")

    @get("/coverage", opt=ADMINS, summary="Every account's coverage, sorted")
    async def every(
        self,
        db_session: DbSession,
        clock: NamedDependency[Clock],
        expiring_within_days: ExpiringDays = DEFAULT_EXPIRING_DAYS,
        sort: FromQuery[SortKey] = "coverage",
        order: FromQuery[Order] = "asc",
        limit: Limit = 100,
        offset: Offset = 0,
    ) -> Page[AccountCoverageSummary]:
        found = await _all(db_session, clock, expiring_within_days, sort, order)
        bounds = LimitOffset(limit=limit, offset=offset)
        return page(found[offset : offset + limit], len(found), bounds)

    @get(
        "/coverage.csv",
        opt=ADMINS,
        summary="Every account's coverage as CSV, sorted",
        media_type="text/csv",
    )
    async def every_csv(
        self,
        db_session: DbSession,
        clock: NamedDependency[Clock],
        expiring_within_days: ExpiringDays = DEFAULT_EXPIRING_DAYS,
        sort: FromQuery[SortKey] = "coverage",
        order: FromQuery[Order] = "asc",
    ) -> Response[str]:
        found = await _all(db_session, clock, expiring_within_days, sort, order)
        return _csv(coverage_list_csv(found), "coverage.csv")
