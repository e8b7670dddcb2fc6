"""Accounts, memberships, moves and role expectations in and out of their rows, as values.

The one reader of ``accounts.metadata``: its stored shape is a flat JSON object of scalars
(`StoredMetadata`), decoded once here; a value that no longer decodes is a server fault.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

import msgspec
from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from service.accounts.errors import AccountNotFound, ExternalIdTaken, MembershipRaced
from service.db.models import (
    AccountMembershipRow,
    AccountMoveRow,
    AccountRow,
    RoleExpectationRow,
)
from service.errors import StoredValueCorrupt
from service.pagination import LimitOffset, window

GLOBAL_SCOPE = "*"
"""``role_expectations.scope`` of the program-wide defaults."""

StoredMetadata = dict[str, str | int | float | bool | None]
"""``accounts.metadata``: a flat object of scalars (bounded by the service before saving)."""


@dataclass(frozen=True)
class AccountRecord:
    id: UUID
    name: str
    external_id: str
    metadata: StoredMetadata | None
    created_at: datetime


@dataclass(frozen=True)
class MembershipRecord:
    learner_id: str
    account_id: UUID
    account_external_id: str
    job_role: str | None
    joined_at: datetime


@dataclass(frozen=True)
class MoveRecord:
    learner_id: str
    from_account_id: UUID | None
    to_account_id: UUID | None
    job_role: str | None
    moved_at: datetime
    moved_by: str


def _metadata(row: AccountRow) -> StoredMetadata | None:
    if row.account_metadata is None:
        return None
    try:
        return msgspec.convert(row.account_metadata, StoredMetadata)
    except msgspec.ValidationError as exc:
        raise StoredValueCorrupt(f"metadata of account {row.id} no longer decodes: {exc}") from exc


def account_record(row: AccountRow) -> AccountRecord:
    return AccountRecord(row.id, row.name, row.external_id, _metadata(row), row.created_at)


async def _row(session: AsyncSession, account_id: UUID) -> AccountRow:
    row = await session.get(AccountRow, account_id)
    if row is None:
        raise AccountNotFound(account_id)
    return row


async def load_account(session: AsyncSession, account_id: UUID) -> AccountRecord:
    return account_record(await _row(session, account_id))


async def load_accounts(
    session: AsyncSession, account_ids: Collection[UUID]
) -> dict[UUID, AccountRecord]:
    """Those of ``account_ids`` that exist."""
    if not account_ids:
        return {}
    rows = await session.scalars(select(AccountRow).where(AccountRow.id.in_(account_ids)))
    return {row.id: account_record(row) for row in rows.all()}


async def account_by_external_id(session: AsyncSession, external_id: str) -> AccountRecord | None:
    row = await session.scalar(select(AccountRow).where(AccountRow.external_id == external_id))
    return None if row is None else account_record(row)


async def accounts_by_external_id(session: AsyncSession) -> dict[str, AccountRecord]:
    rows = await session.scalars(select(AccountRow))
    return {row.external_id: account_record(row) for row in rows.all()}


async def all_accounts(session: AsyncSession) -> list[AccountRecord]:
    rows = await session.scalars(select(AccountRow).order_by(AccountRow.name, AccountRow.id))
    return [account_record(row) for row in rows.all()]


async def external_id_taken(
    session: AsyncSession, external_id: str, other_than: UUID | None = None
) -> bool:
    query = select(AccountRow.id).where(AccountRow.external_id == external_id)
    if other_than is not None:
        query = query.where(AccountRow.id != other_than)
    return await session.scalar(query) is not None


async def insert_account(
    session: AsyncSession, name: str, external_id: str, metadata: StoredMetadata | None
) -> AccountRecord:
    """A new account; ``ExternalIdTaken`` when another writer took the id a moment ago."""
    row = AccountRow(name=name, external_id=external_id, account_metadata=metadata)
    try:
        async with session.begin_nested():
            session.add(row)
            await session.flush()
    except IntegrityError as exc:
        raise ExternalIdTaken(external_id) from exc
    return account_record(row)


async def update_account(
    session: AsyncSession, account_id: UUID, changes: dict[str, Any]
) -> AccountRecord:
    """``changes`` holds any of ``name``, ``external_id``, ``metadata``."""
    row = await _row(session, account_id)
    if "name" in changes:
        row.name = changes["name"]
    if "external_id" in changes:
        row.external_id = changes["external_id"]
    if "metadata" in changes:
        row.account_metadata = changes["metadata"]
    try:
        async with session.begin_nested():
            await session.flush()
    except IntegrityError as exc:
        raise ExternalIdTaken(row.external_id) from exc
    return account_record(row)


async def list_accounts(
    session: AsyncSession, bounds: LimitOffset
) -> tuple[list[tuple[AccountRecord, int]], int]:
    """A page of accounts by name, each with how many learners it has now."""
    learners = (
        select(func.count(AccountMembershipRow.id))
        .where(AccountMembershipRow.account_id == AccountRow.id)
        .scalar_subquery()
    )
    rows, total = await window(
        session, select(AccountRow, learners).order_by(AccountRow.name, AccountRow.id), bounds
    )
    return [(account_record(row), int(count)) for row, count in rows], total


async def learner_count(session: AsyncSession, account_id: UUID) -> int:
    counted = await session.scalar(
        select(func.count(AccountMembershipRow.id)).where(
            AccountMembershipRow.account_id == account_id
        )
    )
    return int(counted or 0)


def _membership(row: AccountMembershipRow, external_id: str) -> MembershipRecord:
    return MembershipRecord(
        row.learner_id, row.account_id, external_id, row.job_role, row.joined_at
    )


async def membership_of(session: AsyncSession, learner_id: str) -> MembershipRecord | None:
    found = (
        await session.execute(
            select(AccountMembershipRow, AccountRow.external_id)
            .join(AccountRow, AccountRow.id == AccountMembershipRow.account_id)
            .where(AccountMembershipRow.learner_id == learner_id)
        )
    ).first()
    return None if found is None else _membership(found[0], found[1])


async def memberships_of(
    session: AsyncSession, learner_ids: Collection[str]
) -> dict[str, MembershipRecord]:
    """The memberships of those of ``learner_ids`` who belong to an account."""
    if not learner_ids:
        return {}
    found = await session.execute(
        select(AccountMembershipRow, AccountRow.external_id)
        .join(AccountRow, AccountRow.id == AccountMembershipRow.account_id)
        .where(AccountMembershipRow.learner_id.in_(learner_ids))
    )
    return {row.learner_id: _membership(row, external_id) for row, external_id in found.all()}


async def members(
    session: AsyncSession, account_id: UUID, bounds: LimitOffset
) -> tuple[list[MembershipRecord], int]:
    rows, total = await window(
        session,
        select(AccountMembershipRow, AccountRow.external_id)
        .join(AccountRow, AccountRow.id == AccountMembershipRow.account_id)
        .where(AccountMembershipRow.account_id == account_id)
        .order_by(AccountMembershipRow.learner_id),
        bounds,
    )
    return [_membership(row, external_id) for row, external_id in rows], total


async def all_members(session: AsyncSession, account_id: UUID) -> list[MembershipRecord]:
    page, _ = await members(session, account_id, LimitOffset(limit=10**9, offset=0))
    return page


async def memberships_by_learner(session: AsyncSession) -> dict[str, MembershipRecord]:
    rows = await session.execute(
        select(AccountMembershipRow, AccountRow.external_id).join(
            AccountRow, AccountRow.id == AccountMembershipRow.account_id
        )
    )
    return {row.learner_id: _membership(row, external_id) for row, external_id in rows.all()}


async def save_membership(
    session: AsyncSession,
    learner_id: str,
    account_id: UUID | None,
    job_role: str | None,
    *,
    now: datetime,
    by: str,
) -> bool:
    """Put the learner in ``account_id`` (None: in no account) with ``job_role``.

    Writes a move when the account or the role changes; False when nothing changed.
    ``MembershipRaced`` when another writer placed the same learner at the same moment.
    """
    row = await session.scalar(
        select(AccountMembershipRow).where(AccountMembershipRow.learner_id == learner_id)
    )
    before = None if row is None else (row.account_id, row.job_role)
    if before == ((account_id, job_role) if account_id is not None else None):
        return False
    if account_id is None:
        if row is not None:
            await session.delete(row)
    elif row is None:
        session.add(
            AccountMembershipRow(
                learner_id=learner_id, account_id=account_id, job_role=job_role, joined_at=now
            )
        )
    else:
        if row.account_id != account_id:
            row.joined_at = now
        row.account_id, row.job_role = account_id, job_role
    session.add(
        AccountMoveRow(
            learner_id=learner_id,
            from_account_id=None if before is None else before[0],
            to_account_id=account_id,
            job_role=job_role,
            moved_at=now,
            moved_by=by,
        )
    )
    try:
        async with session.begin_nested():
            await session.flush()
    except IntegrityError as exc:
        raise MembershipRaced(learner_id) from exc
    return True


async def moves_of(session: AsyncSession, learner_id: str) -> list[MoveRecord]:
    rows = await session.scalars(
        select(AccountMoveRow)
        .where(AccountMoveRow.learner_id == learner_id)
        .order_by(AccountMoveRow.moved_at, AccountMoveRow.id)
    )
    return [
        MoveRecord(
            row.learner_id,
            row.from_account_id,
            row.to_account_id,
            row.job_role,
            row.moved_at,
            row.moved_by,
        )
        for row in rows.all()
    ]


def account_scope(account_id: UUID | None) -> str:
    return GLOBAL_SCOPE if account_id is None else account_id.hex


async def expectations(session: AsyncSession, account_id: UUID | None) -> dict[str, str]:
    """Job role -> expected tier, as stored for one scope (the defaults, or one account)."""
    rows = await session.scalars(
        select(RoleExpectationRow).where(RoleExpectationRow.scope == account_scope(account_id))
    )
    return {row.job_role: row.tier for row in rows.all()}


async def expectations_by_scope(session: AsyncSession) -> dict[str, dict[str, str]]:
    """Every stored expectation: scope (``"*"`` or an account id's hex) -> job role -> tier."""
    found: dict[str, dict[str, str]] = {}
    for row in (await session.scalars(select(RoleExpectationRow))).all():
        found.setdefault(row.scope, {})[row.job_role] = row.tier
    return found


async def replace_expectations(
    session: AsyncSession, account_id: UUID | None, chosen: Sequence[tuple[str, str]]
) -> None:
    scope = account_scope(account_id)
    await session.execute(delete(RoleExpectationRow).where(RoleExpectationRow.scope == scope))
    session.add_all(
        RoleExpectationRow(scope=scope, job_role=role, tier=tier) for role, tier in chosen
    )
    await session.flush()
