"""The bank's active items of an exam's tiers, as the form-assembly domain sees them.

An item qualifies when it carries any of the exam's tiers; the tiers live in the item's
content (a JSON column), so the filter runs here, over the decoded content, the same on both
databases. Assembly and the feasibility check draw from the same list, so an exam that passes
the check can always be assembled from on-tier items only.
"""

from __future__ import annotations

from collections.abc import Sequence
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


async def active_items(
    session: AsyncSession, bank_id: UUID, tiers: Sequence[str]
) -> list[ActiveItem]:
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
    wanted = set(tiers)
    for item_id, revision_id, stored in rows.all():
        content = content_from_json(stored)
        if not wanted.intersection(tier.value for tier in content.tiers):
            continue
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


async def require_feasible(
    session: AsyncSession, bank_id: UUID, blueprint: Blueprint, tiers: Sequence[str]
) -> None:
    """Refuse a blueprint the bank's active items of ``tiers`` cannot fill, naming what is
    short and the tier."""
    candidates = [item.candidate for item in await active_items(session, bank_id, tiers)]
    shortfalls = check_feasibility(blueprint, candidates)
    if shortfalls:
        tier_text = " or ".join(tiers)
        raise BlueprintUnfillable(
            f"the bank's active {tier_text} items cannot fill this blueprint",
            [
                Problem(
                    f"{shortfall.message} (counting only active items of tier {tier_text})",
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
                    "tiers": list(tiers),
                }
                for shortfall in shortfalls
            ],
        )
