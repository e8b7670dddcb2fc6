"""Stored psychometrics: item calibrations per revision, Angoff ratings, and the calibrated
reporting scale of an exam with each scored attempt's ability.

A calibration is stored per item *revision* (content never changes under it) and kept fixed
once stored, so every later attempt is scored against the same difficulties.
"""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import Boolean, Float, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from service.db.models.base import Base


class ItemCalibrationRow(Base):
    __tablename__ = "item_calibrations"

    revision_id: Mapped[UUID] = mapped_column(
        ForeignKey("item_revisions.id", ondelete="CASCADE"), unique=True
    )
    difficulty: Mapped[float] = mapped_column(Float)
    standard_error: Mapped[float | None] = mapped_column(Float, nullable=True)
    n: Mapped[int] = mapped_column(Integer)
    exam_id: Mapped[UUID | None] = mapped_column(
        ForeignKey("exams.id", ondelete="SET NULL"), nullable=True, index=True
    )
    method: Mapped[str] = mapped_column(String(200))
    calibrated_by: Mapped[str] = mapped_column(String(200))


class AngoffRatingRow(Base):
    __tablename__ = "angoff_ratings"
    __table_args__ = (UniqueConstraint("exam_id", "panelist_id", "item_id"),)

    exam_id: Mapped[UUID] = mapped_column(ForeignKey("exams.id", ondelete="CASCADE"), index=True)
    panelist_id: Mapped[str] = mapped_column(String(200))
    item_id: Mapped[str] = mapped_column(String(100))
    rating: Mapped[float] = mapped_column(Float)


class ExamScaleRow(Base):
    """The exam scores on the calibrated scale: pass = theta >= theta_cut, reported as a
    scaled score with the cut at ``cut_scaled``."""

    __tablename__ = "exam_scales"

    exam_id: Mapped[UUID] = mapped_column(ForeignKey("exams.id", ondelete="CASCADE"), unique=True)
    theta_cut: Mapped[float] = mapped_column(Float)
    cut_source: Mapped[str] = mapped_column(String(20))
    source_percent: Mapped[float] = mapped_column(Float)
    minimum: Mapped[int] = mapped_column(Integer)
    maximum: Mapped[int] = mapped_column(Integer)
    cut_scaled: Mapped[int] = mapped_column(Integer)
    points_per_logit: Mapped[float] = mapped_column(Float)
    pretest_uncalibrated: Mapped[bool] = mapped_column(Boolean, default=False)
    form_tolerance: Mapped[float | None] = mapped_column(Float, nullable=True)
    """Assembly holds a form's expected share correct at the cut within this fraction of the
    reference form's (null: no constraint)."""


class AttemptAbilityRow(Base):
    """An attempt scored on the calibrated scale (written when it is scored)."""

    __tablename__ = "attempt_abilities"

    attempt_id: Mapped[UUID] = mapped_column(
        ForeignKey("attempts.id", ondelete="CASCADE"), unique=True
    )
    theta: Mapped[float | None] = mapped_column(Float, nullable=True)
    standard_error: Mapped[float | None] = mapped_column(Float, nullable=True)
    scaled_score: Mapped[int | None] = mapped_column(Integer, nullable=True)
    items_scored: Mapped[int] = mapped_column(Integer)
    pretest_items: Mapped[int] = mapped_column(Integer)
    method: Mapped[str | None] = mapped_column(String(10), nullable=True)
