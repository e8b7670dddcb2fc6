"""What program measures are computed from: attempts, credential versions and page counts.

With an account, attempts are those of the account's learners (current members) and
credentials those earned under the account (``credentials.account_id``, kept from issuance).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from uuid import UUID

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from service.accounts.measures import AttemptFact, VersionFact
from service.db.models import (
    AccountMembershipRow,
    AttemptRow,
    CertificationRow,
    CredentialRow,
    CredentialVersionRow,
    ExamRow,
    PublicPageCountRow,
)


@dataclass(frozen=True)
class ProgramRef:
    id: UUID
    name: str
    tier: str
    band_low: float
    band_high: float


async def programs(
    session: AsyncSession, certification_id: UUID | None, tier: str | None
) -> list[ProgramRef]:
    query = select(CertificationRow).order_by(CertificationRow.name)
    if certification_id is not None:
        query = query.where(CertificationRow.id == certification_id)
    if tier is not None:
        query = query.where(CertificationRow.tier == tier)
    return [
        ProgramRef(row.id, row.name, row.tier, row.pass_band_low, row.pass_band_high)
        for row in (await session.scalars(query)).all()
    ]


async def attempts_by_program(
    session: AsyncSession, ids: list[UUID], account_id: UUID | None
) -> dict[UUID, list[AttemptFact]]:
    query = (
        select(
            ExamRow.certification_id,
            AttemptRow.learner_id,
            AttemptRow.number,
            AttemptRow.status,
            AttemptRow.started_at,
            AttemptRow.submitted_at,
            AttemptRow.passed,
        )
        .join(ExamRow, ExamRow.id == AttemptRow.exam_id)
        .where(ExamRow.certification_id.in_(ids))
    )
    if account_id is not None:
        query = query.join(
            AccountMembershipRow, AccountMembershipRow.learner_id == AttemptRow.learner_id
        ).where(AccountMembershipRow.account_id == account_id)
    grouped: dict[UUID, list[AttemptFact]] = defaultdict(list)
    for certification, learner, number, status, started, submitted, passed in (
        await session.execute(query)
    ).all():
        grouped[certification].append(
            AttemptFact(learner, number, status, started, submitted, passed)
        )
    return grouped


async def versions_by_program(
    session: AsyncSession, ids: list[UUID], account_id: UUID | None
) -> dict[UUID, list[VersionFact]]:
    query = (
        select(
            CredentialRow.certification_id,
            CredentialRow.learner_id,
            CredentialRow.status,
            CredentialRow.status_changed_at,
            CredentialVersionRow.valid_from,
            CredentialVersionRow.valid_until,
            CredentialVersionRow.superseded_at,
        )
        .join(CredentialRow, CredentialRow.id == CredentialVersionRow.credential_id)
        .where(CredentialRow.certification_id.in_(ids))
    )
    if account_id is not None:
        query = query.where(CredentialRow.account_id == account_id)
    grouped: dict[UUID, list[VersionFact]] = defaultdict(list)
    for certification, learner, status, changed, valid_from, valid_until, superseded in (
        await session.execute(query)
    ).all():
        grouped[certification].append(
            VersionFact(learner, status, changed, valid_from, valid_until, superseded)
        )
    return grouped


async def page_counts(
    session: AsyncSession, ids: list[UUID], since: date, until: date
) -> dict[tuple[UUID, str], int]:
    """Views and clicks per certification and kind, days ``since`` to before ``until``."""
    rows = await session.execute(
        select(
            PublicPageCountRow.certification_id,
            PublicPageCountRow.kind,
            func.sum(PublicPageCountRow.count),
        )
        .where(
            PublicPageCountRow.certification_id.in_(ids),
            PublicPageCountRow.day >= since,
            PublicPageCountRow.day < until,
        )
        .group_by(PublicPageCountRow.certification_id, PublicPageCountRow.kind)
    )
    return {(certification, kind): int(total or 0) for certification, kind, total in rows.all()}
