from __future__ import annotations

from typing import Annotated

from msgspec import Meta

from credentials.keys import MAX_DID_LENGTH
from service.wire import WireModel


class HolderDid(WireModel):
    did: Annotated[str, Meta(max_length=MAX_DID_LENGTH)]
