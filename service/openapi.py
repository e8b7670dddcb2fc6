"""The served OpenAPI document, made to tell the truth about access, errors and file types.

Litestar derives operations from the handlers but knows nothing of our access rule, our problem
responses or the media types of handlers that return bytes. ``refine_openapi`` fills those in,
from the same declarations the app enforces (each route's ``Access``), once, the first time
the document is asked for (building it costs a few hundred milliseconds, which an app that
never serves it should not pay):

* public routes carry ``security: []``; every other route requires the bearer token;
* every operation lists the problem responses it can give, as ``application/problem+json``;
* routes that answer files list their real media types.
"""

from __future__ import annotations

from typing import Any

from litestar import Litestar, Request
from litestar.enums import HttpMethod
from litestar.handlers.http_handlers import HTTPRouteHandler
from litestar.openapi.spec import (
    OpenAPI,
    OpenAPIMediaType,
    OpenAPIResponse,
    Operation,
    Parameter,
    Reference,
    RequestBody,
    Schema,
)
from litestar.openapi.spec.enums import OpenAPIFormat, OpenAPIType
from litestar.routes import HTTPRoute

from service.auth.roles import ACCESS_OPT, Access
from service.errors import PROBLEM_MEDIA_TYPE

BEARER = "bearer"
_REFINED_STATE_KEY = "openapi_refined"

_BINARY = Schema(type=OpenAPIType.STRING, format=OpenAPIFormat.BINARY)
_TEXT = Schema(type=OpenAPIType.STRING)
_JSON_OBJECT = Schema(type=OpenAPIType.OBJECT)

FILE_MEDIA_TYPES: dict[tuple[str, str], dict[str, Schema]] = {
    ("GET", "/banks/{bank_id}/export"): {"application/yaml": _TEXT, "application/json": _TEXT},
    ("GET", "/certifications/{certification_id}/badge"): {
        "image/svg+xml": _TEXT,
        "image/png": _BINARY,
    },
    ("GET", "/achievements/{certification_id}"): {"application/ld+json": _JSON_OBJECT},
    ("GET", "/achievements/{certification_id}/image.png"): {
        "image/png": _BINARY,
        "image/svg+xml": _TEXT,
    },
    ("GET", "/credentials/{credential_id}"): {
        "text/html": _TEXT,
        "application/ld+json": _JSON_OBJECT,
        "application/vc+jwt": _TEXT,
    },
    ("GET", "/credentials/{credential_id}/badge.png"): {"image/png": _BINARY},
    ("GET", "/credentials/{credential_id}/badge.svg"): {"image/svg+xml": _TEXT},
    ("GET", "/credentials/{credential_id}/certificate.pdf"): {"application/pdf": _BINARY},
    ("GET", "/credentials/{credential_id}/share.png"): {"image/png": _BINARY},
    ("GET", "/issuer"): {"text/html": _TEXT, "application/ld+json": _JSON_OBJECT},
    ("GET", "/status-lists/{purpose}/{number}"): {"application/vc+ld+json": _JSON_OBJECT},
    ("GET", "/keys/{key_id}"): {"application/json": _JSON_OBJECT},
}
"""Routes that answer something other than the JSON of their return annotation."""

_UPLOAD_FORM = Schema(type=OpenAPIType.OBJECT, required=["file"], properties={"file": _BINARY})
RAW_BODIES: dict[tuple[str, str], dict[str, Schema]] = {
    ("POST", "/banks/{bank_id}/imports"): {
        "application/yaml": _TEXT,
        "application/json": _JSON_OBJECT,
        "text/csv": _TEXT,
        "multipart/form-data": _UPLOAD_FORM,
    },
    ("PUT", "/certifications/{certification_id}/badge"): {
        "image/png": _BINARY,
        "image/svg+xml": _TEXT,
    },
    ("POST", "/verify"): {
        "application/json": _JSON_OBJECT,
        "application/vc+jwt": _TEXT,
        "image/png": _BINARY,
        "image/svg+xml": _TEXT,
        "multipart/form-data": _UPLOAD_FORM,
    },
}
"""Routes that read their body themselves (files), so Litestar cannot document it."""

