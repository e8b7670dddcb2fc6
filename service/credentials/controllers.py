"""Credential routes for learners (their own) and admins (list, revoke, suspend, reinstate)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from litestar import Controller, get, post
from litestar.di import NamedDependency
from litestar.params import FromQuery, JSONBody, QueryParameter
from sqlalchemy.ext.asyncio import AsyncSession

from service.auth.roles import Role, allow
from service.auth.tokens import Principal
from service.clock import Clock
from service.credentials import queries, status_changes, store
from service.credentials.errors import CredentialNotFound
from service.credentials.schemas import (
    BulkRevokeRequest,
    BulkRevokeResult,
    CredentialSummary,
    RevokeRequest,
    SuspendRequest,
)
from service.credentials.states import CredentialStatus, effective_status
from service.credentials.urls import credential_url
from service.credentials.values import CredentialRecord
from service.pagination import Limit, LimitOffset, Page, page
from service.path_params import CredentialIdPath, Offset
from service.settings import Settings

DbSession = NamedDependency[AsyncSession]


def summary(settings: Settings, record: CredentialRecord, now: datetime) -> CredentialSummary:
    return CredentialSummary(
        id=record.public_id,
        url=credential_url(settings, record.public_id),
        certification=record.certification,
        tier=record.tier,
        holder_name=record.holder_name,
        status=effective_status(record.status, record.valid_until, now),
        status_reason=record.status_reason,
        awarded_date=record.awarded_date,
        valid_from=record.valid_from,
        valid_until=record.valid_until,
        version=record.version,
    )


async def _summary_of(
    session: AsyncSession, settings: Settings, public_id: str, now: datetime
) -> CredentialSummary:
    return summary(settings, await store.load_credential_record(session, public_id), now)


class LearnerCredentialController(Controller):
    path = "/me/credentials"
    tags = ["credentials"]
    opt = allow(Role.LEARNER)

    @get("/", summary="My credentials")
    async def mine(
        self,
        db_session: DbSession,
        principal: NamedDependency[Principal],
        settings: NamedDependency[Settings],
        clock: NamedDependency[Clock],
        limit: Limit = 100,
        offset: Offset = 0,
    ) -> Page[CredentialSummary]:
        now = clock.now()
        bounds = LimitOffset(limit=limit, offset=offset)
        records, total = await queries.learner_credentials(db_session, principal.subject, bounds)
        return page([summary(settings, record, now) for record in records], total, bounds)

    @get("/{credential_id:str}", summary="One of my credentials")
    async def one(
        self,
        db_session: DbSession,
        principal: NamedDependency[Principal],
        settings: NamedDependency[Settings],
        clock: NamedDependency[Clock],
        credential_id: CredentialIdPath,
    ) -> CredentialSummary:
        record = await store.load_credential_record(db_session, credential_id)
        if record.learner_id != principal.subject:
            raise CredentialNotFound(credential_id)
        return summary(settings, record, clock.now())


class AdminCredentialController(Controller):
    path = "/admin/credentials"
    tags = ["credentials"]
    opt = allow(Role.ADMIN)

    @get("/", summary="List credentials (filter by status, or expiring within N days)")
    async def list_all(
        self,
        db_session: DbSession,
        settings: NamedDependency[Settings],
        clock: NamedDependency[Clock],
        status: FromQuery[CredentialStatus | None] = None,
        expiring_within_days: Annotated[
            int | None, QueryParameter(name="expiringWithinDays", ge=0, le=3650)
        ] = None,
        limit: Limit = 100,
        offset: Offset = 0,
    ) -> Page[CredentialSummary]:
        now = clock.now()
        bounds = LimitOffset(limit=limit, offset=offset)
        records, total = await queries.admin_credentials(
            db_session, now, bounds, status=status, expiring_within_days=expiring_within_days
        )
        return page([summary(settings, record, now) for record in records], total, bounds)

    @post("/{credential_id:str}/revoke", summary="Revoke (permanent; reason required)")
    async def revoke(
        self,
        db_session: DbSession,
        settings: NamedDependency[Settings],
        clock: NamedDependency[Clock],
        principal: NamedDependency[Principal],
        credential_id: CredentialIdPath,
        data: JSONBody[RevokeRequest],
    ) -> CredentialSummary:
        await status_changes.revoke(
            db_session,
            settings,
            credential_id,
            reason=data.reason,
            actor=principal.subject,
            now=clock.now(),
        )
        return await _summary_of(db_session, settings, credential_id, clock.now())

    @post("/revocations", summary="Revoke many at once (all or nothing)")
    async def bulk_revoke(
        self,
        db_session: DbSession,
        settings: NamedDependency[Settings],
        clock: NamedDependency[Clock],
        principal: NamedDependency[Principal],
        data: JSONBody[BulkRevokeRequest],
    ) -> BulkRevokeResult:
        revoked = await status_changes.bulk_revoke(
            db_session,
            settings,
            data.ids,
            reason=data.reason,
            actor=principal.subject,
            now=clock.now(),
        )
        already = [i for i in dict.fromkeys(data.ids) if i not in set(revoked)]
        return BulkRevokeResult(revoked=revoked, already_revoked=already)

    @post("/{credential_id:str}/suspend", summary="Suspend (reversible; reason required)")
    async def suspend(
        self,
        db_session: DbSession,
        settings: NamedDependency[Settings],
        clock: NamedDependency[Clock],
        principal: NamedDependency[Principal],
        credential_id: CredentialIdPath,
        data: JSONBody[SuspendRequest],
    ) -> CredentialSummary:
        await status_changes.suspend(
            db_session,
            settings,
            credential_id,
            reason=data.reason,
            actor=principal.subject,
            now=clock.now(),
        )
        return await _summary_of(db_session, settings, credential_id, clock.now())

    @post("/{credential_id:str}/reinstate", summary="Reinstate a suspended credential")
    async def reinstate(
        self,
        db_session: DbSession,
        settings: NamedDependency[Settings],
        clock: NamedDependency[Clock],
        principal: NamedDependency[Principal],
        credential_id: CredentialIdPath,
    ) -> CredentialSummary:
        await status_changes.reinstate(
            db_session, settings, credential_id, actor=principal.subject, now=clock.now()
        )
        return await _summary_of(db_session, settings, credential_id, clock.now())
