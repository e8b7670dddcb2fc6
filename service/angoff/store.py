"""Angoff ratings and the exam's items and cut, in and out of their rows."""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from sqlalchemy import delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from itembank.statistics import AngoffRating
from service.angoff.errors import AngoffExamNotFound
from service.db.models import AngoffRatingRow, ExamRow, ItemRow


async def exam_items(session: AsyncSession, exam_id: UUID) -> list[str]:
    """The external ids of the items a form of the exam can hold (its bank's active items)."""
    bank_id = await session.scalar(select(ExamRow.bank_id).where(ExamRow.id == exam_id))
    if bank_id is None:
        raise AngoffExamNotFound(exam_id)
    rows = await session.scalars(
        select(ItemRow.external_id)
        .where(ItemRow.bank_id == bank_id, ItemRow.status == "active")
        .order_by(ItemRow.external_id)
    )
    return list(rows)


async def replace_ratings(
    session: AsyncSession, exam_id: UUID, ratings: Sequence[AngoffRating]
) -> None:
    """The given panelists' ratings replace whatever those panelists rated before."""
    panelists = sorted({rating.panelist_id for rating in ratings})
    await session.execute(
        delete(AngoffRatingRow).where(
            AngoffRatingRow.exam_id == exam_id, AngoffRatingRow.panelist_id.in_(panelists)
        )
    )
    if ratings:
        await session.execute(
            insert(AngoffRatingRow),
            [
                {
                    "exam_id": exam_id,
                    "panelist_id": rating.panelist_id,
                    "item_id": rating.item_id,
                    "rating": rating.rating,
                }
                for rating in ratings
            ],
        )


async def ratings(session: AsyncSession, exam_id: UUID) -> list[AngoffRating]:
    rows = await session.execute(
        select(AngoffRatingRow.panelist_id, AngoffRatingRow.item_id, AngoffRatingRow.rating)
        .where(AngoffRatingRow.exam_id == exam_id)
        .order_by(AngoffRatingRow.panelist_id, AngoffRatingRow.item_id)
    )
    return [
        AngoffRating(panelist_id=panelist, item_id=item, rating=float(rating))
        for panelist, item, rating in rows.all()
    ]


async def set_cut(session: AsyncSession, exam_id: UUID, cut_score: float) -> None:
    """Adopt a cut given as the fraction (0-1) exams store."""
    await session.execute(update(ExamRow).where(ExamRow.id == exam_id).values(cut_score=cut_score))
