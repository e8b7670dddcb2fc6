"""Bearer tokens this process has already verified, so that a learner's sixty answer saves
check the token's signature and claims once instead of sixty times.

PyJWT's decode and our claim checks cost about a tenth of an answer save's CPU. A token is
a fixed string whose signature vouches for every claim in it; after a successful check the
only thing that can change about it is time. A token checked now is past its ``iat`` and
``nbf`` for good, so a kept token needs only its expiry re-checked: a hit after ``exp`` is
dropped and decoded again (and refused as expired, exactly as before). Only accepted tokens
are kept, keyed by the secret key too, so a rotated secret refuses every token signed
under the old one; nothing a caller sends without a valid signature enters the cache.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from service.auth.tokens import Principal, verify_token
from service.lru import Lru

TOKENS_KEPT = 10_000
"""About 1 kB each (the token, its principal): an exam day's learners fit many times."""


@dataclass(frozen=True, slots=True)
class _Verified:
    principal: Principal
    expires: int


_verified: Lru[tuple[str, str], _Verified] = Lru(TOKENS_KEPT)


def verified_principal(token: str, *, secret_key: str) -> Principal:
    """`verify_token`'s principal, or its `InvalidToken`; from the cache while unexpired."""
    key = (secret_key, token)
    kept = _verified.get(key)
    if kept is not None:
        if time.time() < kept.expires:
            return kept.principal
        _verified.pop(key)
    principal, expires = verify_token(token, secret_key=secret_key)
    _verified.put(key, _Verified(principal, expires))
    return principal
