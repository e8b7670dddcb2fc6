"""Errors as data, and their one wire shape: RFC 9457 problem details.

Use cases raise ``ServiceError`` subclasses that carry what went wrong; they never know about
HTTP. The handlers here turn those, Litestar's own exceptions and anything unexpected into a
``application/problem+json`` body. Validation failures list every problem at once in
``errors``. Unexpected exceptions are logged with their trace and reach the client only as a
generic 500 with a reference to find the log line.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from http import HTTPStatus
from typing import Any

from litestar import Request, Response
from litestar.exceptions import HTTPException, ValidationException
from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from service.observe.request_id import reference as request_reference

PROBLEM_MEDIA_TYPE = "application/problem+json"
logger = logging.getLogger("accredo.errors")
_SURROGATE = re.compile("[\ud800-\udfff]")


def wire_text(text: str) -> str:
    """``text`` safe to encode as UTF-8: a problem may quote input holding a lone surrogate."""
    return _SURROGATE.sub("\ufffd", text)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a request: where (file, item, line, field) and why; ``file``
    names which of several uploaded files the problem is in."""

    message: str
    field: str | None = None
    item: str | None = None
    line: int | None = None
    file: str | None = None

    def to_wire(self) -> dict[str, Any]:
        wire: dict[str, Any] = {"message": wire_text(self.message)}
        if self.file is not None:
            wire["file"] = self.file
        if self.item is not None:
            wire["item"] = wire_text(self.item)
        if self.line is not None:
            wire["line"] = self.line
        if self.field is not None:
            wire["field"] = wire_text(self.field)
        return wire


@dataclass(frozen=True)
class Meaning:
    """How one kind of error reads on the wire: its HTTP status, problem slug and title."""

    status: HTTPStatus
    slug: str
    title: str


