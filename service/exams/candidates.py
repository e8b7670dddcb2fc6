"""The bank's active items of an exam's tiers, as the form-assembly domain sees them.

An item qualifies when it carries any of the exam's tiers; the tiers live in the item's
content (a JSON column), so the filter runs here, over the decoded content, the same on both
databases. Assembly and the feasibility check draw from the same list, so an exam that passes
the check can always be assembled from on-tier items only.

Every start reads this list, and decoding every active item's content on every start was
most of a start's time (a 400-item bank: 400 JSON documents per start). Revisions never
change, so each one is decoded once per process and kept (``_decoded``); a start reads only
which revisions are current and active, and the contents of revisions it has not seen.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from itembank import ItemContent
from itembank.blueprint import Blueprint, Candidate, check_feasibility
from service.bank.content_codec import content_from_json
from service.db.models import ItemRevisionRow, ItemRow
from service.errors import Problem
from service.exams.errors import BlueprintUnfillable
from service.lru import Lru


@dataclass(frozen=True)
class ActiveItem:
    candidate: Candidate
    content: ItemContent


MAX_DECODED_REVISIONS = 10_000
CONTENT_CHUNK = 1_000
"""Revisions per content query (well inside every driver's bound on parameters)."""

_decoded: Lru[UUID, ActiveItem] = Lru(MAX_DECODED_REVISIONS)


async def active_items(
    session: AsyncSession, bank_id: UUID, tiers: Sequence[str]
) -> list[ActiveItem]:
    rows = await session.execute(
        select(ItemRow.id, ItemRevisionRow.id)
        .join(
            ItemRevisionRow,
            (ItemRevisionRow.item_id == ItemRow.id)
            & (ItemRevisionRow.number == ItemRow.current_revision),
        )
        .where(ItemRow.bank_id == bank_id, ItemRow.status == "active")
        .order_by(ItemRow.external_id)
    )
    current = [(item_id, revision_id) for item_id, revision_id in rows.all()]
    known = {revision_id: _decoded.get(revision_id) for _, revision_id in current}
    await _decode_missing(session, [(i, r) for i, r in current if known[r] is None], known)
    wanted = set(tiers)
    return [
        item
        for item in (known[revision_id] for _, revision_id in current)
        if item is not None and not wanted.isdisjoint(tier.value for tier in item.content.tiers)
    ]


async def _decode_missing(
    session: AsyncSession,
    missing: list[tuple[UUID, UUID]],
    known: dict[UUID, ActiveItem | None],
) -> None:
    item_of = {revision_id: item_id for item_id, revision_id in missing}
    revision_ids = list(item_of)
    for start in range(0, len(revision_ids), CONTENT_CHUNK):
        chunk = revision_ids[start : start + CONTENT_CHUNK]
        rows = await session.execute(
            select(ItemRevisionRow.id, ItemRevisionRow.content).where(ItemRevisionRow.id.in_(chunk))
        )
        for revision_id, stored in rows.all():
            known[revision_id] = _decoded.put(
                revision_id, _active_item(item_of[revision_id], revision_id, stored)
            )


def _active_item(item_id: UUID, revision_id: UUID, stored: dict[str, Any]) -> ActiveItem:
    content = content_from_json(stored)
    return ActiveItem(
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
