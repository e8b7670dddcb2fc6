from __future__ import annotations

from service.wire import WireModel


class Health(WireModel):
    status: str
    database: str
