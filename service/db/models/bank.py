"""Banks, items, item sets and immutable item revisions.

An item row holds what changes (status) and a copy of the current revision's searchable
fields; every content change appends an ``ItemRevisionRow`` that is never updated, so forms,
responses and statistics that point at a revision stay true forever.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from sqlalchemy import (
    JSON,
    BigInteger,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from service.db.models.base import Base


class BankRow(Base):
    __tablename__ = "banks"

    name: Mapped[str] = mapped_column(String(200), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[str] = mapped_column(String(200))
    items_version: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    """Raised, first, by every transaction that writes the bank's items
    (`service.bank.store.bump_items_version`): a start compares it with the version its
    process kept the active-item list for, and reads the list again only when it moved."""


class ItemSetRow(Base):
    __tablename__ = "item_sets"
    __table_args__ = (UniqueConstraint("bank_id", "external_id"),)

    bank_id: Mapped[UUID] = mapped_column(ForeignKey("banks.id", ondelete="CASCADE"))
    external_id: Mapped[str] = mapped_column(String(100))
    stimulus: Mapped[str] = mapped_column(Text)


class ItemRow(Base):
    __tablename__ = "items"
    __table_args__ = (
        UniqueConstraint("bank_id", "external_id"),
        Index("ix_items_bank_status_domain_kind", "bank_id", "status", "domain", "kind"),
    )

    bank_id: Mapped[UUID] = mapped_column(ForeignKey("banks.id", ondelete="CASCADE"))
    external_id: Mapped[str] = mapped_column(String(100))
    status: Mapped[str] = mapped_column(String(20))
    kind: Mapped[str] = mapped_column(String(20))
    domain: Mapped[str] = mapped_column(String(100))
    item_set_external_id: Mapped[str | None] = mapped_column(String(100), nullable=True)
    stem: Mapped[str] = mapped_column(Text)
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    objective: Mapped[str | None] = mapped_column(String(64), nullable=True)
    current_revision: Mapped[int] = mapped_column(Integer, default=1)
    fingerprint: Mapped[str] = mapped_column(String(64))


class ItemRevisionRow(Base):
    __tablename__ = "item_revisions"
    __table_args__ = (UniqueConstraint("item_id", "number"),)

    item_id: Mapped[UUID] = mapped_column(ForeignKey("items.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    fingerprint: Mapped[str] = mapped_column(String(64))
    content: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_by: Mapped[str] = mapped_column(String(200))


class BankDomainRow(Base):
    """What a bank says about one of its domains (objectives, study resources): the exam guide.

    One row per described domain, replaced whole when a file describes the domain again; the
    description itself is one JSON column read through ``service.bank.store.StoredDomainGuide``.
    """

    __tablename__ = "bank_domains"
    __table_args__ = (UniqueConstraint("bank_id", "domain"),)

    bank_id: Mapped[UUID] = mapped_column(ForeignKey("banks.id", ondelete="CASCADE"))
    domain: Mapped[str] = mapped_column(String(100))
    guide: Mapped[dict[str, Any]] = mapped_column(JSON)
