"""Calibrations, exam scales and attempt abilities in and out of their rows, as values."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from uuid import UUID

from sqlalchemy import delete, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from service.calibration.errors import CalibrationExamNotFound
from service.db.models import (
    AttemptAbilityRow,
    ExamRow,
    ExamScaleRow,
    ItemCalibrationRow,
    ItemRevisionRow,
    ItemRow,
)


@dataclass(frozen=True, slots=True)
class Calibration:
    revision_id: UUID
    difficulty: float
    standard_error: float | None
    n: int
    method: str


@dataclass(frozen=True, slots=True)
class ExamItem:
    """An item a form of the exam can hold: its current revision."""

    revision_id: UUID
    item_id: str


@dataclass(frozen=True, slots=True)
class Scale:
    exam_id: UUID
    theta_cut: float
    cut_source: str
    source_percent: float
    minimum: int
    maximum: int
    cut_scaled: int
    points_per_logit: float
    pretest_uncalibrated: bool
    form_tolerance: float | None = None
    """A fraction: see ``service.calibration.form_balance``."""


@dataclass(frozen=True, slots=True)
class Ability:
    theta: float | None
    standard_error: float | None
    scaled_score: int | None
    items_scored: int
    pretest_items: int
    method: str | None


async def exam_items(session: AsyncSession, exam_id: UUID) -> list[ExamItem]:
    bank_id = await session.scalar(select(ExamRow.bank_id).where(ExamRow.id == exam_id))
    if bank_id is None:
        raise CalibrationExamNotFound(exam_id)
    rows = await session.execute(
        select(ItemRevisionRow.id, ItemRow.external_id)
        .join(
            ItemRevisionRow,
            (ItemRevisionRow.item_id == ItemRow.id)
            & (ItemRevisionRow.number == ItemRow.current_revision),
        )
        .where(ItemRow.bank_id == bank_id, ItemRow.status == "active")
        .order_by(ItemRow.external_id)
    )
    return [ExamItem(revision_id=rid, item_id=external) for rid, external in rows.all()]


async def calibrations(
    session: AsyncSession, revision_ids: Iterable[UUID]
) -> dict[UUID, Calibration]:
    wanted = list(set(revision_ids))
    if not wanted:
        return {}
    rows = await session.scalars(
        select(ItemCalibrationRow).where(ItemCalibrationRow.revision_id.in_(wanted))
    )
    return {
        row.revision_id: Calibration(
            revision_id=row.revision_id,
            difficulty=row.difficulty,
            standard_error=row.standard_error,
            n=row.n,
            method=row.method,
        )
        for row in rows
    }


async def add_calibrations(
    session: AsyncSession, exam_id: UUID, found: Sequence[Calibration], by: str
) -> None:
    if found:
        await session.execute(
            insert(ItemCalibrationRow),
            [
                {
                    "revision_id": c.revision_id,
                    "difficulty": c.difficulty,
                    "standard_error": c.standard_error,
                    "n": c.n,
                    "exam_id": exam_id,
                    "method": c.method,
                    "calibrated_by": by,
                }
                for c in found
            ],
        )


async def scale_of(session: AsyncSession, exam_id: UUID) -> Scale | None:
    row = await session.scalar(select(ExamScaleRow).where(ExamScaleRow.exam_id == exam_id))
    return None if row is None else scale_record(row)


def scale_record(row: ExamScaleRow) -> Scale:
    return Scale(
        exam_id=row.exam_id,
        theta_cut=row.theta_cut,
        cut_source=row.cut_source,
        source_percent=row.source_percent,
        minimum=row.minimum,
        maximum=row.maximum,
        cut_scaled=row.cut_scaled,
        points_per_logit=row.points_per_logit,
        pretest_uncalibrated=row.pretest_uncalibrated,
        form_tolerance=row.form_tolerance,
    )


async def replace_scale(session: AsyncSession, scale: Scale | None, exam_id: UUID) -> None:
    await session.execute(delete(ExamScaleRow).where(ExamScaleRow.exam_id == exam_id))
    if scale is not None:
        session.add(
            ExamScaleRow(
                exam_id=exam_id,
                theta_cut=scale.theta_cut,
                cut_source=scale.cut_source,
                source_percent=scale.source_percent,
                minimum=scale.minimum,
                maximum=scale.maximum,
                cut_scaled=scale.cut_scaled,
                points_per_logit=scale.points_per_logit,
                pretest_uncalibrated=scale.pretest_uncalibrated,
                form_tolerance=scale.form_tolerance,
            )
        )
        await session.flush()


async def save_ability(session: AsyncSession, attempt_id: UUID, ability: Ability) -> None:
    await session.execute(
        delete(AttemptAbilityRow).where(AttemptAbilityRow.attempt_id == attempt_id)
    )
    session.add(
        AttemptAbilityRow(
            attempt_id=attempt_id,
            theta=ability.theta,
            standard_error=ability.standard_error,
            scaled_score=ability.scaled_score,
            items_scored=ability.items_scored,
            pretest_items=ability.pretest_items,
            method=ability.method,
        )
    )
    await session.flush()


async def ability_of(session: AsyncSession, attempt_id: UUID) -> Ability | None:
    row = await session.scalar(
        select(AttemptAbilityRow).where(AttemptAbilityRow.attempt_id == attempt_id)
    )
    if row is None:
        return None
    return Ability(
        theta=row.theta,
        standard_error=row.standard_error,
        scaled_score=row.scaled_score,
        items_scored=row.items_scored,
        pretest_items=row.pretest_items,
        method=row.method,
    )


async def exam_cut(session: AsyncSession, exam_id: UUID) -> float:
    """The exam's cut in percent (it is stored as a fraction, 0-1)."""
    cut = await session.scalar(select(ExamRow.cut_score).where(ExamRow.id == exam_id))
    if cut is None:
        raise CalibrationExamNotFound(exam_id)
    return float(cut) * 100
