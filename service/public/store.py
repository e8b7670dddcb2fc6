"""What the public pages load that is not a credential: a certification for its badge."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from service.credentials.errors import CertificationGone
from service.db.models import CertificationRow


async def badge_certification(session: AsyncSession, certification_id: UUID) -> CertificationRow:
    """The certification whose badge is drawn (its stored image, or a generated one)."""
    row = await session.get(CertificationRow, certification_id)
    if row is None:
        raise CertificationGone(certification_id)
    return row
