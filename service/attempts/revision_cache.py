"""Item revision contents, cached in the process.

Revisions are immutable, so a cached content can never be stale; every answer save needs the
content of its item (to check the chosen options), and this turns that read into a lookup.
Bounded, least recently used first out.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from service.db.models import ItemRevisionRow
from service.lru import Lru

MAX_CACHED_REVISIONS = 20_000

_cache: Lru[str, dict[str, Any]] = Lru(MAX_CACHED_REVISIONS)


async def contents_of(
    session: AsyncSession, revision_ids: Iterable[str]
) -> dict[str, dict[str, Any]]:
    wanted = list(dict.fromkeys(revision_ids))
    found = {}
    missing = []
    for revision_id in wanted:
        content = _cache.get(revision_id)
        if content is None:
            missing.append(revision_id)
        else:
            found[revision_id] = content
    if missing:
        rows = await session.execute(
            select(ItemRevisionRow.id, ItemRevisionRow.content).where(
                ItemRevisionRow.id.in_([UUID(revision_id) for revision_id in missing])
            )
        )
        for revision_id, content in rows.all():
            key = str(revision_id)
            found[key] = _cache.put(key, content)
    return found
