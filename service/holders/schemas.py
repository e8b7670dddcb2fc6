from __future__ import annotations

from service.wire import WireModel


class HolderDid(WireModel):
    did: str
