"""Why a start, an answer or a submission was refused, with what the client needs next."""

from __future__ import annotations

from datetime import datetime

from service.errors import ServiceError


class StartRefused(ServiceError):
    """No attempt may start now: ``reason`` says why, ``earliest_start`` when one may."""

    def __init__(self, message: str, *, reason: str, earliest_start: datetime | None) -> None:
        super().__init__(
            message,
            extra={
                "reason": reason,
                "earliestStart": earliest_start.isoformat() if earliest_start else None,
            },
        )


class AttemptClosed(ServiceError):
    """The attempt is submitted or past its deadline; carries its status and deadline."""

    def __init__(self, message: str, *, status: str, deadline: datetime) -> None:
        super().__init__(message, extra={"attemptStatus": status, "deadline": deadline.isoformat()})
