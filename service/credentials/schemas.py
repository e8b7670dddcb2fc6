from __future__ import annotations

from datetime import datetime
from typing import Annotated

from msgspec import Meta

from service.wire import MAX_COUNT, PUBLIC_ID_LENGTH, LongText, WireModel

PublicId = Annotated[str, Meta(max_length=PUBLIC_ID_LENGTH)]


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
    reason: LongText


class SuspendRequest(WireModel):
    reason: LongText


class BulkRevokeRequest(WireModel):
    ids: Annotated[list[PublicId], Meta(max_length=MAX_COUNT)]
    reason: LongText


class BulkRevokeResult(WireModel):
    revoked: list[str]
    already_revoked: list[str]
