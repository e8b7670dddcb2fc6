"""Credential states as stored, and as read at a moment (``expired`` is computed, never stored)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from credentials import has_expired


class CredentialStatus(StrEnum):
    ACTIVE = "active"
    SUSPENDED = "suspended"
    REVOKED = "revoked"
    EXPIRED = "expired"
    SUPERSEDED = "superseded"


STORED = (CredentialStatus.ACTIVE, CredentialStatus.SUSPENDED, CredentialStatus.REVOKED)


def effective_status(
    stored: CredentialStatus, valid_until: datetime | None, now: datetime
) -> CredentialStatus:
    """Revoked and suspended win; otherwise an active credential past validUntil is expired."""
    if stored is not CredentialStatus.ACTIVE:
        return stored
    if has_expired(valid_until, now):
        return CredentialStatus.EXPIRED
    return stored
