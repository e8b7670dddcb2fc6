"""Key use cases: make sure an active key of each algorithm exists, load it, rotate.

Several processes may start at once against one database. Each tries to insert the missing
key; the unique ``active_slot`` lets exactly one insert win and the others carry on with the
winner's key, so the database arbitrates and no lock or leader election is needed.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from cryptography.hazmat.primitives.asymmetric.ec import EllipticCurvePrivateKey
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from credentials.keys import KeyResolver, ResolvedKey, resolver_from_keys
from service.db.models import SigningKeyRow
from service.keys.encryption import decrypt_private_key, encrypt_private_key
from service.keys.errors import SigningKeyMissing
from service.keys.material import (
    ALGORITHMS,
    Algorithm,
    PrivateKey,
    generate_key,
    load_private_key,
    load_public_key,
)
from service.keys.states import KeyState
from service.keys.store import PublishedKey, all_keys
from service.keys.urls import issuer_id, key_url
from service.settings import Settings

ACTIVE = KeyState.ACTIVE
RETIRED = KeyState.RETIRED


@dataclass(frozen=True)
class SigningKey:
    key_id: str
    url: str
    algorithm: str
    private_key: PrivateKey

    def ed25519(self) -> Ed25519PrivateKey:
        if not isinstance(self.private_key, Ed25519PrivateKey):
            raise SigningKeyMissing("Ed25519", f"{self.key_id} is not an Ed25519 key")
        return self.private_key

    def p256(self) -> EllipticCurvePrivateKey:
        if not isinstance(self.private_key, EllipticCurvePrivateKey):
            raise SigningKeyMissing("P-256", f"{self.key_id} is not a P-256 key")
        return self.private_key


def _new_row(settings: Settings, algorithm: Algorithm) -> SigningKeyRow:
    prefix = "ed25519" if algorithm == "Ed25519" else "p256"
    key_id = f"{prefix}-{secrets.token_urlsafe(12)}"
    generated = generate_key(algorithm)
    return SigningKeyRow(
        key_id=key_id,
        algorithm=algorithm,
        public_key=generated.public_key,
        private_key_encrypted=encrypt_private_key(
            settings.secret_key, key_id, generated.private_bytes
        ),
        state=ACTIVE,
        active_slot=algorithm,
    )


async def _active_algorithms(session: AsyncSession) -> set[str]:
    rows = await session.scalars(
        select(SigningKeyRow.algorithm).where(SigningKeyRow.state == ACTIVE)
    )
    return set(rows.all())


async def ensure_signing_keys(session: AsyncSession, settings: Settings) -> int:
    """Create the missing active keys; returns how many this call created."""
    created = 0
    for algorithm in ALGORITHMS:
        if algorithm in await _active_algorithms(session):
            continue
        try:
            async with session.begin_nested():
                session.add(_new_row(settings, algorithm))
            created += 1
        except IntegrityError:
            continue
    return created


async def rotate_keys(session: AsyncSession, settings: Settings, now: datetime) -> list[str]:
    """Retire the active keys (for signing only) and create new ones; returns the new key ids."""
    active = (
        await session.scalars(select(SigningKeyRow).where(SigningKeyRow.state == ACTIVE))
    ).all()
    for row in active:
        row.state = RETIRED
        row.active_slot = None
        row.retired_at = now
    await session.flush()
    fresh = [_new_row(settings, algorithm) for algorithm in ALGORITHMS]
    session.add_all(fresh)
    await session.flush()
    return [row.key_id for row in fresh]


@lru_cache(maxsize=64)
def _decrypted(secret_key: str, key_id: str, algorithm: str, encrypted: bytes) -> PrivateKey:
    return load_private_key(algorithm, decrypt_private_key(secret_key, key_id, encrypted))


async def active_signing_key(
    session: AsyncSession, settings: Settings, algorithm: Algorithm
) -> SigningKey:
    row = await session.scalar(select(SigningKeyRow).where(SigningKeyRow.active_slot == algorithm))
    if row is None:
        await ensure_signing_keys(session, settings)
        row = await session.scalar(
            select(SigningKeyRow).where(SigningKeyRow.active_slot == algorithm)
        )
    if row is None:
        raise SigningKeyMissing(algorithm)
    private_key = _decrypted(
        settings.secret_key, row.key_id, row.algorithm, bytes(row.private_key_encrypted)
    )
    return SigningKey(row.key_id, key_url(settings, row.key_id), row.algorithm, private_key)


def resolved_key(settings: Settings, row: PublishedKey, base: str | None = None) -> ResolvedKey:
    return ResolvedKey(
        verification_method=key_url(settings, row.key_id, base),
        controller=issuer_id(settings, base),
        public_key=load_public_key(row.algorithm, row.public_key),
    )


async def database_key_resolver(
    session: AsyncSession, settings: Settings, base: str | None = None
) -> KeyResolver:
    """Every key this issuer ever published (retired ones still verify what they signed), at
    their URLs under ``base`` (default: the current public base URL)."""
    keys = await all_keys(session)
    return resolver_from_keys(resolved_key(settings, row, base) for row in keys)
