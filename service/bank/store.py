"""Bank rows as domain values: what the bank's use cases hand to controllers and the CLI.

Controllers never see an ORM row: a row is live (lazy loads, flushes, identity map) and its
JSON columns are untyped, while these values are plain, immutable and typed. Each function
here is the one place a bank-area row is read into a value.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

import msgspec
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from itembank.study import DomainGuide, Objective, StudyResource
from service.db.models import BankDomainRow, BankRow, ItemRevisionRow, ItemRow


@dataclass(frozen=True)
class BankRecord:
    id: UUID
    name: str
    description: str
    created_by: str
    created_at: datetime


@dataclass(frozen=True)
class ItemRecord:
    """An item's searchable fields and where its current revision stands."""

    id: UUID
    external_id: str
    status: str
    kind: str
    domain: str
    item_set: str | None
    tags: tuple[str, ...]
    objective: str | None
    current_revision: int
    stem: str
    updated_at: datetime


@dataclass(frozen=True)
class RevisionRecord:
    number: int
    fingerprint: str
    created_at: datetime
    created_by: str
    content: dict[str, Any]


def bank_record(row: BankRow) -> BankRecord:
    return msgspec.convert(row, BankRecord, from_attributes=True)


def item_record(row: ItemRow) -> ItemRecord:
    return ItemRecord(
        id=row.id,
        external_id=row.external_id,
        status=row.status,
        kind=row.kind,
        domain=row.domain,
        item_set=row.item_set_external_id,
        tags=tuple(row.tags),
        objective=row.objective,
        current_revision=row.current_revision,
        stem=row.stem,
        updated_at=row.updated_at,
    )


def revision_record(row: ItemRevisionRow) -> RevisionRecord:
    return msgspec.convert(row, RevisionRecord, from_attributes=True)


class StoredResource(msgspec.Struct, frozen=True, kw_only=True):
    title: str
    url: str


class StoredObjective(msgspec.Struct, frozen=True, kw_only=True):
    id: str
    title: str
    description: str | None = None
    resources: list[StoredResource] = []


class StoredDomainGuide(msgspec.Struct, frozen=True, kw_only=True):
    """The stored shape of ``bank_domains.guide`` (the domain code is its own column)."""

    title: str | None = None
    description: str | None = None
    objectives: list[StoredObjective] = []
    resources: list[StoredResource] = []


def _resources(stored: Iterable[StoredResource]) -> tuple[StudyResource, ...]:
    return tuple(StudyResource(title=r.title, url=r.url) for r in stored)


def domain_guide(row: BankDomainRow) -> DomainGuide:
    stored = msgspec.convert(row.guide, StoredDomainGuide)
    return DomainGuide(
        domain=row.domain,
        title=stored.title,
        description=stored.description,
        objectives=tuple(
            Objective(
                id=o.id,
                title=o.title,
                description=o.description,
                resources=_resources(o.resources),
            )
            for o in stored.objectives
        ),
        resources=_resources(stored.resources),
    )


def stored_guide(guide: DomainGuide) -> dict[str, Any]:
    def resources(values: Iterable[StudyResource]) -> list[StoredResource]:
        return [StoredResource(title=r.title, url=r.url) for r in values]

    stored = StoredDomainGuide(
        title=guide.title,
        description=guide.description,
        objectives=[
            StoredObjective(
                id=o.id,
                title=o.title,
                description=o.description,
                resources=resources(o.resources),
            )
            for o in guide.objectives
        ],
        resources=resources(guide.resources),
    )
    return msgspec.to_builtins(stored)  # type: ignore[no-any-return]


async def domain_guides(
    session: AsyncSession, bank_id: UUID, domains: Iterable[str] | None = None
) -> dict[str, DomainGuide]:
    """The bank's domain descriptions by domain code (only `domains`, when given), sorted."""
    query = select(BankDomainRow).where(BankDomainRow.bank_id == bank_id)
    if domains is not None:
        query = query.where(BankDomainRow.domain.in_(sorted(set(domains))))
    rows = (await session.scalars(query.order_by(BankDomainRow.domain))).all()
    return {row.domain: domain_guide(row) for row in rows}


async def save_domain_guides(
    session: AsyncSession, bank_id: UUID, guides: Sequence[DomainGuide], now: datetime
) -> int:
    """Replace the description of each domain in `guides`; others stay. Returns how many changed."""
    if not guides:
        return 0
    current = {
        row.domain: row
        for row in (
            await session.scalars(
                select(BankDomainRow).where(
                    BankDomainRow.bank_id == bank_id,
                    BankDomainRow.domain.in_([guide.domain for guide in guides]),
                )
            )
        ).all()
    }
    changed = 0
    for guide in guides:
        value = stored_guide(guide)
        row = current.get(guide.domain)
        if row is None:
            session.add(BankDomainRow(bank_id=bank_id, domain=guide.domain, guide=value))
            changed += 1
        elif row.guide != value:
            row.guide = value
            row.updated_at = now
            changed += 1
    await session.flush()
    return changed


async def lock_for_item_writes(session: AsyncSession, bank_id: UUID) -> None:
    """Hold the bank row (``FOR NO KEY UPDATE``) before reading the items a write will change.

    Every path that writes a bank's items takes this first: two writers of one bank queue on
    it, and the second reads the items only after the first has committed, so it never plans
    from a state that is gone (two imports revising one item made the same revision number,
    and the second failed on the unique constraint). Inserts that merely reference the bank
    are not blocked. SQLite's write transactions already take turns (``BEGIN IMMEDIATE``)."""
    await session.execute(
        select(BankRow.id).where(BankRow.id == bank_id).with_for_update(key_share=True)
    )


async def bump_items_version(session: AsyncSession, bank_id: UUID) -> None:
    """Raise the bank's ``items_version`` in a transaction that writes its items, after
    `lock_for_item_writes`: the new version becomes visible with the items, in the same
    commit."""
    await session.execute(
        update(BankRow).where(BankRow.id == bank_id).values(items_version=BankRow.items_version + 1)
    )
