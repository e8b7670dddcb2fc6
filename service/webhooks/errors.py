"""Why a webhook request failed, named by meaning and carrying its data."""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from service.errors import Invalid, NotFound, Problem


class EndpointNotFound(NotFound):
    def __init__(self, endpoint_id: UUID) -> None:
        super().__init__(
            f"no webhook endpoint {endpoint_id}", extra={"endpointId": str(endpoint_id)}
        )


class EventNotFound(NotFound):
    def __init__(self, event_id: UUID) -> None:
        super().__init__(f"no webhook event {event_id}", extra={"eventId": str(event_id)})


class EndpointRejected(Invalid):
    """The endpoint's URL, secret or event types cannot be used; every problem is named."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        super().__init__("the webhook endpoint cannot be saved as given", problems=problems)


class ReplayRejected(Invalid):
    """A replay's range or size cannot be served; every problem is named."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        super().__init__("the replay cannot be done as asked", problems=problems)


class RemindersRejected(Invalid):
    def __init__(self, problems: Sequence[Problem]) -> None:
        super().__init__("the reminder days cannot be used", problems=problems)


class CertificationMissing(NotFound):
    def __init__(self, certification_id: UUID) -> None:
        super().__init__(
            f"no certification {certification_id}",
            extra={"certificationId": str(certification_id)},
        )
