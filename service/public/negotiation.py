"""Content negotiation and cached-file responses shared by the public routes."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response

from service.http.security_headers import IMAGE_HEADERS
from service.public.renders import Rendered

JSON_LD = "application/ld+json"
CACHE_RENDERS = "public, max-age=3600"
STATUS_DEPENDENT = "public, no-cache"
"""For renders that show status (PDF, share image): caches must revalidate (a cheap 304 by
ETag), so a revocation is never hidden behind an hour-old copy."""


def wants_json(request: Request[Any, Any, Any], format_: str | None) -> bool:
    """``?format=json`` or an Accept header that asks for JSON(-LD) rather than HTML."""
    if format_ is not None:
        return format_ == "json"
    accept = request.headers.get("accept", "")
    asks_json = JSON_LD in accept or "application/json" in accept
    return asks_json and "text/html" not in accept


def wants_html(request: Request[Any, Any, Any]) -> bool:
    """Only a client that names ``text/html`` (a browser's form post) gets HTML; API
    clients (``*/*``, JSON) keep the JSON report."""
    return "text/html" in request.headers.get("accept", "")


def json_ld(document: dict[str, Any], headers: dict[str, str] | None = None) -> Response[Any]:
    return Response(document, media_type=JSON_LD, headers=headers)


def file_response(
    request: Request[Any, Any, Any],
    rendered: Rendered,
    media_type: str,
    filename: str | None = None,
    cache_control: str = CACHE_RENDERS,
) -> Response[bytes]:
    """A cached render with its ETag; images carry `IMAGE_HEADERS` (they may hold uploads)."""
    headers = {"ETag": rendered.etag, "Cache-Control": cache_control}
    if media_type.startswith("image/"):
        headers |= IMAGE_HEADERS
    if filename:
        headers["Content-Disposition"] = f'inline; filename="{filename}"'
    if request.headers.get("if-none-match") == rendered.etag:
        return Response(b"", status_code=304, headers=headers)
    return Response(rendered.content, media_type=media_type, headers=headers)
