"""The public reads, answered from the process's snapshot and read from the database on a miss.

Each function returns what the route sends; a miss opens one short transaction, loads as
before, and keeps the result in ``service.public.snapshot`` unless a change arrived while it
was loading. Nothing here decides HTTP headers (``service.public.caching`` does).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any, TypeVar

import msgspec
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from credentials import validity_phase
from credentials.status import needs_signing
from service.credentials.status_lists import list_signed_under, signed_list
from service.db.session import reading, transaction
from service.keys.store import PublishedKey, all_keys, key_by_id
from service.lru import Lru
from service.observe.metrics import PUBLIC_READS
from service.origins.store import previous_origin_urls
from service.public.shown import ShownVersion, load_version
from service.public.snapshot import Encoded, PublicSnapshot, SignedVersion
from service.settings import Settings

T = TypeVar("T")
FROM_MEMORY = PUBLIC_READS.labels("memory")
FROM_DATABASE = PUBLIC_READS.labels("database")


async def _through(
    snapshot: PublicSnapshot,
    cache: Lru[Any, Any],
    key: Any,
    engine: AsyncEngine,
    load: Callable[[AsyncSession], Awaitable[T]],
) -> T:
    if snapshot.usable:
        hit: T | None = cache.get(key)
        if hit is not None:
            FROM_MEMORY.inc()
            return hit
    FROM_DATABASE.inc()
    epoch = snapshot.epoch
    async with reading(engine) as session:  # never behind SQLite's writer (issuance, saves)
        value = await load(session)
    snapshot.keep(cache, key, value, epoch)
    return value


async def shown_version(
    snapshot: PublicSnapshot, engine: AsyncEngine, public_id: str, version: int | None
) -> ShownVersion:
    """The version a URL addresses (the current one unless ``version`` is given)."""
    if version is not None:
        return await _through(
            snapshot,
            snapshot.documents,
            ("version", public_id, version),
            engine,
            lambda session: load_version(session, public_id, version),
        )
    return await _through(
        snapshot,
        snapshot.current,
        public_id,
        engine,
        lambda session: load_version(session, public_id, None),
    )


def signed_bytes(snapshot: PublicSnapshot, shown: ShownVersion) -> SignedVersion:
    """The version's JSON-LD and VC-JWT, encoded once: a signed version never changes."""
    key = (shown.public_id, shown.version)
    hit = snapshot.signed.get(key)
    if hit is None:
        hit = snapshot.signed.put(
            key,
            SignedVersion(
                json=Encoded.of(msgspec.json.encode(shown.document)),
                jwt=Encoded.of(shown.vc_jwt.encode()),
            ),
        )
    return hit


def page_key(shown: ShownVersion, pinned: int | None, now: datetime) -> tuple[Any, ...]:
    """What a rendered page depends on beyond the snapshot: where ``now`` falls in time."""
    current = shown.credential.current
    return (
        shown.public_id,
        pinned,
        validity_phase(shown.valid_from, shown.valid_until, now),
        validity_phase(current.valid_from, current.valid_until, now),
    )


async def rendered_page(
    snapshot: PublicSnapshot,
    engine: AsyncEngine,
    key: tuple[Any, ...],
    render: Callable[[AsyncSession], Awaitable[str]],
) -> Encoded:
    async def load(session: AsyncSession) -> Encoded:
        return Encoded.of((await render(session)).encode())

    return await _through(snapshot, snapshot.pages, key, engine, load)


async def status_list(
    snapshot: PublicSnapshot,
    engine: AsyncEngine,
    settings: Settings,
    purpose: str,
    number: int,
    now: datetime,
    base: str | None = None,
) -> tuple[dict[str, Any], Encoded] | None:
    """The signed list; a copy due for re-signing is never served (the database re-signs).

    Under a previous origin ``base`` the list is signed afresh from the stored bits (see
    `list_signed_under`) and kept the same way, so a bit change drops both copies together.
    """
    previous = base is not None and base != settings.public_base_url
    key = ("status-list", base, purpose, number) if previous else ("status-list", purpose, number)
    if snapshot.usable:
        hit: tuple[dict[str, Any], Encoded] | None = snapshot.documents.get(key)
        if hit is not None and not needs_signing(hit[0], now):
            FROM_MEMORY.inc()
            return hit
    FROM_DATABASE.inc()
    epoch = snapshot.epoch
    async with transaction(engine) as session:
        if previous and base is not None:
            document = await list_signed_under(session, settings, base, purpose, number, now)
        else:
            document = await signed_list(session, settings, purpose, number, now)
    if document is None:
        return None
    value = (document, Encoded.of(msgspec.json.encode(document)))
    snapshot.keep(snapshot.documents, key, value, epoch)
    return value


async def previous_origins(snapshot: PublicSnapshot, engine: AsyncEngine) -> tuple[str, ...]:
    """The recorded previous origins (``accredo issuer move``); a move shows within the
    snapshot's freshness bound in every process."""
    return await _through(
        snapshot, snapshot.documents, ("previous-origins",), engine, previous_origin_urls
    )


async def published_keys(snapshot: PublicSnapshot, engine: AsyncEngine) -> list[PublishedKey]:
    return await _through(snapshot, snapshot.documents, ("keys",), engine, all_keys)


async def published_key(
    snapshot: PublicSnapshot, engine: AsyncEngine, key_id: str
) -> PublishedKey | None:
    """One key, or None (a miss is not kept: a key published later must appear)."""
    keys = await published_keys(snapshot, engine)
    for key in keys:
        if key.key_id == key_id:
            return key
    async with reading(engine) as session:
        return await key_by_id(session, key_id)
