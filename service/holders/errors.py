"""Why a holder-DID request failed: no DID registered, or a DID that breaks the DID syntax."""

from __future__ import annotations

from service.errors import Invalid, NotFound, Problem


class NoHolderDid(NotFound):
    def __init__(self) -> None:
        super().__init__("no DID registered")


class InvalidDid(Invalid):
    """The DID breaks the DID Core syntax; ``reason`` says how, for the ``did`` field."""

    def __init__(self, reason: str, *, field: str) -> None:
        super().__init__("the DID is not valid", problems=[Problem(reason, field=field)])
        self.reason = reason
