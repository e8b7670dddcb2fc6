"""The bank's active items of an exam's tiers, as the form-assembly domain sees them.

An item qualifies when it carries any of the exam's tiers; the tiers live in the item's
content (a JSON column), so the filter runs here, over the decoded content, the same on both
databases. Assembly and the feasibility check draw from the same list, so an exam that passes
the check can always be assembled from on-tier items only.

Every start reads this list, and decoding every active item's content on every start was
most of a start's time (a 400-item bank: 400 JSON documents per start). Revisions never
change, so each one is decoded once per process and kept (``_decoded``); a start reads only
which revisions are current and active (their ids, in order), and the contents of revisions
it has not seen. The list built from those ids for a set of tiers is kept too (``_lists``):
when a start reads the same ids as the last start of that bank and tiers, the list is the
same, and looking 400 revisions up and filtering them by tier again (about 1 ms) is skipped.

Reading the ids (400 rows joined and sorted) was itself a good part of a start. So each kept
list also carries the bank's ``items_version`` it was read under; every transaction that
writes the bank's items holds the bank row first and raises that version
(`service.bank.store.lock_for_item_writes`, `bump_items_version`),
and a start passes the version it read with the exam: the same version means the same ids,
and nothing is read (for up to ``VERSION_TRUSTED_SECONDS``, in case something wrote items
without raising the version). A list read after the version (in a later statement of the
transaction) is at least as new as the version, never older, so keeping it under that
version is safe.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from sqlalchemy import Uuid, bindparam, select, type_coerce
from sqlalchemy.ext.asyncio import AsyncSession

from itembank import ItemContent
from itembank.blueprint import Blueprint, Candidate, check_feasibility
from service.bank.content_codec import content_from_json
from service.db.models import ItemRevisionRow, ItemRow
from service.errors import Problem
from service.exams.errors import BlueprintUnfillable
from service.loop_gates import LoopGates
from service.lru import Lru


@dataclass(frozen=True)
class ActiveItem:
    candidate: Candidate
    content: ItemContent


MAX_DECODED_REVISIONS = 10_000
CONTENT_CHUNK = 1_000
"""Revisions per content query (well inside every driver's bound on parameters)."""

_decoded: Lru[UUID, ActiveItem] = Lru(MAX_DECODED_REVISIONS)
LISTS_KEPT = 256


VERSION_TRUSTED_SECONDS = 10.0
"""How long a kept list stands on its version alone before a start reads the ids again: a
bound on how stale a list can be after a write of items that did not raise the version (a
worker of a release before the version, SQL run by hand)."""


@dataclass(frozen=True, slots=True)
class _KeptList:
    items_version: int | None
    checked_at: float
    """`time.monotonic` when the ids were last read and found to be these."""
    revision_ids: tuple[UUID, ...]
    items: tuple[ActiveItem, ...]

    def trusted_for(self, items_version: int | None) -> bool:
        return (
            items_version is not None
            and self.items_version == items_version
            and time.monotonic() - self.checked_at < VERSION_TRUSTED_SECONDS
        )


_lists: Lru[tuple[UUID, frozenset[str]], _KeptList] = Lru(LISTS_KEPT)
_list_gates: LoopGates[UUID] = LoopGates()
"""One list built per bank at a time in an event loop: the starts of a launch that all find
the list missing (a new process, a changed bank) wait for the first one's instead of each
reading and decoding every item."""


_REVISIONS = ItemRevisionRow.__table__
_ITEMS = ItemRow.__table__
_ACTIVE_REVISION_IDS = (
    select(type_coerce(_REVISIONS.c.id, Uuid().with_variant(_REVISIONS.c.id.type, "sqlite")))
    .join(
        _ITEMS,
        (_REVISIONS.c.item_id == _ITEMS.c.id) & (_REVISIONS.c.number == _ITEMS.c.current_revision),
    )
    .where(_ITEMS.c.bank_id == bindparam("bank_id"), _ITEMS.c.status == "active")
    .order_by(_ITEMS.c.external_id)
)
"""The bank's current active revisions, in the order the list keeps them.

Every start reads all of them, and the ORM's row handling and the column type's conversion of
each value were most of this read's CPU. So it is a Core statement, built once, and on
PostgreSQL it reads as SQLAlchemy's own ``Uuid`` (the driver's UUIDs as they come); SQLite
keeps the column's type, which reads its 16 bytes."""


async def current_revision_ids(session: AsyncSession, bank_id: UUID) -> tuple[UUID, ...]:
    """The bank's current active revisions, in external-id order."""
    return tuple((await session.scalars(_ACTIVE_REVISION_IDS, {"bank_id": bank_id})).all())


async def active_items(
    session: AsyncSession,
    bank_id: UUID,
    tiers: Sequence[str],
    *,
    items_version: int | None = None,
) -> list[ActiveItem]:
    """The list for the bank's active items of ``tiers``; ``items_version``, the bank's
    `BankRow.items_version` as read in this transaction, lets a kept list for the same
    version stand without reading anything."""
    list_key = (bank_id, frozenset(tiers))
    kept = _lists.get(list_key)
    if kept is not None and kept.trusted_for(items_version):
        return list(kept.items)
    current = await current_revision_ids(session, bank_id)
    if kept is not None and kept.revision_ids == current:
        # the same ids stand for the newer of the two versions (None: a caller that read none)
        label = max((v for v in (items_version, kept.items_version) if v is not None), default=None)
        _lists.put(list_key, _KeptList(label, time.monotonic(), current, kept.items))
        return list(kept.items)
    async with _list_gates(bank_id):
        kept = _lists.get(list_key)
        if kept is not None and kept.revision_ids == current:
            return list(kept.items)
        items = await _build_list(session, current, tiers)
        _lists.put(list_key, _KeptList(items_version, time.monotonic(), current, items))
    return list(items)


async def _build_list(
    session: AsyncSession, current: tuple[UUID, ...], tiers: Sequence[str]
) -> tuple[ActiveItem, ...]:
    known = {revision_id: _decoded.get(revision_id) for revision_id in current}
    await _decode_missing(session, [r for r in current if known[r] is None], known)
    wanted = set(tiers)
    return tuple(
        item
        for item in (known[revision_id] for revision_id in current)
        if item is not None and not wanted.isdisjoint(tier.value for tier in item.content.tiers)
    )


async def _decode_missing(
    session: AsyncSession, missing: list[UUID], known: dict[UUID, ActiveItem | None]
) -> None:
    for start in range(0, len(missing), CONTENT_CHUNK):
        chunk = missing[start : start + CONTENT_CHUNK]
        rows = await session.execute(
            select(ItemRevisionRow.id, ItemRevisionRow.item_id, ItemRevisionRow.content).where(
                ItemRevisionRow.id.in_(chunk)
            )
        )
        for revision_id, item_id, stored in rows.all():
            known[revision_id] = _decoded.put(
                revision_id, _active_item(item_id, revision_id, stored)
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
