"""The one read the click counter needs: which certification a public credential is of."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from service.credentials.errors import CredentialNotFound
from service.db.models import CredentialRow


async def certification_of(session: AsyncSession, public_id: str) -> UUID:
    found = await session.scalar(
        select(CredentialRow.certification_id).where(CredentialRow.public_id == public_id)
    )
    if found is None:
        raise CredentialNotFound(public_id)
    return found
