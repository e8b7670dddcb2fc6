"""Published issuer keys as values: what documents and verification need, never the secret."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from service.db.models import SigningKeyRow
from service.keys.states import KeyState


@dataclass(frozen=True)
class PublishedKey:
    """The public half of an issuer key: retired keys stay published so old proofs verify."""

    key_id: str
    algorithm: str
    public_key: str
    state: KeyState


def _published(row: SigningKeyRow) -> PublishedKey:
    return PublishedKey(row.key_id, row.algorithm, row.public_key, row.state)


async def key_by_id(session: AsyncSession, key_id: str) -> PublishedKey | None:
    row = await session.scalar(select(SigningKeyRow).where(SigningKeyRow.key_id == key_id))
    return _published(row) if row is not None else None


async def all_keys(session: AsyncSession) -> list[PublishedKey]:
    rows = await session.scalars(select(SigningKeyRow).order_by(SigningKeyRow.created_at))
    return [_published(row) for row in rows.all()]
