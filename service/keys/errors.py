"""Key faults by meaning: a key nobody published (404), and no key to sign with (a 5xx fault).

A missing or unusable signing key is the server's problem, never the client's, so it is a
503 with the algorithm in ``extra``; the request may succeed once the keys are repaired.
"""

from __future__ import annotations

from service.errors import NotFound, ServerFault


class KeyNotFound(NotFound):
    def __init__(self, key_id: str) -> None:
        super().__init__(f"no key {key_id!r}", extra={"keyId": key_id})
        self.key_id = key_id


class SigningKeyMissing(ServerFault):
    """The issuer cannot sign: a fault of the server, not of the request."""

    def __init__(self, algorithm: str, detail: str | None = None) -> None:
        super().__init__(
            detail or f"no active {algorithm} signing key", extra={"algorithm": algorithm}
        )
        self.algorithm = algorithm
