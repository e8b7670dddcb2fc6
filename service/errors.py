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
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from http import HTTPStatus
from typing import Any

from litestar import Request, Response
from litestar.exceptions import HTTPException, ValidationException

PROBLEM_MEDIA_TYPE = "application/problem+json"
logger = logging.getLogger("accredo.errors")
_SURROGATE = re.compile("[\ud800-\udfff]")


def wire_text(text: str) -> str:
    """``text`` safe to encode as UTF-8: a problem may quote input holding a lone surrogate."""
    return _SURROGATE.sub("\ufffd", text)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a request: where (item, line, field) and why."""

    message: str
    field: str | None = None
    item: str | None = None
    line: int | None = None

    def to_wire(self) -> dict[str, Any]:
        wire: dict[str, Any] = {"message": wire_text(self.message)}
        if self.item is not None:
            wire["item"] = wire_text(self.item)
        if self.line is not None:
            wire["line"] = self.line
        if self.field is not None:
            wire["field"] = wire_text(self.field)
        return wire


class ServiceError(Exception):
    status = HTTPStatus.BAD_REQUEST
    slug = "bad-request"
    title = "Bad request"

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


class Malformed(ServiceError):
    """The request cannot be read at all: not JSON, or nested too deeply to decode safely."""

    status = HTTPStatus.BAD_REQUEST
    slug = "malformed-request"
    title = "Malformed request"


class NotFound(ServiceError):
    status = HTTPStatus.NOT_FOUND
    slug = "not-found"
    title = "Not found"


class Conflict(ServiceError):
    status = HTTPStatus.CONFLICT
    slug = "conflict"
    title = "Conflict"


class Invalid(ServiceError):
    status = HTTPStatus.UNPROCESSABLE_ENTITY
    slug = "validation-failed"
    title = "Validation failed"


class Forbidden(ServiceError):
    status = HTTPStatus.FORBIDDEN
    slug = "forbidden"
    title = "Forbidden"


class TooLarge(ServiceError):
    status = HTTPStatus.REQUEST_ENTITY_TOO_LARGE
    slug = "too-large"
    title = "Request too large"


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
    return problem_response(
        request,
        status=int(exc.status),
        slug=exc.slug,
        title=exc.title,
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


def handle_unexpected(request: Request[Any, Any, Any], exc: Exception) -> Response[dict[str, Any]]:
    reference = uuid.uuid4().hex
    logger.error("unhandled error %s on %s", reference, request.url.path, exc_info=exc)
    return problem_response(
        request,
        status=500,
        slug="internal-error",
        title="Internal server error",
        detail=f"something went wrong on our side; quote reference {reference} when reporting it",
        extra={"reference": reference},
    )


EXCEPTION_HANDLERS: dict[int | type[Exception], Any] = {
    ServiceError: handle_service_error,
    HTTPException: handle_http_exception,
    Exception: handle_unexpected,
}
