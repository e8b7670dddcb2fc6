"""What a credential document is built from, as plain values rather than database rows.

Building a document needs a few facts about the certification, whether (and against which cut
score) the exam shows a result, and who passed with what percentage. Keeping these as frozen
dataclasses lets the public achievement page, which has no attempt and may have no exam, build
the same achievement as issuance does without inventing rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from service.credentials.states import CredentialStatus


@dataclass(frozen=True)
class Certification:
    """The certification as a credential describes it."""

    id: UUID
    name: str
    description: str
    criteria: str
    tier: str
    validity_days: int | None


@dataclass(frozen=True)
class ResultShown:
    """The exam shows the score in the credential, measured against this cut score (percent)."""

    cut_score: float


@dataclass(frozen=True)
class Award:
    """The passing attempt a credential version is issued for."""

    attempt_id: UUID
    learner_id: str
    learner_name: str | None
    learner_email: str | None
    percent: float | None


@dataclass(frozen=True)
class CredentialRecord:
    """An issued credential's current version as lists and admin views show it."""

    public_id: str
    learner_id: str
    certification: str
    tier: str
    holder_name: str
    status: CredentialStatus
    status_reason: str | None
    awarded_date: datetime
    valid_from: datetime
    valid_until: datetime | None
    version: int
