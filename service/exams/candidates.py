"""The bank's active items as the form-assembly domain sees them."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from itembank import ItemContent
from itembank.blueprint import Blueprint, Candidate, check_feasibility
from service.bank.content_codec import content_from_json
from service.db.models import ItemRevisionRow, ItemRow
from service.errors import Problem
from service.exams.errors import BlueprintUnfillable


@dataclass(frozen=True)
class ActiveItem:
    candidate: Candidate
    content: ItemContent


async def active_items(session: AsyncSession, bank_id: UUID) -> list[ActiveItem]:
    rows = await session.execute(
        select(ItemRow.id, ItemRevisionRow.id, ItemRevisionRow.content)
        .join(
            ItemRevisionRow,
            (ItemRevisionRow.item_id == ItemRow.id)
            & (ItemRevisionRow.number == ItemRow.current_revision),
        )
        .where(ItemRow.bank_id == bank_id, ItemRow.status == "active")
        .order_by(ItemRow.external_id)
    )
    items = []
    for item_id, revision_id, stored in rows.all():
        content = content_from_json(stored)
        items.append(
            ActiveItem(
                candidate=Candidate(
                    revision_id=str(revision_id),
                    item_id=str(item_id),
                    domain=content.domain,
                    kind=content.kind,
                    item_set_id=content.item_set.id if content.item_set else None,
                    option_ids=tuple(option.id for option in content.options),
                ),
                content=content,
            )
        )
    return items


async def require_feasible(session: AsyncSession, bank_id: UUID, blueprint: Blueprint) -> None:
    """Refuse a blueprint the bank's active items cannot fill, naming what is short."""
    candidates = [item.candidate for item in await active_items(session, bank_id)]
    shortfalls = check_feasibility(blueprint, candidates)
    if shortfalls:
        raise BlueprintUnfillable(
            "the bank's active items cannot fill this blueprint",
            [
                Problem(
                    shortfall.message,
                    field="blueprint",
                    item=", ".join([*shortfall.domains, *shortfall.kinds]) or None,
                )
                for shortfall in shortfalls
            ],
            [
                {
                    "reason": shortfall.reason.value,
                    "domains": list(shortfall.domains),
                    "kinds": [kind.value for kind in shortfall.kinds],
                    "required": shortfall.required,
                    "available": shortfall.available,
                    "short": shortfall.required - shortfall.available,
                }
                for shortfall in shortfalls
            ],
        )
