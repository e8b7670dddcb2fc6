"""Wire shapes of the issuance-failure routes (admins)."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from service.credentials.outbox import Outcome
from service.wire import WireModel


class IssuanceFailure(WireModel):
    id: UUID
    learner_id: str
    learner_name: str | None
    attempt_id: UUID
    certification_id: UUID
    certification: str
    error: str | None
    failures: int
    owed_since: datetime
    last_failed_at: datetime | None
    next_retry_at: datetime | None


class IssuanceRetry(WireModel):
    """``issued`` false: it failed again; ``failure`` then holds the new error and retry time."""

    issued: bool
    outcome: Outcome
    credential_id: str | None
    failure: IssuanceFailure | None
