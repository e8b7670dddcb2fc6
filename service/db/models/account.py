"""Customer accounts, who belongs to them, the history of moves, and role expectations.

``account_memberships.learner_id`` is unique: a learner belongs to at most one account at a
time on both databases, whatever runs concurrently. Every change of membership also writes an
``account_moves`` row (from, to, when, by whom), so "where was this learner on 1 March" and
"who moved them" are answered from data, not logs.

``role_expectations.scope`` is ``"*"`` for the program-wide default of a job role and the
account's id for an account's own choice, which replaces the default for that account; a
unique ``(scope, job_role)`` keeps one expected tier per role and scope (a NULL account id
could not carry that uniqueness the same way on both databases).

``public_page_counts`` holds the public page's views and LinkedIn-button clicks per
certification and day: numbers only, nothing about who looked.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

from advanced_alchemy.types import DateTimeUTC
from sqlalchemy import JSON, Date, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from service.db.models.base import Base

JOB_ROLE_LENGTH = 100
SCOPE_LENGTH = 40


class AccountRow(Base):
    __tablename__ = "accounts"

    name: Mapped[str] = mapped_column(String(200))
    external_id: Mapped[str] = mapped_column(String(200), unique=True)
    account_metadata: Mapped[dict[str, Any] | None] = mapped_column("metadata", JSON, nullable=True)


class AccountMembershipRow(Base):
    __tablename__ = "account_memberships"

    learner_id: Mapped[str] = mapped_column(String(200), unique=True)
    account_id: Mapped[UUID] = mapped_column(
        ForeignKey("accounts.id", ondelete="RESTRICT"), index=True
    )
    job_role: Mapped[str | None] = mapped_column(String(JOB_ROLE_LENGTH), nullable=True)
    joined_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))


class AccountMoveRow(Base):
    __tablename__ = "account_moves"
    __table_args__ = (Index("ix_account_moves_learner_moved", "learner_id", "moved_at"),)

    learner_id: Mapped[str] = mapped_column(String(200))
    from_account_id: Mapped[UUID | None] = mapped_column(
        ForeignKey("accounts.id", ondelete="RESTRICT"), nullable=True
    )
    to_account_id: Mapped[UUID | None] = mapped_column(
        ForeignKey("accounts.id", ondelete="RESTRICT"), nullable=True
    )
    job_role: Mapped[str | None] = mapped_column(String(JOB_ROLE_LENGTH), nullable=True)
    moved_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
    moved_by: Mapped[str] = mapped_column(String(200))


class RoleExpectationRow(Base):
    __tablename__ = "role_expectations"
    __table_args__ = (UniqueConstraint("scope", "job_role"),)

    scope: Mapped[str] = mapped_column(String(SCOPE_LENGTH))
    job_role: Mapped[str] = mapped_column(String(JOB_ROLE_LENGTH))
    tier: Mapped[str] = mapped_column(String(20))


class PublicPageCountRow(Base):
    __tablename__ = "public_page_counts"
    __table_args__ = (UniqueConstraint("certification_id", "day", "kind"),)

    certification_id: Mapped[UUID] = mapped_column(
        ForeignKey("certifications.id", ondelete="CASCADE")
    )
    day: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(20))
    count: Mapped[int] = mapped_column(Integer)
