"""The one shape of a list: ``{items, total, limit, offset}``, windowed by limit and offset.

Every list route takes ``limit`` and ``offset`` query parameters (bounded: a client cannot
ask for a million rows or an offset past 32 bits) and answers a `Page` of its items with the
total before windowing, so a client pages the same way everywhere. The window is
advanced-alchemy's ``LimitOffset`` filter, applied to the query by `window`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Generic, TypeVar, TypeVarTuple

from advanced_alchemy.filters import LimitOffset
from litestar.params import QueryParameter
from sqlalchemy import Row, Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from service.path_params import Offset
from service.wire import WireModel

T = TypeVar("T")
Ts = TypeVarTuple("Ts")
MAX_LIMIT = 500
Limit = Annotated[int, QueryParameter(ge=1, le=MAX_LIMIT, description="at most this many")]

__all__ = ["Limit", "LimitOffset", "Offset", "Page", "page", "window"]


class Page(WireModel, Generic[T]):
    items: list[T]
    total: int
    limit: int
    offset: int


def page(items: Sequence[T], total: int, bounds: LimitOffset) -> Page[T]:
    return Page(items=list(items), total=total, limit=bounds.limit, offset=bounds.offset)


async def window(
    session: AsyncSession, statement: Select[*Ts], bounds: LimitOffset
) -> tuple[Sequence[Row[*Ts]], int]:
    """The rows of ``statement`` inside ``bounds``, and how many rows it has in all."""
    counted = select(func.count()).select_from(statement.order_by(None).subquery())
    total = await session.scalar(counted)
    rows = await session.execute(statement.limit(bounds.limit).offset(bounds.offset))
    return rows.all(), int(total or 0)
