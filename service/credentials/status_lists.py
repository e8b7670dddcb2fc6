"""Status lists: slot allocation, bit changes, and the signed list credential.

Decision on purposes. The official AchievementCredential JSON Schema allows exactly one
``credentialStatus`` object, so a credential can point at one list only. It points at a
**suspension** list: that purpose is reversible (so reinstating is honest), and a revoked
credential sets the same bit and never clears it, so every third-party verifier rejects a
revoked *or* suspended credential. Pointing at a revocation list instead would leave
suspended credentials looking valid to everyone but us, and clearing a revocation bit on
reinstatement would break the spec's "revocation is not reversible". A **revocation** list
with the same numbers and indexes is also kept and published: its bits are set only by
revocation and never cleared, for anyone who needs to tell permanent from temporary; our
own verification reads both (the database knows each credential's index).

Indexes are drawn at random so a position does not reveal the order of issuance. Bits change
in the transaction that changes the credential's status, and the list credential is re-signed
there too, so what is served is always current.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from credentials.data_integrity import add_eddsa_rdfc_2022_proof
from credentials.status_bitstring import MIN_STATUS_LIST_SIZE, StatusBitstring, allocate_index
from credentials.status_list import (
    STATUS_PURPOSES,
    StatusList,
    StatusListEntry,
    StatusPurpose,
    build_status_list_credential,
)
from service.db.models import CredentialRow, StatusListRow
from service.keys.services import active_signing_key
from service.keys.urls import issuer_id
from service.settings import Settings

LIST_SIZE = MIN_STATUS_LIST_SIZE
CREDENTIAL_PURPOSE: StatusPurpose = "suspension"
TTL = timedelta(minutes=5)
FILL_LIMIT = 0.5
"""Move to the next list number at half full, so random draws stay cheap and positions vague."""

_rng = random.SystemRandom()


def list_url(settings: Settings, purpose: str, number: int) -> str:
    return settings.absolute_url(f"/status-lists/{purpose}/{number}")


def parse_list_url(settings: Settings, url: str) -> tuple[str, int] | None:
    """``(purpose, number)`` of one of our list URLs, or None."""
    prefix = settings.absolute_url("/status-lists/")
    if not url.startswith(prefix):
        return None
    purpose, _, number = url[len(prefix) :].partition("/")
    if purpose not in STATUS_PURPOSES or not number.isdigit():
        return None
    return purpose, int(number)


def credential_entry(settings: Settings, number: int, index: int) -> StatusListEntry:
    return StatusListEntry(
        list_url(settings, CREDENTIAL_PURPOSE, number), index, CREDENTIAL_PURPOSE
    )


async def _ensure_lists(session: AsyncSession, number: int) -> None:
    for purpose in STATUS_PURPOSES:
        exists = await session.scalar(
            select(StatusListRow.id).where(
                StatusListRow.purpose == purpose, StatusListRow.number == number
            )
        )
        if exists is not None:
            continue
        try:
            async with session.begin_nested():
                session.add(
                    StatusListRow(
                        purpose=purpose,
                        number=number,
                        size=LIST_SIZE,
                        bits=bytes(LIST_SIZE // 8),
                    )
                )
        except IntegrityError:
            continue


async def allocate_slot(session: AsyncSession) -> tuple[int, int]:
    """A free (list number, index); the unique constraint on credentials catches races."""
    number = 1
    while True:
        used = set(
            (
                await session.scalars(
                    select(CredentialRow.status_index).where(
                        CredentialRow.status_list_number == number
                    )
                )
            ).all()
        )
        if len(used) < LIST_SIZE * FILL_LIMIT:
            await _ensure_lists(session, number)
            return number, allocate_index(used, LIST_SIZE, _rng)
        number += 1


async def _list_row(
    session: AsyncSession, purpose: str, number: int, *, for_update: bool = False
) -> StatusListRow | None:
    query = select(StatusListRow).where(
        StatusListRow.purpose == purpose, StatusListRow.number == number
    )
    if for_update:
        query = query.with_for_update()
    return await session.scalar(query)


async def set_bits(
    session: AsyncSession,
    settings: Settings,
    *,
    number: int,
    index: int,
    purposes: Iterable[StatusPurpose],
    value: bool,
    now: datetime,
) -> None:
    """Set or clear one index in the given lists and re-sign the lists that changed."""
    for purpose in purposes:
        row = await _list_row(session, purpose, number, for_update=True)
        if row is None:
            raise LookupError(f"status list {purpose}/{number} does not exist")
        bitstring = StatusBitstring.from_bytes(bytes(row.bits))
        if bitstring.get(index) == value:
            continue
        bitstring.set(index, value)
        row.bits = bitstring.to_bytes()
        row.signed_document = await _sign(session, settings, row, bitstring, now)
        row.signed_at = now


async def _sign(
    session: AsyncSession,
    settings: Settings,
    row: StatusListRow,
    bitstring: StatusBitstring,
    now: datetime,
) -> dict[str, Any]:
    key = await active_signing_key(session, settings, "Ed25519")
    unsigned = build_status_list_credential(
        list_credential_url=list_url(settings, row.purpose, row.number),
        issuer=issuer_id(settings),
        purpose=_purpose(row.purpose),
        bitstring=bitstring,
        valid_from=now,
        ttl=TTL,
    )
    return add_eddsa_rdfc_2022_proof(unsigned, key.ed25519(), key.url, now)


async def signed_list(
    session: AsyncSession, settings: Settings, purpose: str, number: int, now: datetime
) -> dict[str, Any] | None:
    """The signed list credential (signed now if it never was), or None if unknown."""
    if purpose not in STATUS_PURPOSES:
        return None
    row = await _list_row(session, purpose, number)
    if row is None:
        return None
    if row.signed_document is None:
        row.signed_document = await _sign(
            session, settings, row, StatusBitstring.from_bytes(bytes(row.bits)), now
        )
        row.signed_at = now
    return dict(row.signed_document)


async def trusted_lists(
    session: AsyncSession, settings: Settings, numbers: Iterable[int]
) -> dict[str, StatusList]:
    """Our own lists by URL, straight from the database (no signature check needed)."""
    wanted = set(numbers)
    if not wanted:
        return {}
    rows = await session.scalars(select(StatusListRow).where(StatusListRow.number.in_(wanted)))
    lists: dict[str, StatusList] = {}
    for row in rows.all():
        url = list_url(settings, row.purpose, row.number)
        lists[url] = StatusList(
            url=url,
            purpose=_purpose(row.purpose),
            bitstring=StatusBitstring.from_bytes(bytes(row.bits)),
            issuer=issuer_id(settings),
        )
    return lists


def _purpose(value: str) -> StatusPurpose:
    return "revocation" if value == "revocation" else "suspension"