class ServiceError(Exception):
    """An error the client should hear about, with what went wrong as data.

    Subclasses name a meaning (``BankNotFound``, ``StartRefused``); which HTTP status that
    meaning has is decided only by the table at the bottom of this module. ``status``,
    ``slug`` and ``title`` remain readable on every instance, taken from that table.
    """

    def __init__(
        self,
        detail: str,
        *,
        problems: Sequence[Problem] = (),
        extra: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.detail = detail
        self.problems = list(problems)
        self.extra = extra or {}
        self.headers = headers or {}

    @property
    def meaning(self) -> Meaning:
        return meaning_of(type(self))

    @property
    def status(self) -> HTTPStatus:
        return self.meaning.status

    @property
    def slug(self) -> str:
        return self.meaning.slug

    @property
    def title(self) -> str:
        return self.meaning.title


class Malformed(ServiceError):
    """The request cannot be read at all: not JSON, or nested too deeply to decode safely."""


class NotFound(ServiceError):
    """What the request names does not exist (or is not the caller's to see)."""


class Conflict(ServiceError):
    """The request is understood but clashes with the current state."""


class Invalid(ServiceError):
    """The request is readable but breaks rules; ``problems`` names each one."""


class Forbidden(ServiceError):
    """The caller may not do this."""


class TooLarge(ServiceError):
    """The request is bigger than this endpoint accepts."""


class ServerFault(ServiceError):
    """Something on our side is wrong (configuration, stored data): never the client's fault.

    Mapped to a 5xx; the detail is logged with a reference and the client sees only the
    reference, as for any unexpected exception.
    """


class StoredValueCorrupt(ServerFault):
    """A value the service stored itself (a blueprint, a policy) no longer decodes."""


# The one table from error meaning to wire shape. Keys are qualified class names so this
# module imports no area (the areas import it); lookup walks the raised class's MRO, so the
# most specific entry wins and an area error subclassing ``NotFound`` is a 404 with no entry
# of its own. tests/unit/test_error_meanings.py checks that every key names a real class.
MEANINGS: dict[str, Meaning] = {
    "service.errors.ServiceError": Meaning(HTTPStatus.BAD_REQUEST, "bad-request", "Bad request"),
    "service.errors.Malformed": Meaning(
        HTTPStatus.BAD_REQUEST, "malformed-request", "Malformed request"
    ),
    "service.errors.NotFound": Meaning(HTTPStatus.NOT_FOUND, "not-found", "Not found"),
    "service.errors.Conflict": Meaning(HTTPStatus.CONFLICT, "conflict", "Conflict"),
    "service.errors.Invalid": Meaning(
        HTTPStatus.UNPROCESSABLE_ENTITY, "validation-failed", "Validation failed"
    ),
    "service.errors.Forbidden": Meaning(HTTPStatus.FORBIDDEN, "forbidden", "Forbidden"),
    "service.errors.TooLarge": Meaning(
        HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "too-large", "Request too large"
    ),
    "service.errors.ServerFault": Meaning(
        HTTPStatus.INTERNAL_SERVER_ERROR, "internal-error", "Internal server error"
    ),
    "service.errors.StoredValueCorrupt": Meaning(
        HTTPStatus.INTERNAL_SERVER_ERROR, "stored-value-corrupt", "Internal server error"
    ),
    "service.attempts.errors.StartRefused": Meaning(
        HTTPStatus.CONFLICT, "attempt-start-refused", "An attempt cannot start now"
    ),
    "service.attempts.errors.AttemptClosed": Meaning(
        HTTPStatus.CONFLICT, "attempt-closed", "The attempt no longer accepts answers"
    ),
    "service.exams.errors.ExamRetired": Meaning(
        HTTPStatus.CONFLICT, "exam-retired", "The exam is retired"
    ),
    "service.exams.errors.ExamAboveRecallMaximum": Meaning(
        HTTPStatus.CONFLICT,
        "exam-above-recall-maximum",
        "The exam asks for more recall than the server allows",
    ),
    "service.exams.errors.RetiredExamsHidden": Meaning(
        HTTPStatus.FORBIDDEN, "retired-exams-hidden", "Only admins may list retired exams"
    ),
    "service.attempts.errors.OverrideAlreadyGranted": Meaning(
        HTTPStatus.CONFLICT,
        "override-already-granted",
        "The learner already holds an unused override for this exam",
    ),
    "service.attempts.errors.OverrideNeedsFlag": Meaning(
        HTTPStatus.UNPROCESSABLE_ENTITY,
        "override-needs-explicit-flag",
        "The override needs an explicit flag",
    ),
    "service.study.errors.StudyPlanNotReady": Meaning(
        HTTPStatus.CONFLICT, "study-plan-not-ready", "The attempt has no score yet"
    ),
    "service.credentials.errors.CredentialNotFound": Meaning(
        HTTPStatus.NOT_FOUND, "credential-not-found", "No such credential"
    ),
    "service.credentials.errors.CredentialsNotFound": Meaning(
        HTTPStatus.NOT_FOUND, "credentials-not-found", "No such credentials"
    ),
    "service.credentials.errors.VersionNotFound": Meaning(
        HTTPStatus.NOT_FOUND, "credential-version-not-found", "No such credential version"
    ),
    "service.credentials.errors.CertificationGone": Meaning(
        HTTPStatus.NOT_FOUND, "certification-not-found", "No such certification"
    ),
    "service.credentials.errors.AlreadyRevoked": Meaning(
        HTTPStatus.CONFLICT, "credential-already-revoked", "The credential is already revoked"
    ),
    "service.credentials.errors.WrongStatus": Meaning(
        HTTPStatus.CONFLICT,
        "credential-status-conflict",
        "The credential's status does not allow this change",
    ),
    "service.credentials.errors.OwedCredentialNotFound": Meaning(
        HTTPStatus.NOT_FOUND, "owed-credential-not-found", "No such owed credential"
    ),
    "service.credentials.errors.AlreadyIssued": Meaning(
        HTTPStatus.CONFLICT, "credential-already-issued", "The credential was issued already"
    ),
    "service.credentials.errors.StatusListNotFound": Meaning(
        HTTPStatus.NOT_FOUND, "status-list-not-found", "No such status list"
    ),
    "service.holders.errors.NoHolderDid": Meaning(
        HTTPStatus.NOT_FOUND, "holder-did-not-found", "No DID registered"
    ),
    "service.statistics.errors.ExamNotFound": Meaning(
        HTTPStatus.NOT_FOUND, "exam-not-found", "No such exam"
    ),
    "service.statistics.errors.RevisionNotPresented": Meaning(
        HTTPStatus.NOT_FOUND,
        "revision-not-presented",
        "The item revision has no statistics in this exam",
    ),
    "service.accounts.errors.AccountNotFound": Meaning(
        HTTPStatus.NOT_FOUND, "account-not-found", "No such account"
    ),
    "service.accounts.errors.MembershipNotFound": Meaning(
        HTTPStatus.NOT_FOUND, "membership-not-found", "The learner belongs to no account"
    ),
    "service.accounts.errors.ExternalIdTaken": Meaning(
        HTTPStatus.CONFLICT, "account-external-id-taken", "The external id is taken"
    ),
    "service.accounts.errors.MembershipRaced": Meaning(
        HTTPStatus.CONFLICT, "membership-raced", "The membership changed concurrently"
    ),
    "service.accounts.errors.AccountUploadTooLarge": Meaning(
        HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "account-upload-too-large", "The upload is too large"
    ),
    "service.accounts.errors.AccountUploadRejected": Meaning(
        HTTPStatus.UNPROCESSABLE_ENTITY, "account-upload-rejected", "The upload was rejected whole"
    ),
    "service.accounts.errors.ProgramNotFound": Meaning(
        HTTPStatus.NOT_FOUND, "certification-not-found", "No such certification"
    ),
    "service.statistics.errors.AnalysisCutRejected": Meaning(
        HTTPStatus.UNPROCESSABLE_ENTITY, "analysis-cut-rejected", "The cut is not a fraction"
    ),
    "service.statistics.errors.ResponseFilesRejected": Meaning(
        HTTPStatus.UNPROCESSABLE_ENTITY,
        "response-files-invalid",
        "The response, key or groups file has problems",
    ),
    "service.calibration.errors.CalibrationExamNotFound": Meaning(
        HTTPStatus.NOT_FOUND, "exam-not-found", "No such exam"
    ),
    "service.calibration.errors.NothingToCalibrate": Meaning(
        HTTPStatus.CONFLICT, "nothing-to-calibrate", "The responses cannot be calibrated"
    ),
    "service.calibration.errors.NotCalibrated": Meaning(
        HTTPStatus.CONFLICT, "items-not-calibrated", "Items have no stored calibration"
    ),
    "service.calibration.errors.ScaleRejected": Meaning(
        HTTPStatus.UNPROCESSABLE_ENTITY, "scale-invalid", "The scale settings have problems"
    ),
    "service.angoff.errors.AngoffExamNotFound": Meaning(
        HTTPStatus.NOT_FOUND, "exam-not-found", "No such exam"
    ),
    "service.angoff.errors.RatingsRejected": Meaning(
        HTTPStatus.UNPROCESSABLE_ENTITY,
        "angoff-ratings-invalid",
        "The Angoff ratings have problems",
    ),
    "service.angoff.errors.NoCompletePanel": Meaning(
        HTTPStatus.CONFLICT, "angoff-panel-incomplete", "No panelist has rated every item"
    ),
    "service.origins.errors.MoveRefused": Meaning(
        HTTPStatus.UNPROCESSABLE_ENTITY, "move-refused", "Public base URL move refused"
    ),
    "service.keys.errors.KeyNotFound": Meaning(
        HTTPStatus.NOT_FOUND, "key-not-found", "No such key"
    ),
    "service.request_errors.JsonTooDeep": Meaning(
        HTTPStatus.BAD_REQUEST, "json-too-deep", "The JSON nests too deeply"
    ),
    "service.request_errors.BodyNotJson": Meaning(
        HTTPStatus.BAD_REQUEST, "body-not-json", "The body is not JSON"
    ),
    "service.request_errors.ParametersRejected": Meaning(
        HTTPStatus.UNPROCESSABLE_ENTITY, "parameters-rejected", "Parameters not accepted"
    ),
    "service.request_errors.BodyRejected": Meaning(
        HTTPStatus.UNPROCESSABLE_ENTITY, "body-rejected", "Body not accepted"
    ),
    "service.request_errors.FileMissing": Meaning(
        HTTPStatus.UNPROCESSABLE_ENTITY, "file-missing", "No file uploaded"
    ),
    "service.request_errors.FilesMissing": Meaning(
        HTTPStatus.UNPROCESSABLE_ENTITY, "files-missing", "Required files not uploaded"
    ),
    "service.bank.errors.BankFileRejected": Meaning(
        HTTPStatus.UNPROCESSABLE_ENTITY, "bank-file-rejected", "The bank file has problems"
    ),
    "service.bank.errors.ImportOptionsRejected": Meaning(
        HTTPStatus.UNPROCESSABLE_ENTITY,
        "import-options-rejected",
        "The import mapping or defaults have problems",
    ),
    "service.bank.errors.MappingNotJson": Meaning(
        HTTPStatus.UNPROCESSABLE_ENTITY, "import-mapping-not-json", "The import mapping is not JSON"
    ),
    "service.bank.errors.UnknownImportFormat": Meaning(
        HTTPStatus.UNPROCESSABLE_ENTITY, "unknown-import-format", "Unknown import format"
    ),
    "service.bank.errors.BankNameMissing": Meaning(
        HTTPStatus.UNPROCESSABLE_ENTITY, "bank-name-missing", "A bank needs a name"
    ),
    "service.bank.errors.ItemIdMismatch": Meaning(
        HTTPStatus.UNPROCESSABLE_ENTITY,
        "item-id-mismatch",
        "The item id in the body differs from the URL",
    ),
    "service.credentials.errors.CredentialFileUnreadable": Meaning(
        HTTPStatus.UNPROCESSABLE_ENTITY, "credential-file-unreadable", "The file cannot be read"
    ),
    "service.credentials.errors.NoBakedCredential": Meaning(
        HTTPStatus.UNPROCESSABLE_ENTITY, "no-baked-credential", "No baked credential in the image"
    ),
    "service.webhooks.errors.EndpointNotFound": Meaning(
        HTTPStatus.NOT_FOUND, "webhook-endpoint-not-found", "No such webhook endpoint"
    ),
    "service.webhooks.errors.EventNotFound": Meaning(
        HTTPStatus.NOT_FOUND, "webhook-event-not-found", "No such webhook event"
    ),
    "service.webhooks.errors.EndpointRejected": Meaning(
        HTTPStatus.UNPROCESSABLE_ENTITY,
        "webhook-endpoint-rejected",
        "The webhook endpoint cannot be saved as given",
    ),
    "service.webhooks.errors.ReplayRejected": Meaning(
        HTTPStatus.UNPROCESSABLE_ENTITY, "webhook-replay-rejected", "The replay cannot be done"
    ),
    "service.webhooks.errors.RemindersRejected": Meaning(
        HTTPStatus.UNPROCESSABLE_ENTITY, "reminder-days-rejected", "The reminder days are unusable"
    ),
    "service.webhooks.errors.CertificationMissing": Meaning(
        HTTPStatus.NOT_FOUND, "certification-not-found", "No such certification"
    ),
    "service.keys.errors.SigningKeyMissing": Meaning(
        HTTPStatus.SERVICE_UNAVAILABLE,
        "signing-key-missing",
        "The issuer has no usable signing key",
    ),
}


def qualified_name(cls: type) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


def meaning_of(cls: type[BaseException]) -> Meaning:
    """The wire meaning of ``cls``: the entry of its nearest registered ancestor."""
    for ancestor in cls.__mro__:
        found = MEANINGS.get(qualified_name(ancestor))
        if found is not None:
            return found
    return MEANINGS["service.errors.ServiceError"]


def register(cls: type[BaseException], meaning: Meaning) -> None:
    """Add an entry for a class whose module cannot be named here (plugins, tests)."""
    MEANINGS[qualified_name(cls)] = meaning


def problem_type(slug: str) -> str:
    return f"urn:accredo:problem:{slug}"


def _serialise(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    return value


def problem_response(
    request: Request[Any, Any, Any],
    *,
    status: int,
    slug: str,
    title: str,
    detail: str,
    problems: Sequence[Problem] = (),
    extra: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
) -> Response[dict[str, Any]]:
    body: dict[str, Any] = {
        "type": problem_type(slug),
        "title": title,
        "status": status,
        "detail": wire_text(detail),
        "instance": wire_text(request.url.path),
    }
    if problems:
        body["errors"] = [problem.to_wire() for problem in problems]
    for key, value in (extra or {}).items():
        body[key] = _serialise(value)
    return Response(body, status_code=status, media_type=PROBLEM_MEDIA_TYPE, headers=headers)


def handle_service_error(
    request: Request[Any, Any, Any], exc: ServiceError
) -> Response[dict[str, Any]]:
    meaning = exc.meaning
    if meaning.status >= HTTPStatus.INTERNAL_SERVER_ERROR:
        return _server_fault(request, exc, meaning)
    return problem_response(
        request,
        status=int(meaning.status),
        slug=meaning.slug,
        title=meaning.title,
        detail=exc.detail,
        problems=exc.problems,
        extra=exc.extra,
        headers=exc.headers,
    )


def _validation_problems(exc: ValidationException) -> list[Problem]:
    problems: list[Problem] = []
    extra = exc.extra if isinstance(exc.extra, list) else []
    for entry in extra:
        if isinstance(entry, dict):
            key = entry.get("key")
            problems.append(
                Problem(
                    message=str(entry.get("message", "invalid value")),
                    field=str(key) if key else None,
                )
            )
    if not problems:
        problems.append(Problem(message=str(exc.detail)))
    return problems


def handle_http_exception(
    request: Request[Any, Any, Any], exc: HTTPException
) -> Response[dict[str, Any]]:
    status = exc.status_code
    phrase = HTTPStatus(status).phrase if status in HTTPStatus._value2member_map_ else "Error"
    if isinstance(exc, ValidationException):
        return problem_response(
            request,
            status=status,
            slug="invalid-request",
            title="Invalid request",
            detail="the request does not match what this endpoint accepts",
            problems=_validation_problems(exc),
        )
    if status >= 500:
        return handle_unexpected(request, exc)
    return problem_response(
        request,
        status=status,
        slug=phrase.lower().replace(" ", "-"),
        title=phrase,
        detail=str(exc.detail),
        headers=exc.headers,
    )


def _server_fault(
    request: Request[Any, Any, Any], exc: ServiceError, meaning: Meaning
) -> Response[dict[str, Any]]:
    """Our fault: the detail goes to the log with a reference; the client gets the reference."""
    reference = request_reference()
    logger.error(
        "server fault %s (%s) on %s: %s", reference, meaning.slug, request.url.path, exc.detail
    )
    return problem_response(
        request,
        status=int(meaning.status),
        slug=meaning.slug,
        title=meaning.title,
        detail=f"something went wrong on our side; quote reference {reference} when reporting it",
        extra={"reference": reference},
        headers=exc.headers,
    )


def handle_unexpected(request: Request[Any, Any, Any], exc: Exception) -> Response[dict[str, Any]]:
    reference = request_reference()
    logger.error("unhandled error %s on %s", reference, request.url.path, exc_info=exc)
    return problem_response(
        request,
        status=500,
        slug="internal-error",
        title="Internal server error",
        detail=f"something went wrong on our side; quote reference {reference} when reporting it",
        extra={"reference": reference},
    )


DATABASE_BUSY_RETRY_SECONDS = 1


def _try_again_soon(
    request: Request[Any, Any, Any], *, slug: str, title: str, detail: str
) -> Response[dict[str, Any]]:
    """A 503 with Retry-After: the database is briefly out of reach, nothing is wrong."""
    return problem_response(
        request,
        status=int(HTTPStatus.SERVICE_UNAVAILABLE),
        slug=slug,
        title=title,
        detail=detail,
        extra={"retryAfterSeconds": DATABASE_BUSY_RETRY_SECONDS},
        headers={"Retry-After": str(DATABASE_BUSY_RETRY_SECONDS)},
    )


def handle_database_busy(
    request: Request[Any, Any, Any], exc: PoolTimeout
) -> Response[dict[str, Any]]:
    """No database connection came free in time: a burst, not a bug. 503 with Retry-After,
    so clients (and load balancers) try again instead of reporting a fault."""
    logger.warning("database pool exhausted on %s: %s", request.url.path, exc)
    return _try_again_soon(
        request,
        slug="database-busy",
        title="The service is busy",
        detail="every database connection is in use; try again in a moment",
    )


def handle_database_error(
    request: Request[Any, Any, Any], exc: DBAPIError
) -> Response[dict[str, Any]]:
    """A connection the database dropped (a restart, a failover) is found by the request that
    uses it: the pool discards every connection of that age, so a retry gets a fresh one.
    503 with Retry-After, like a busy pool; any other database error is a fault of ours."""
    if not exc.connection_invalidated:
        return handle_unexpected(request, exc)
    logger.warning("a database connection was lost on %s: %s", request.url.path, exc.orig)
    return _try_again_soon(
        request,
        slug="database-reconnecting",
        title="The service is reconnecting to its database",
        detail="the database connection was lost; try again in a moment",
    )


EXCEPTION_HANDLERS: dict[int | type[Exception], Any] = {
    ServiceError: handle_service_error,
    PoolTimeout: handle_database_busy,
    DBAPIError: handle_database_error,
    HTTPException: handle_http_exception,
    Exception: handle_unexpected,
}
