"""Status lists: slot allocation, bit changes, and the signed list credential.

Decision on purposes. The official AchievementCredential JSON Schema allows exactly one
``credentialStatus`` object, so a credential can point at one list only. It points at the
**revocation** list: revocation is what every third-party verifier must see (Digital Bazaar's and
the DCC's verifiers report the purpose they find, and the 1EdTech validator checks only purpose
``revocation``), and a revocation bit is never cleared, as the spec asks. The price: **third-party
verifiers do not see suspension.** A **suspension** list with the same numbers and indexes is kept
and published too; our own page, ``POST /verify`` and ``accredo verify`` read both lists (see
`credentials.status.paired_entries`) and the database, so they say "suspended" or "revoked".

Bits: revoking sets the revocation bit *and* the suspension bit (never cleared); suspending sets
the suspension bit only; reinstating clears the suspension bit only. Setting the suspension bit on
revocation keeps credentials issued before this decision (they point at the suspension list) shown
as not valid by third parties when revoked.

Indexes are drawn at random so a position does not reveal the order of issuance. Bits change
in the transaction that changes the credential's status, and the list credential is re-signed
there too, so what is served is always current.

Freshness (the list's ttl and ``validUntil``, when it must be re-signed, how long HTTP caches
may keep it) is a rule of the core: `credentials.status` (``freshness``). This module applies
it with the service's clock: a list is re-signed on demand when it is served.

Previous origins (``accredo issuer move``): credentials issued under an old base name the list
by its old URL and expect the old issuer id, so `list_signed_under` signs the same bits as that
list credential on demand (never stored: the stored copy is the current origin's). The public
snapshot keeps it like the current copy and drops it on every bit change, so both show a
change within the same bound.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from credentials.proofs import add_eddsa_rdfc_2022_proof
from credentials.status import (
    MIN_STATUS_LIST_SIZE,
    STATUS_LIST_TTL,
    STATUS_PURPOSES,
    StatusBitstring,
    StatusList,
    StatusListEntry,
    StatusPurpose,
    allocate_indexes,
    build_status_list_credential,
    fresh_list_valid_until,
    needs_signing,
)
from service.credentials.slot_reservations import held_in, hold
from service.db.models import CredentialRow, StatusListRow
from service.keys.services import SigningKey, active_signing_key
from service.keys.urls import issuer_id, key_url
from service.lru import Lru
from service.settings import Settings

LIST_SIZE = MIN_STATUS_LIST_SIZE
CREDENTIAL_PURPOSE: StatusPurpose = "revocation"
FILL_LIMIT = 0.5
"""Move to the next list number at half full, so random draws stay cheap and positions vague."""

_rng = random.SystemRandom()
_signed_under: Lru[tuple[str, str, int, bytes, str], dict[str, Any]] = Lru(64)
"""Lists signed for previous origins, by their bits and signing key: while both are unchanged
and the copy is fresh it is served again (stable bytes and ETag, no re-signing on unrelated
public changes); a bit change is a new key, so it is never served stale."""


def list_url(settings: Settings, purpose: str, number: int, base: str | None = None) -> str:
    return settings.absolute_url(f"/status-lists/{purpose}/{number}", base=base)


def parse_list_url(settings: Settings, url: str, base: str | None = None) -> tuple[str, int] | None:
    """``(purpose, number)`` of one of our list URLs (under ``base``), or None."""
    prefix = settings.absolute_url("/status-lists/", base=base)
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


async def allocate_slots(session: AsyncSession, count: int) -> list[tuple[int, int]]:
    """``count`` free (list number, index) pairs, filling lists in order up to `FILL_LIMIT`.

    One read of a list's used indexes serves a whole batch. Slots drawn by this process's
    rounds that have not committed are left out (`service.credentials.slot_reservations`);
    the unique constraint on credentials catches another process that drew the same slot.
    """
    slots: list[tuple[int, int]] = []
    capacity = int(LIST_SIZE * FILL_LIMIT)
    database = session.get_bind().engine.url.render_as_string(hide_password=True)
    number = 1
    while len(slots) < count:
        filled = await session.scalar(
            select(func.count()).where(CredentialRow.status_list_number == number)
        )
        if int(filled or 0) < capacity:
            await _ensure_lists(session, number)
            stored = await session.scalars(
                select(CredentialRow.status_index).where(CredentialRow.status_list_number == number)
            )
            # No await from here to `hold`: another round of this process draws either
            # before (and is in `held_in`) or after (and sees these held).
            used = set(stored.all()) | held_in(database, number)
            take = min(capacity - len(used), count - len(slots))
            if take > 0:
                drawn = allocate_indexes(used, LIST_SIZE, take, _rng)
                hold(database, [(number, index) for index in drawn])
                slots.extend((number, index) for index in drawn)
        number += 1
    return slots


async def _list_row(
    session: AsyncSession, purpose: str, number: int, *, for_update: bool = False
) -> StatusListRow | None:
    query = select(StatusListRow).where(
        StatusListRow.purpose == purpose, StatusListRow.number == number
    )
    if for_update:
        query = query.with_for_update().execution_options(populate_existing=True)
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
    base: str | None = None,
) -> dict[str, Any]:
    key = await active_signing_key(session, settings, "Ed25519")
    return _signed(settings, row, bitstring, now, key, base)


def _signed(
    settings: Settings,
    row: StatusListRow,
    bitstring: StatusBitstring,
    now: datetime,
    key: SigningKey,
    base: str | None,
) -> dict[str, Any]:
    unsigned = build_status_list_credential(
        list_credential_url=list_url(settings, row.purpose, row.number, base),
        issuer=issuer_id(settings, base),
        purpose=_purpose(row.purpose),
        bitstring=bitstring,
        valid_from=now,
        valid_until=fresh_list_valid_until(now),
        ttl=STATUS_LIST_TTL,
    )
    method = key_url(settings, key.key_id, base)
    return add_eddsa_rdfc_2022_proof(unsigned, key.ed25519(), method, now)


async def signed_list(
    session: AsyncSession, settings: Settings, purpose: str, number: int, now: datetime
) -> dict[str, Any] | None:
    """The signed list credential, re-signed first when it is (nearly) out of date.

    Re-signing locks the row and re-reads its bits, so it can never overwrite a newer bit
    change with a stale copy; two processes re-signing at once both produce valid lists.
    """
    if purpose not in STATUS_PURPOSES:
        return None
    row = await _list_row(session, purpose, number)
    if row is None:
        return None
    if needs_signing(row.signed_document, now):
        row = await _list_row(session, purpose, number, for_update=True)
        if row is None:
            return None
        if needs_signing(row.signed_document, now):
            row.signed_document = await _sign(
                session, settings, row, StatusBitstring.from_bytes(bytes(row.bits)), now
            )
            row.signed_at = now
    return dict(row.signed_document) if row.signed_document is not None else None


async def list_signed_under(
    session: AsyncSession, settings: Settings, base: str, purpose: str, number: int, now: datetime
) -> dict[str, Any] | None:
    """The list as a previous origin publishes it: its current bits, signed now under ``base``
    (list id, issuer id and key URL), fresh for the same ttl as the stored copy."""
    if purpose not in STATUS_PURPOSES:
        return None
    row = await _list_row(session, purpose, number)
    if row is None:
        return None
    bits = bytes(row.bits)
    signing = await active_signing_key(session, settings, "Ed25519")
    digest = hashlib.blake2b(bits, digest_size=16).digest()
    key = (base, purpose, number, digest, signing.key_id)
    kept = _signed_under.get(key)
    if kept is not None and not needs_signing(kept, now):
        return kept
    bitstring = StatusBitstring.from_bytes(bits)
    return _signed_under.put(key, _signed(settings, row, bitstring, now, signing, base))


async def trusted_lists(
    session: AsyncSession, settings: Settings, numbers: Iterable[int], base: str | None = None
) -> dict[str, StatusList]:
    """Our own lists by URL under ``base``, straight from the database (no signature check
    needed)."""
    wanted = set(numbers)
    if not wanted:
        return {}
    rows = await session.scalars(select(StatusListRow).where(StatusListRow.number.in_(wanted)))
    lists: dict[str, StatusList] = {}
    for row in rows.all():
        url = list_url(settings, row.purpose, row.number, base)
        lists[url] = StatusList(
            url=url,
            purpose=_purpose(row.purpose),
            bitstring=StatusBitstring.from_bytes(bytes(row.bits)),
            issuer=issuer_id(settings, base),
        )
    return lists


def _purpose(value: str) -> StatusPurpose:
    return "revocation" if value == "revocation" else "suspension"