PROBLEM_SCHEMA = Schema(
    type=OpenAPIType.OBJECT,
    description="RFC 9457 problem details; `errors` lists every problem at once",
    required=["type", "title", "status", "detail"],
    properties={
        "type": Schema(type=OpenAPIType.STRING),
        "title": Schema(type=OpenAPIType.STRING),
        "status": Schema(type=OpenAPIType.INTEGER),
        "detail": Schema(type=OpenAPIType.STRING),
        "instance": Schema(type=OpenAPIType.STRING),
        "errors": Schema(
            type=OpenAPIType.ARRAY,
            items=Schema(
                type=OpenAPIType.OBJECT,
                required=["message"],
                properties={
                    "message": Schema(type=OpenAPIType.STRING),
                    "field": Schema(type=OpenAPIType.STRING),
                    "item": Schema(type=OpenAPIType.STRING),
                    "line": Schema(type=OpenAPIType.INTEGER),
                },
            ),
        ),
    },
)

_PROBLEM_DESCRIPTIONS = {
    "400": "The request cannot be read (malformed JSON, nesting too deep, a bad parameter)",
    "401": "No valid bearer token",
    "403": "The token's roles do not allow this route, or the resource is someone else's",
    "404": "No such resource",
    "409": "The request conflicts with the current state (duplicate name, closed attempt)",
    "413": "The body is larger than the upload limit",
    "422": "The request is well formed but breaks a rule; every problem is listed",
}


def _problem(status: str) -> OpenAPIResponse:
    return OpenAPIResponse(
        description=_PROBLEM_DESCRIPTIONS[status],
        content={
            PROBLEM_MEDIA_TYPE: OpenAPIMediaType(
                schema=Reference(ref="#/components/schemas/Problem")
            )
        },
    )


def problem_statuses(operation: Operation, handler: HTTPRouteHandler, method: str) -> list[str]:
    """The problem responses a route can give, from what it declares."""
    access = handler.opt.get(ACCESS_OPT)
    public = isinstance(access, Access) and access.public
    has_body = operation.request_body is not None
    has_path = any(
        isinstance(parameter, Parameter) and parameter.param_in == "path"
        for parameter in operation.parameters or []
    )
    has_input = has_body or bool(operation.parameters)
    statuses = []
    if has_input:
        statuses.append("400")
    if not public:
        statuses += ["401", "403"]
    if has_path:
        statuses.append("404")
    if method in {"POST", "PUT", "PATCH", "DELETE"} and not public:
        statuses.append("409")
    if has_body:
        statuses.append("413")
    if has_input:
        statuses.append("422")
    return statuses


def _refine_operation(
    operation: Operation, handler: HTTPRouteHandler, method: str, path: str
) -> None:
    access = handler.opt.get(ACCESS_OPT)
    public = isinstance(access, Access) and access.public
    operation.security = [] if public else [{BEARER: []}]
    raw_body = RAW_BODIES.get((method, path))
    if raw_body is not None:
        operation.request_body = RequestBody(
            required=True,
            content={name: OpenAPIMediaType(schema=schema) for name, schema in raw_body.items()},
        )
    responses = dict(operation.responses or {})
    for status in problem_statuses(operation, handler, method):
        responses[status] = _problem(status)
    media_types = FILE_MEDIA_TYPES.get((method, path))
    if media_types is not None:
        success = next(status for status in responses if status.startswith("2"))
        existing = responses[success]
        description = existing.description if isinstance(existing, OpenAPIResponse) else "OK"
        responses[success] = OpenAPIResponse(
            description=description,
            content={name: OpenAPIMediaType(schema=schema) for name, schema in media_types.items()},
        )
    operation.responses = responses


def refine_openapi(app: Litestar, openapi: OpenAPI) -> None:
    """Set security, problem responses and file media types on every documented operation."""
    openapi.components.schemas["Problem"] = PROBLEM_SCHEMA
    for route in app.routes:
        if not isinstance(route, HTTPRoute):
            continue
        path = route.path_format or "/"
        path_item = (openapi.paths or {}).get(path)
        if path_item is None:
            continue
        for handler in route.route_handlers:
            if not handler.resolve_include_in_schema():
                continue
            for method in handler.http_methods:
                operation = getattr(path_item, method.lower(), None)
                if isinstance(operation, Operation) and method != HttpMethod.OPTIONS:
                    _refine_operation(operation, handler, str(method), path)


async def ensure_refined_openapi(request: Request[Any, Any, Any]) -> None:
    """``before_request`` of the schema routes: refine the document once, before it is served."""
    app = request.app
    if app.state.get(_REFINED_STATE_KEY):
        return
    refine_openapi(app, app.openapi_schema)
    app.state[_REFINED_STATE_KEY] = True
