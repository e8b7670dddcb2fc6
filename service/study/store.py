"""What a study plan reads: each delivered item's objective, and the bank's domain guides.

The attempt's form already holds each item's domain and item id; the objective is item state
(`items.objective`), read as it is now, so re-mapping an item's objective shows in later plans.
"""

from __future__ import annotations

from collections.abc import Iterable
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from itembank.study import DomainGuide
from service.bank.store import domain_guides
from service.db.models import ItemRow


async def objectives_of(session: AsyncSession, item_ids: Iterable[str]) -> dict[str, str | None]:
    """Each item's objective, by item id as the stored form writes it."""
    wanted = sorted({UUID(item_id) for item_id in item_ids})
    if not wanted:
        return {}
    rows = await session.execute(
        select(ItemRow.id, ItemRow.objective).where(ItemRow.id.in_(wanted))
    )
    return {str(item_id): objective for item_id, objective in rows.all()}


async def guides_for(
    session: AsyncSession, bank_id: UUID, domains: Iterable[str]
) -> dict[str, DomainGuide]:
    return await domain_guides(session, bank_id, domains)
