"""Why a credential request failed, named by meaning and carrying what the client needs.

Each error keeps the data that identifies the thing (a public id, a status) in ``extra`` so a
client can act on it without parsing the sentence. Their HTTP statuses live in the table of
`service.errors` (by class, else by the nearest base there).
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from service.errors import Conflict, Invalid, NotFound, Problem


class CredentialNotFound(NotFound):
    def __init__(self, public_id: str) -> None:
        super().__init__(f"no credential {public_id!r}", extra={"credentialId": public_id})
        self.public_id = public_id


class CredentialsNotFound(NotFound):
    """A bulk change named credentials that do not exist; nothing was changed."""

    def __init__(self, missing: list[str], *, wanted: int) -> None:
        super().__init__(
            f"{len(missing)} of {wanted} credential ids are unknown; nothing was revoked",
            problems=[Problem("unknown credential id", field="ids", item=m) for m in missing],
        )
        self.public_ids = missing


class VersionNotFound(NotFound):
    def __init__(self, public_id: str, version: int) -> None:
        super().__init__(
            f"credential {public_id!r} has no version {version}",
            extra={"credentialId": public_id, "version": version},
        )


class CertificationGone(NotFound):
    def __init__(self, certification_id: UUID) -> None:
        super().__init__(
            f"no achievement {certification_id}", extra={"certificationId": str(certification_id)}
        )


class AlreadyRevoked(Conflict):
    def __init__(self, public_id: str) -> None:
        super().__init__(
            f"credential {public_id!r} is already revoked", extra={"credentialId": public_id}
        )
        self.public_id = public_id


class WrongStatus(Conflict):
    """A status change that the credential's current status does not allow."""

    def __init__(self, message: str, *, public_id: str, status: str) -> None:
        super().__init__(message, extra={"credentialId": public_id, "credentialStatus": status})


class ReasonMissing(Invalid):
    def __init__(self) -> None:
        super().__init__("a reason is required", problems=[Problem("must not be empty", "reason")])


class NoCredentialIds(Invalid):
    def __init__(self) -> None:
        super().__init__("give at least one credential id", problems=[Problem("empty", "ids")])


class OwedCredentialNotFound(NotFound):
    def __init__(self, failure_id: UUID) -> None:
        super().__init__(
            f"no owed credential with id {failure_id}", extra={"failureId": str(failure_id)}
        )


class AlreadyIssued(Conflict):
    def __init__(self, processed_at: datetime) -> None:
        super().__init__(
            "this credential was issued already", extra={"processedAt": processed_at.isoformat()}
        )


class CredentialFileUnreadable(Invalid):
    """The file given to ``/verify`` is neither text nor an image with a readable credential."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__("the file cannot be read", problems=[Problem(reason, field)])
        self.field = field


class NoBakedCredential(Invalid):
    """A PNG or SVG given to ``/verify`` holds no baked credential."""

    def __init__(self, field: str) -> None:
        super().__init__("the image carries no baked credential", problems=[Problem("none", field)])
        self.field = field


class StatusListNotFound(NotFound):
    def __init__(self, purpose: str, number: int) -> None:
        super().__init__(
            f"no {purpose} status list {number}", extra={"purpose": purpose, "number": number}
        )
