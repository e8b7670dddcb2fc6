"""What coverage is computed from, read for one account or for all at once.

Credentials and attempts are joined to ``account_memberships`` on the learner, so an account
of any size is read in a handful of queries with no long ``IN`` lists.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TypeVarTuple
from uuid import UUID

from sqlalchemy import Select, case, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from service.accounts import store
from service.accounts.coverage import AttemptCounts, CertificationRef, HeldCredential
from service.accounts.store import MembershipRecord
from service.attempts.status import AttemptStatus
from service.db.models import (
    AccountMembershipRow,
    AccountRow,
    AttemptRow,
    CertificationRow,
    CredentialRow,
)

Ts = TypeVarTuple("Ts")


def _scoped(query: Select[*Ts], account_id: UUID | None) -> Select[*Ts]:
    if account_id is None:
        return query
    return query.where(AccountMembershipRow.account_id == account_id)


async def certifications(session: AsyncSession) -> list[CertificationRef]:
    rows = await session.execute(
        select(CertificationRow.id, CertificationRow.name, CertificationRow.tier).order_by(
            CertificationRow.name
        )
    )
    return [CertificationRef(id, name, tier) for id, name, tier in rows.all()]


async def members_by_account(
    session: AsyncSession, account_id: UUID | None
) -> dict[UUID, list[MembershipRecord]]:
    if account_id is not None:
        return {account_id: await store.all_members(session, account_id)}
    grouped: dict[UUID, list[MembershipRecord]] = defaultdict(list)
    for membership in (await store.memberships_by_learner(session)).values():
        grouped[membership.account_id].append(membership)
    return grouped


async def credentials_by_account(
    session: AsyncSession, account_id: UUID | None
) -> dict[UUID, list[HeldCredential]]:
    query = select(
        AccountMembershipRow.account_id,
        CredentialRow.learner_id,
        CredentialRow.certification_id,
        CredentialRow.status,
        CredentialRow.awarded_date,
        CredentialRow.valid_from,
        CredentialRow.valid_until,
    ).join(AccountMembershipRow, AccountMembershipRow.learner_id == CredentialRow.learner_id)
    grouped: dict[UUID, list[HeldCredential]] = defaultdict(list)
    for account, learner, certification, status, awarded, valid_from, valid_until in (
        await session.execute(_scoped(query, account_id))
    ).all():
        grouped[account].append(
            HeldCredential(learner, certification, status, awarded, valid_from, valid_until)
        )
    return grouped


async def attempts_by_account(
    session: AsyncSession, account_id: UUID | None
) -> dict[UUID, AttemptCounts]:
    """Attempts in progress, finished first attempts and how many of those passed."""
    first = (AttemptRow.number == 1) & AttemptRow.passed.is_not(None)
    query = (
        select(
            AccountMembershipRow.account_id,
            func.sum(case((AttemptRow.status == AttemptStatus.IN_PROGRESS, 1), else_=0)),
            func.sum(case((first, 1), else_=0)),
            func.sum(case((first & AttemptRow.passed.is_(True), 1), else_=0)),
        )
        .join(AccountMembershipRow, AccountMembershipRow.learner_id == AttemptRow.learner_id)
        .group_by(AccountMembershipRow.account_id)
    )
    return {
        account: AttemptCounts(int(busy or 0), int(firsts or 0), int(passes or 0))
        for account, busy, firsts, passes in (
            await session.execute(_scoped(query, account_id))
        ).all()
    }


async def account_ids(session: AsyncSession) -> list[UUID]:
    return list((await session.scalars(select(AccountRow.id))).all())
