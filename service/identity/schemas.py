from __future__ import annotations

from service.wire import WireModel


class Me(WireModel):
    subject: str
    roles: list[str]
    name: str | None = None
    email: str | None = None
    account: str | None = None
    """The customer account's external id the token carries, if any."""
