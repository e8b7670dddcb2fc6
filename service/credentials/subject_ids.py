"""Opaque, stable subject ids: the same learner always gets the same URN, nobody can reverse it.

The id is an RFC 9562 version 8 UUID made from HMAC-SHA256(secret, learner id): stable across
credentials (a wallet can group them) but revealing nothing about the internal learner id.
"""

from __future__ import annotations

import hashlib
import hmac
import uuid

_LABEL = b"accredo-credential-subject-v1:"


def subject_urn(secret_key: str, learner_id: str) -> str:
    digest = bytearray(
        hmac.new(secret_key.encode(), _LABEL + learner_id.encode(), hashlib.sha256).digest()[:16]
    )
    digest[6] = (digest[6] & 0x0F) | 0x80
    digest[8] = (digest[8] & 0x3F) | 0x80
    return uuid.UUID(bytes=bytes(digest)).urn
