"""Attempts, their saved responses, and the outbox row a pass leaves for credential issuance.

``in_progress_key`` is ``"<exam>:<learner>"`` while an attempt is in progress and NULL after:
a unique constraint on it makes "at most one attempt in progress per learner and exam" hold
under concurrent starts on both databases, without locks.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from advanced_alchemy.types import DateTimeUTC
from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

from service.attempts.status import AttemptStatus
from service.db.models.base import Base


class AttemptStatusColumn(TypeDecorator[AttemptStatus]):
    """The status stored as its plain string (VARCHAR(20), as before) and read as the enum."""

    impl = String(20)
    cache_ok = True

    def process_bind_param(self, value: AttemptStatus | None, dialect: Dialect) -> str | None:
        return None if value is None else AttemptStatus(value).value

    def process_result_value(self, value: str | None, dialect: Dialect) -> AttemptStatus | None:
        return None if value is None else AttemptStatus(value)


class AttemptRow(Base):
    __tablename__ = "attempts"
    __table_args__ = (
        Index("ix_attempts_exam_learner", "exam_id", "learner_id"),
        Index("ix_attempts_status_deadline", "status", "deadline"),
    )

    exam_id: Mapped[UUID] = mapped_column(ForeignKey("exams.id", ondelete="RESTRICT"))
    learner_id: Mapped[str] = mapped_column(String(200))
    learner_name: Mapped[str | None] = mapped_column(String(200), nullable=True)
    learner_email: Mapped[str | None] = mapped_column(String(320), nullable=True)
    number: Mapped[int] = mapped_column(Integer)
    status: Mapped[AttemptStatus] = mapped_column(AttemptStatusColumn())
    in_progress_key: Mapped[str | None] = mapped_column(String(300), unique=True, nullable=True)
    started_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
    deadline: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
    submitted_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True), nullable=True)
    time_multiplier: Mapped[float] = mapped_column(Float, default=1.0)
    seed: Mapped[int] = mapped_column(BigInteger)
    arrangement: Mapped[int] = mapped_column(Integer, server_default="1")
    """How the form's option orders were derived from the seed
    (`itembank.assembly.arrange`); attempts from before there was a choice have the first."""
    form: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    via_override: Mapped[bool] = mapped_column(Boolean, default=False)
    raw_score: Mapped[float | None] = mapped_column(Float, nullable=True)
    max_score: Mapped[float | None] = mapped_column(Float, nullable=True)
    percent: Mapped[float | None] = mapped_column(Float, nullable=True)
    passed: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)


class ResponseRow(Base):
    __tablename__ = "responses"
    __table_args__ = (UniqueConstraint("attempt_id", "revision_id"),)

    attempt_id: Mapped[UUID] = mapped_column(ForeignKey("attempts.id", ondelete="CASCADE"))
    revision_id: Mapped[UUID] = mapped_column(
        ForeignKey("item_revisions.id", ondelete="RESTRICT"), index=True
    )
    chosen: Mapped[list[str]] = mapped_column(JSON)
    saved_at: Mapped[datetime] = mapped_column(DateTimeUTC(timezone=True))
    seconds_spent: Mapped[float | None] = mapped_column(Float, nullable=True)


class CredentialOutboxRow(Base):
    """A credential is owed for this passing attempt; written in the scoring transaction.

    A row whose issuance failed keeps the failure (how often, the last error, when) and is
    not due again before ``next_try_at``: it waits with exponential backoff while every other
    row is issued, and an admin can list it and retry it after a fix.
    """

    __tablename__ = "credential_outbox"
    __table_args__ = (Index("ix_credential_outbox_due", "processed_at", "next_try_at"),)

    attempt_id: Mapped[UUID] = mapped_column(
        ForeignKey("attempts.id", ondelete="CASCADE"), unique=True
    )
    processed_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True), nullable=True)
    failures: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)
    last_failed_at: Mapped[datetime | None] = mapped_column(
        DateTimeUTC(timezone=True), nullable=True
    )
    next_try_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True), nullable=True)
