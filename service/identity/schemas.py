from __future__ import annotations

from service.wire import WireModel


class Me(WireModel):
    subject: str
    roles: list[str]
    name: str | None = None
    email: str | None = None
