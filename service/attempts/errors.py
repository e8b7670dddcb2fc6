"""Why a start, an answer or a submission was refused, with what the client needs next."""

from __future__ import annotations

from datetime import datetime
from http import HTTPStatus

from service.errors import ServiceError


class StartRefused(ServiceError):
    status = HTTPStatus.CONFLICT
    slug = "attempt-start-refused"
    title = "An attempt cannot start now"

    def __init__(self, message: str, *, reason: str, earliest_start: datetime | None) -> None:
        super().__init__(
            message,
            extra={
                "reason": reason,
                "earliestStart": earliest_start.isoformat() if earliest_start else None,
            },
        )


class AttemptClosed(ServiceError):
    status = HTTPStatus.CONFLICT
    slug = "attempt-closed"
    title = "The attempt no longer accepts answers"

    def __init__(self, message: str, *, status: str, deadline: datetime) -> None:
        super().__init__(message, extra={"attemptStatus": status, "deadline": deadline.isoformat()})
