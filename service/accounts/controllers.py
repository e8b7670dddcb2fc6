"""Account, membership, role-expectation and CSV-upload routes (admins only)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import Controller, Request, delete, get, patch, post, put
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody
from sqlalchemy.ext.asyncio import AsyncSession

from service.accounts import csv_imports, services
from service.accounts.schemas import (
    Account,
    AccountCreate,
    AccountUpdate,
    ImportSummary,
    Member,
    MembershipHistory,
    MembershipSet,
    RoleExpectation,
    RoleExpectations,
)
from service.accounts.views import account_view, history_view, member_view
from service.auth.roles import Role, allow
from service.auth.tokens import Principal
from service.clock import Clock
from service.pagination import Limit, LimitOffset, Page, page
from service.path_params import LearnerIdPath, Offset
from service.uploads import read_upload

ADMINS = allow(Role.ADMIN)
DbSession = NamedDependency[AsyncSession]
UPLOAD_MISSING = "a multipart upload needs the CSV file in the `file` field"


def _expectations(chosen: dict[str, str]) -> RoleExpectations:
    return RoleExpectations(
        expectations=[
            RoleExpectation(job_role=role, tier=tier)  # type: ignore[arg-type]
            for role, tier in sorted(chosen.items())
        ]
    )


def _summary(counts: csv_imports.ImportCounts) -> ImportSummary:
    return ImportSummary(created=counts.created, updated=counts.updated, unchanged=counts.unchanged)


class AccountController(Controller):
    path = "/accounts"
    tags = ["accounts"]
    opt = ADMINS

    @post("/", opt=ADMINS, summary="Create a customer account")
    async def create(self, db_session: DbSession, data: JSONBody[AccountCreate]) -> Account:
        return account_view(await services.create_account(db_session, data), 0)

    @get("/", opt=ADMINS, summary="List accounts by name, with their learner counts")
    async def list_all(
        self, db_session: DbSession, limit: Limit = 100, offset: Offset = 0
    ) -> Page[Account]:
        bounds = LimitOffset(limit=limit, offset=offset)
        found, total = await services.list_accounts(db_session, bounds)
        return page([account_view(a, n) for a, n in found], total, bounds)

    @get("/{account_id:uuid}", opt=ADMINS, summary="One account")
    async def one(self, db_session: DbSession, account_id: FromPath[UUID]) -> Account:
        return account_view(*await services.get_account(db_session, account_id))

    @patch("/{account_id:uuid}", opt=ADMINS, summary="Change an account's name, id or metadata")
    async def update(
        self, db_session: DbSession, account_id: FromPath[UUID], data: JSONBody[AccountUpdate]
    ) -> Account:
        await services.update_account(db_session, account_id, data)
        return account_view(*await services.get_account(db_session, account_id))

    @get("/{account_id:uuid}/members", opt=ADMINS, summary="The account's learners")
    async def members(
        self,
        db_session: DbSession,
        account_id: FromPath[UUID],
        limit: Limit = 100,
        offset: Offset = 0,
    ) -> Page[Member]:
        bounds = LimitOffset(limit=limit, offset=offset)
        found, total = await services.account_members(db_session, account_id, bounds)
        return page([member_view(m) for m in found], total, bounds)

    @post(
        "/imports",
        opt=ADMINS,
        status_code=200,
        summary="Upload accounts as CSV (external_id,name,metadata.*): all or nothing",
    )
    async def import_accounts(
        self, request: Request[Any, Any, Any], db_session: DbSession
    ) -> ImportSummary:
        upload = await read_upload(request, missing_detail=UPLOAD_MISSING)
        return _summary(await csv_imports.import_accounts(db_session, upload.data))

    @post(
        "/membership-imports",
        opt=ADMINS,
        status_code=200,
        summary="Upload memberships as CSV (learner_id,account_external_id,job_role)",
    )
    async def import_memberships(
        self,
        request: Request[Any, Any, Any],
        db_session: DbSession,
        principal: NamedDependency[Principal],
        clock: NamedDependency[Clock],
    ) -> ImportSummary:
        upload = await read_upload(request, missing_detail=UPLOAD_MISSING)
        counts = await csv_imports.import_memberships(
            db_session, upload.data, now=clock.now(), by=principal.subject
        )
        return _summary(counts)

    @get("/role-expectations", opt=ADMINS, summary="Program-wide expected tier per job role")
    async def default_expectations(self, db_session: DbSession) -> RoleExpectations:
        return _expectations(await services.role_expectations(db_session, None))

    @put("/role-expectations", opt=ADMINS, summary="Replace the program-wide expectations")
    async def replace_default_expectations(
        self, db_session: DbSession, data: JSONBody[RoleExpectations]
    ) -> RoleExpectations:
        chosen = await services.replace_role_expectations(db_session, None, data.expectations)
        return _expectations(chosen)

    @get(
        "/{account_id:uuid}/role-expectations",
        opt=ADMINS,
        summary="The account's own expected tiers (they replace the defaults per role)",
    )
    async def account_expectations(
        self, db_session: DbSession, account_id: FromPath[UUID]
    ) -> RoleExpectations:
        return _expectations(await services.role_expectations(db_session, account_id))

    @put("/{account_id:uuid}/role-expectations", opt=ADMINS, summary="Replace them")
    async def replace_account_expectations(
        self, db_session: DbSession, account_id: FromPath[UUID], data: JSONBody[RoleExpectations]
    ) -> RoleExpectations:
        chosen = await services.replace_role_expectations(db_session, account_id, data.expectations)
        return _expectations(chosen)


class MembershipController(Controller):
    path = "/account-memberships"
    tags = ["accounts"]
    opt = ADMINS

    @put(
        "/{learner_id:str}",
        opt=ADMINS,
        summary="Put a learner in an account (adds, or moves from another), with a job role",
    )
    async def place(
        self,
        db_session: DbSession,
        learner_id: LearnerIdPath,
        data: JSONBody[MembershipSet],
        principal: NamedDependency[Principal],
        clock: NamedDependency[Clock],
    ) -> Member:
        placed = await services.set_membership(
            db_session,
            learner_id,
            data.account_id,
            data.job_role,
            now=clock.now(),
            by=principal.subject,
        )
        return member_view(placed)

    @delete("/{learner_id:str}", opt=ADMINS, summary="Take a learner out of their account")
    async def remove(
        self,
        db_session: DbSession,
        learner_id: LearnerIdPath,
        principal: NamedDependency[Principal],
        clock: NamedDependency[Clock],
    ) -> None:
        await services.remove_membership(
            db_session, learner_id, now=clock.now(), by=principal.subject
        )

    @get("/{learner_id:str}", opt=ADMINS, summary="A learner's account now and every move")
    async def history(self, db_session: DbSession, learner_id: LearnerIdPath) -> MembershipHistory:
        current, moves = await services.membership_history(db_session, learner_id)
        return history_view(learner_id, current, moves)
