"""Security headers: one policy for our HTML pages, a stricter one for user-supplied images.

Every response gets `X-Content-Type-Options: nosniff` (no browser guesses a type we did not
send) and a `Referrer-Policy` that keeps credential URLs out of other sites' logs. HTML pages
get a Content-Security-Policy that allows only our own scripts, no framing (clickjacking)
and no `<base>` or foreign form targets; styles and scripts come only from our own static
files (the templates carry no inline `<style>`, `style=""` or `<script>`). The OpenAPI
viewer under the docs path loads its scripts from a CDN and inlines its start-up script, so
it gets only the framing and base rules.

Images that users upload (and renders that contain them) are served with `IMAGE_HEADERS`:
a sandboxed policy without script, so an SVG opened directly from our origin can never run
code there even if sanitising had missed something.
"""

from __future__ import annotations

from litestar.datastructures import MutableScopeHeaders
from litestar.enums import ScopeType
from litestar.middleware import DefineMiddleware
from litestar.types import ASGIApp, Message, Receive, Scope, Send

PAGE_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; "
    "img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
)
DOCS_POLICY = "frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
IMAGE_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox"
NOSNIFF = {"X-Content-Type-Options": "nosniff"}
IMAGE_HEADERS = {"Content-Security-Policy": IMAGE_POLICY, **NOSNIFF}
EVERY_RESPONSE = {**NOSNIFF, "Referrer-Policy": "strict-origin-when-cross-origin"}
HTML_ONLY = {"X-Frame-Options": "DENY"}


def security_headers(docs_path: str) -> DefineMiddleware:
    """The middleware for `Litestar(middleware=...)`; `docs_path` is the OpenAPI viewer's."""
    return DefineMiddleware(SecurityHeaders, docs_path=docs_path)


class SecurityHeaders:
    """ASGI middleware adding the headers above where a handler did not set its own."""

    def __init__(self, app: ASGIApp, docs_path: str) -> None:
        self.app = app
        self.docs_prefix = docs_path.rstrip("/") + "/"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP:
            await self.app(scope, receive, send)
            return
        path = scope["path"]
        policy = DOCS_POLICY if (path + "/").startswith(self.docs_prefix) else PAGE_POLICY

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                _add_headers(MutableScopeHeaders.from_message(message), policy)
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _add_headers(headers: MutableScopeHeaders, page_policy: str) -> None:
    wanted = dict(EVERY_RESPONSE)
    if headers.get("content-type", "").startswith("text/html"):
        wanted |= {"Content-Security-Policy": page_policy, **HTML_ONLY}
    for name, value in wanted.items():
        if name not in headers:
            headers[name] = value
