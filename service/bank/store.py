"""Bank rows as domain values: what the bank's use cases hand to controllers and the CLI.

Controllers never see an ORM row: a row is live (lazy loads, flushes, identity map) and its
JSON columns are untyped, while these values are plain, immutable and typed. Each function
here is the one place a bank-area row is read into a value.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

import msgspec

from service.db.models import BankRow, ItemRevisionRow, ItemRow


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
        current_revision=row.current_revision,
        stem=row.stem,
        updated_at=row.updated_at,
    )


def revision_record(row: ItemRevisionRow) -> RevisionRecord:
    return msgspec.convert(row, RevisionRecord, from_attributes=True)
