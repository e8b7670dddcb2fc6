"""The one app-wide guard: it reads each route's declared access and the caller's token."""

from __future__ import annotations

from typing import Any

from litestar import Request
from litestar.connection import ASGIConnection
from litestar.enums import HttpMethod
from litestar.exceptions import NotAuthorizedException, PermissionDeniedException
from litestar.handlers.base import BaseRouteHandler

from service.auth.roles import ACCESS_OPT, Access
from service.auth.tokens import InvalidToken, Principal
from service.auth.verified_tokens import verified_principal

PRINCIPAL_STATE_KEY = "principal"
BEARER_CHALLENGE = {"WWW-Authenticate": 'Bearer realm="accredo"'}


def _bearer_token(connection: ASGIConnection[Any, Any, Any, Any]) -> str:
    header = connection.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise NotAuthorizedException(
            "a bearer token is required (Authorization: Bearer <token>)",
            headers=BEARER_CHALLENGE,
        )
    return token.strip()


def _is_automatic_options(route_handler: BaseRouteHandler) -> bool:
    """Litestar's own ``OPTIONS`` answer (an ``Allow`` header, nothing else).

    Browsers and tools ask it without a token, and it reveals nothing the OpenAPI document
    does not; our routes never declare ``OPTIONS`` handlers themselves.
    """
    methods = set(getattr(route_handler, "http_methods", ()))
    return methods == {HttpMethod.OPTIONS} and not getattr(route_handler, "include_in_schema", True)


async def access_guard(
    connection: ASGIConnection[Any, Any, Any, Any], route_handler: BaseRouteHandler
) -> None:
    """Async on purpose: Litestar runs a sync guard in a worker thread, a thread hop on every
    request that cost more than a whole public read; this one never blocks (HMAC only)."""
    if _is_automatic_options(route_handler):
        return
    access = route_handler.opt.get(ACCESS_OPT)
    if not isinstance(access, Access):
        # Fail closed: a route that forgot to declare who may call it is callable by nobody.
        raise PermissionDeniedException("this route declares no access rule")
    if access.public:
        return
    secret_key: str = connection.app.state.settings.secret_key
    try:
        principal = verified_principal(_bearer_token(connection), secret_key=secret_key)
    except InvalidToken as exc:
        raise NotAuthorizedException(str(exc), headers=BEARER_CHALLENGE) from exc
    if not access.allows(principal.roles):
        allowed = ", ".join(sorted(access.roles))
        raise PermissionDeniedException(f"this route requires one of the roles: {allowed}")
    connection.state[PRINCIPAL_STATE_KEY] = principal


def provide_principal(request: Request[Any, Any, Any]) -> Principal:
    """Dependency: the authenticated caller (only on routes that require a role)."""
    principal = request.state.get(PRINCIPAL_STATE_KEY)
    if not isinstance(principal, Principal):
        raise NotAuthorizedException("this route needs an authenticated caller")
    return principal
