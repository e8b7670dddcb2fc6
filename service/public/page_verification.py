"""The verification result the public page shows, computed once per state, not once per view.

Verifying means RDF canonicalisation and a signature check, by far the most expensive part of
the page. The result depends only on the document (fixed per credential version), the
issuer's keys (rotation keeps old keys verifying), the credential's status, its status-list
bits, and where ``now`` falls in the validity period. So the cache key is exactly that:

- credential id, the version shown and the current version (a renewal changes the key);
- the recorded status and when it last changed (revoke / suspend / reinstate);
- each status list's ``signed_at`` for the credential's list number (every bit change
  re-signs the list in the same transaction);
- the validity phase (not yet valid / valid / expired) of the shown and current versions,
  so expiry shows the moment it happens, with no timer;
- the recorded previous origins (``accredo issuer move``): recording one makes what was
  issued under it verifiable here.

Everything in the key is read from the database on every view (one small query beyond the
credential itself), so a change made by any process shows at once in every process; the
cache only saves the cryptography. Entries are per process and bounded (LRU).
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from credentials import validity_phase
from service.credentials.verifying import ServiceReport, verify_payload
from service.lru import Lru
from service.origins.store import previous_origin_urls
from service.public.store import PublicCredential, PublicVersion, status_list_state
from service.settings import Settings

CACHE_ENTRIES = 4096

_cache: Lru[tuple[Any, ...], ServiceReport] = Lru(CACHE_ENTRIES)


async def page_report(
    session: AsyncSession,
    settings: Settings,
    credential: PublicCredential,
    shown: PublicVersion,
    now: datetime,
) -> ServiceReport:
    """The report for version ``shown`` of ``credential``."""
    current = credential.current
    previous = await previous_origin_urls(session)
    key = (
        credential.public_id,
        shown.version,
        current.version,
        credential.status,
        credential.status_changed_at,
        await status_list_state(session, credential.status_list_number),
        validity_phase(shown.valid_from, shown.valid_until, now),
        validity_phase(current.valid_from, current.valid_until, now),
        previous,
    )
    hit = _cache.get(key)
    if hit is not None:
        return hit
    document = json.dumps(shown.document)
    return _cache.put(key, await verify_payload(session, settings, document, now, previous))
