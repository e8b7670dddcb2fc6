"""Admin routes over credentials whose issuance failed: list them, retry one after a fix."""

from __future__ import annotations

from uuid import UUID

import msgspec
from litestar import Controller, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath
from sqlalchemy.ext.asyncio import AsyncSession

from service.auth.roles import Role, allow
from service.clock import Clock
from service.credentials.failure_schemas import (
    IssuanceFailure,
    IssuanceRetry,
)
from service.credentials.failures import Failure, list_failures, retry_failure
from service.credentials.outbox import Outcome
from service.pagination import Limit, LimitOffset, Page, page
from service.path_params import Offset
from service.settings import Settings

DbSession = NamedDependency[AsyncSession]


def failure_view(failure: Failure) -> IssuanceFailure:
    return msgspec.convert(failure, IssuanceFailure, from_attributes=True)


class IssuanceFailureController(Controller):
    path = "/admin/issuance-failures"
    tags = ["credentials"]
    opt = allow(Role.ADMIN)

    @get("/", summary="Owed credentials whose issuance failed (retried with backoff)")
    async def list_all(
        self,
        db_session: DbSession,
        limit: Limit = 100,
        offset: Offset = 0,
    ) -> Page[IssuanceFailure]:
        bounds = LimitOffset(limit=limit, offset=offset)
        failures, total = await list_failures(db_session, bounds)
        return page([failure_view(f) for f in failures], total, bounds)

    @post(
        "/{failure_id:uuid}/retry",
        status_code=200,
        summary="Try to issue this credential now (after fixing the cause)",
    )
    async def retry(
        self,
        db_session: DbSession,
        settings: NamedDependency[Settings],
        clock: NamedDependency[Clock],
        failure_id: FromPath[UUID],
    ) -> IssuanceRetry:
        result = await retry_failure(db_session, settings, failure_id, clock.now())
        failed = result.outcome is Outcome.FAILED
        return IssuanceRetry(
            issued=result.outcome is Outcome.ISSUED,
            outcome=result.outcome,
            credential_id=result.credential_public_id,
            failure=failure_view(result.failure) if failed else None,
        )
