"""Wire shape of the previous-origins list (admins)."""

from __future__ import annotations

from datetime import datetime

from service.wire import WireModel


class PreviousOriginView(WireModel):
    """A public base URL this issuer used before; requests under it get its own documents."""

    origin: str
    moved_to: str
    retired_at: datetime
