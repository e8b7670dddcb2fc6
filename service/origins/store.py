"""Previous origins as values: the only place that touches ``issuer_origins`` rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from service.db.models import IssuerOriginRow
from service.pagination import LimitOffset, window


@dataclass(frozen=True)
class PreviousOrigin:
    origin: str
    moved_to: str
    retired_at: datetime


def _value(row: IssuerOriginRow) -> PreviousOrigin:
    return PreviousOrigin(row.origin, row.moved_to, row.retired_at)


async def previous_origins(session: AsyncSession) -> list[PreviousOrigin]:
    """Every recorded previous origin, oldest retirement first."""
    rows = await session.scalars(
        select(IssuerOriginRow).order_by(IssuerOriginRow.retired_at, IssuerOriginRow.origin)
    )
    return [_value(row) for row in rows.all()]


async def previous_origin_urls(session: AsyncSession) -> tuple[str, ...]:
    rows = await session.scalars(select(IssuerOriginRow.origin).order_by(IssuerOriginRow.origin))
    return tuple(rows.all())


async def record(session: AsyncSession, origin: str, moved_to: str, now: datetime) -> None:
    """Insert ``origin`` (a concurrent insert of the same origin wins; it says the same)."""
    existing = await session.scalar(
        select(IssuerOriginRow).where(IssuerOriginRow.origin == origin).with_for_update()
    )
    if existing is not None:
        existing.moved_to = moved_to
        return
    session.add(IssuerOriginRow(origin=origin, moved_to=moved_to, retired_at=now))
    await session.flush()


async def origins_page(
    session: AsyncSession, bounds: LimitOffset
) -> tuple[list[PreviousOrigin], int]:
    """One window of the previous origins, most recently retired first."""
    query = select(IssuerOriginRow).order_by(
        IssuerOriginRow.retired_at.desc(), IssuerOriginRow.origin
    )
    rows, total = await window(session, query, bounds)
    return [_value(row) for (row,) in rows], total
