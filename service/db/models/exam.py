"""Certifications, exams, learners' accommodations and retake overrides.

Blueprints and retake policies are stored as JSON data, not code, so an admin can change
them through the API and every attempt can record the policy it was started under.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from advanced_alchemy.types import DateTimeUTC
from sqlalchemy import (
    JSON,
    Boolean,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from service.db.models.base import Base


class CertificationRow(Base):
    __tablename__ = "certifications"
    __table_args__ = (Index("ix_certifications_updated_at", "updated_at"),)

    name: Mapped[str] = mapped_column(String(200), unique=True)
    tier: Mapped[str] = mapped_column(String(20))
    description: Mapped[str] = mapped_column(Text)
    criteria: Mapped[str] = mapped_column(Text)
    badge_image: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    badge_media_type: Mapped[str | None] = mapped_column(String(50), nullable=True)
    validity_days: Mapped[int | None] = mapped_column(Integer, nullable=True)
    renewal_window_days: Mapped[int] = mapped_column(Integer, default=90)
    pass_band_low: Mapped[float] = mapped_column(Float)
    pass_band_high: Mapped[float] = mapped_column(Float)
    renewal_exam_id: Mapped[UUID | None] = mapped_column(nullable=True)


class ExamRow(Base):
    __tablename__ = "exams"

    certification_id: Mapped[UUID] = mapped_column(
        ForeignKey("certifications.id", ondelete="RESTRICT"), index=True
    )
    bank_id: Mapped[UUID] = mapped_column(ForeignKey("banks.id", ondelete="RESTRICT"))
    name: Mapped[str] = mapped_column(String(200), unique=True)
    blueprint: Mapped[dict[str, Any]] = mapped_column(JSON)
    recall_cap: Mapped[float] = mapped_column(Float, default=0.2)
    time_limit_seconds: Mapped[int] = mapped_column(Integer)
    cut_score: Mapped[float] = mapped_column(Float)
    multiple_response_scoring: Mapped[str] = mapped_column(String(20))
    shuffle_items: Mapped[bool] = mapped_column(Boolean, default=True)
    shuffle_options: Mapped[bool] = mapped_column(Boolean, default=True)
    review: Mapped[str] = mapped_column(String(20))
    mastery_threshold: Mapped[float] = mapped_column(Float, default=0.7)
    retake_policy: Mapped[dict[str, Any]] = mapped_column(JSON)
    beta: Mapped[bool] = mapped_column(Boolean, default=False)
    show_result_in_credential: Mapped[bool] = mapped_column(Boolean, default=False)
    tiers: Mapped[list[str] | None] = mapped_column(JSON, nullable=True)
    """The tiers an item must carry (one of them) to appear on a form of this exam; always
    written (nullable only so migration 0007 need not rebuild the table on SQLite)."""
    retired_at: Mapped[datetime | None] = mapped_column(DateTimeUTC(timezone=True), nullable=True)
    """Set when an admin retires the exam: no new starts; history and statistics stay."""


class AccommodationRow(Base):
    __tablename__ = "accommodations"

    learner_id: Mapped[str] = mapped_column(String(200), unique=True)
    time_multiplier: Mapped[float] = mapped_column(Float)
    note: Mapped[str] = mapped_column(Text, default="")
    granted_by: Mapped[str] = mapped_column(String(200))


UNUSED_OVERRIDE = text("used_by_attempt_id IS NULL")


class RetakeOverrideRow(Base):
    """A one-time allowance; at most one unused per learner and exam (a partial unique index)."""

    __tablename__ = "retake_overrides"
    __table_args__ = (
        UniqueConstraint("exam_id", "learner_id", "used_by_attempt_id"),
        Index(
            "ux_retake_overrides_one_unused",
            "exam_id",
            "learner_id",
            unique=True,
            sqlite_where=UNUSED_OVERRIDE,
            postgresql_where=UNUSED_OVERRIDE,
        ),
    )

    exam_id: Mapped[UUID] = mapped_column(ForeignKey("exams.id", ondelete="CASCADE"))
    learner_id: Mapped[str] = mapped_column(String(200), index=True)
    reason: Mapped[str] = mapped_column(Text)
    granted_by: Mapped[str] = mapped_column(String(200))
    used_by_attempt_id: Mapped[UUID | None] = mapped_column(nullable=True)
    lifts_pass_lock: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    """Granted explicitly to let a learner who passed sit again before the renewal window."""
    new_learner: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    """The admin said the learner is new (no attempt or credential was on record)."""
