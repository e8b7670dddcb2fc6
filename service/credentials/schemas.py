from __future__ import annotations

from datetime import datetime

from service.wire import WireModel


class CredentialSummary(WireModel):
    id: str
    url: str
    certification: str
    tier: str
    holder_name: str
    status: str
    status_reason: str | None
    awarded_date: datetime
    valid_from: datetime
    valid_until: datetime | None
    version: int


class RevokeRequest(WireModel):
    reason: str


class SuspendRequest(WireModel):
    reason: str


class BulkRevokeRequest(WireModel):
    ids: list[str]
    reason: str


class BulkRevokeResult(WireModel):
    revoked: list[str]
    already_revoked: list[str]
