"""Cross-origin requests: public routes from any origin, token routes from configured origins.

Browsers send a preflight ``OPTIONS`` without the bearer token, so preflights are answered here,
before the access guard. Which policy applies is decided by the route the browser is asking
about (the method in ``Access-Control-Request-Method``): a public route (verification, status
lists, public credentials) may be read by any web page; a token route only by the origins in
``ACCREDO_CORS_ORIGINS``. Tokens travel in the ``Authorization`` header, never in cookies, so
no credentials mode is allowed.

Litestar's ``cors_config`` takes one policy for the whole app, so this module runs two of its
CORS middlewares and picks one per request. That class is internal to Litestar 2 (its public
name was deprecated in 2.9); ``tests/api/test_cors.py`` holds the behaviour if it moves.
"""

from __future__ import annotations

from typing import Any

from litestar.config.cors import CORSConfig
from litestar.enums import ScopeType
from litestar.middleware._internal.cors import CORSMiddleware
from litestar.types import ASGIApp, HTTPScope, Receive, Scope, Send

from service.auth.roles import ACCESS_OPT, Access

EXPOSED_HEADERS = ["Content-Disposition", "WWW-Authenticate", "Location", "Retry-After"]
MAX_AGE_SECONDS = 600
_NO_ORIGIN = r"(?!x)x"


def public_cors_config() -> CORSConfig:
    return CORSConfig(
        allow_origins=["*"],
        allow_methods=["GET", "HEAD", "POST", "OPTIONS"],
        allow_headers=["Accept", "Content-Type"],
        expose_headers=EXPOSED_HEADERS,
        max_age=MAX_AGE_SECONDS,
    )


def token_cors_config(origins: tuple[str, ...]) -> CORSConfig:
    return CORSConfig(
        allow_origins=list(origins),
        # An empty list would compile to a pattern that matches every origin.
        allow_origin_regex=None if origins else _NO_ORIGIN,
        allow_methods=["GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS"],
        allow_headers=["Accept", "Authorization", "Content-Type"],
        expose_headers=EXPOSED_HEADERS,
        max_age=MAX_AGE_SECONDS,
    )


def _is_public(scope: HTTPScope) -> bool:
    handler: Any = scope.get("route_handler")
    if scope["method"] == "OPTIONS":
        requested = "GET"
        for name, value in scope["headers"]:
            if name == b"access-control-request-method":
                requested = value.decode("latin-1").strip().upper()
        try:
            handler = scope["litestar_app"].asgi_router.handle_routing(
                path=scope["path"], method=requested
            )[1]
        except Exception:  # no such route or method: the strict policy answers
            return False
    access = getattr(handler, "opt", {}).get(ACCESS_OPT)
    return isinstance(access, Access) and access.public


class SplitCorsMiddleware:
    """Litestar's CORS handling with the policy picked per route (see the module docstring)."""

    def __init__(self, app: ASGIApp, origins: tuple[str, ...]) -> None:
        self.public = CORSMiddleware(app, public_cors_config())
        self.token = CORSMiddleware(app, token_cors_config(origins))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP:
            await self.public.app(scope, receive, send)
            return
        policy = self.public if _is_public(scope) else self.token
        await policy(scope, receive, send)
