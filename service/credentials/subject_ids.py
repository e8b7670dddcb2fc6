"""Subject ids: the holder's own DID when they registered one, else an opaque stable URN.

The URN is an RFC 9562 version 8 UUID made from HMAC-SHA256(secret, learner id): stable across
credentials (a wallet can group them) but revealing nothing about the internal learner id.
The DID is read at issuance time, so registering or withdrawing one changes the credentials
issued (or renewed) afterwards and never re-signs those already issued.
"""

from __future__ import annotations

import hashlib
import hmac
import uuid
from collections.abc import Collection

from sqlalchemy.ext.asyncio import AsyncSession

from service.holders.services import holder_dids

_LABEL = b"accredo-credential-subject-v1:"


def subject_urn(secret_key: str, learner_id: str) -> str:
    digest = bytearray(
        hmac.new(secret_key.encode(), _LABEL + learner_id.encode(), hashlib.sha256).digest()[:16]
    )
    digest[6] = (digest[6] & 0x0F) | 0x80
    digest[8] = (digest[8] & 0x3F) | 0x80
    return uuid.UUID(bytes=bytes(digest)).urn


async def subject_ids(
    session: AsyncSession, secret_key: str, learner_ids: Collection[str]
) -> dict[str, str]:
    """The ``credentialSubject.id`` of a credential issued now to each of ``learner_ids``."""
    dids = await holder_dids(session, learner_ids)
    return {
        learner_id: dids.get(learner_id) or subject_urn(secret_key, learner_id)
        for learner_id in learner_ids
    }
