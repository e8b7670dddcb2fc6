"""How long a signed status list stays usable, and when the issuer must sign it again.

Bitstring Status List v1.0: ``ttl`` is how long a verifier may cache the list before fetching
it again; ``validUntil`` is when the list credential itself stops being valid, and the ttl
should be shorter than that validity. The numbers:

- ``ttl`` = `STATUS_LIST_TTL` (5 minutes), and HTTP ``Cache-Control: max-age`` says the same
  (`cache_seconds`), so a revocation reaches every verifier that honours either within five
  minutes;
- ``validUntil`` = signing time + `STATUS_LIST_VALIDITY` (1 hour): a copy kept by a verifier
  that ignores the ttl (or cannot reach the issuer) goes out of date after an hour at most;
- a list whose remaining validity is under ttl + `STATUS_LIST_RESIGN_SKEW` must be signed again
  before it is served (`needs_signing`), so every copy served stays valid for its whole cache
  lifetime even on a verifier whose clock runs five minutes ahead. An unchanged list is
  therefore re-signed about once an hour, on demand.

The issuer's clock is an argument: the service passes its own.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from credentials.datetimes import InvalidDateTimeError, parse_datetime

STATUS_LIST_TTL = timedelta(minutes=5)
STATUS_LIST_VALIDITY = timedelta(hours=1)
STATUS_LIST_RESIGN_SKEW = timedelta(minutes=5)


def list_valid_until(document: Mapping[str, Any]) -> datetime | None:
    """The list credential's ``validUntil``; None when it has none or it cannot be read."""
    try:
        return parse_datetime(document["validUntil"]) if "validUntil" in document else None
    except InvalidDateTimeError:
        return None


def fresh_list_valid_until(signed_at: datetime) -> datetime:
    """The ``validUntil`` to write into a list credential signed at ``signed_at``."""
    return signed_at + STATUS_LIST_VALIDITY


def needs_signing(document: Mapping[str, Any] | None, now: datetime) -> bool:
    """Whether a list (None: never signed) must be signed again before it is served at ``now``.

    A list without a readable ``validUntil`` is re-signed too: every list this core builds
    carries one, so its absence means an old or damaged copy.
    """
    if document is None:
        return True
    valid_until = list_valid_until(document)
    return valid_until is None or now + STATUS_LIST_TTL + STATUS_LIST_RESIGN_SKEW >= valid_until


def cache_seconds(document: Mapping[str, Any], now: datetime) -> int:
    """``max-age`` for a served list: its ttl, never past its ``validUntil``, never negative."""
    valid_until = list_valid_until(document)
    seconds = STATUS_LIST_TTL.total_seconds()
    if valid_until is not None:
        seconds = min(seconds, (valid_until - now).total_seconds())
    return max(0, int(seconds))
