"""HTTP caching of the public reads: strong ETags, ``If-None-Match`` -> 304, Cache-Control.

What a CDN may keep follows what can change:

- a pinned version (``?version=N``) of a signed credential never changes: ``immutable``;
- the current version's signed document changes only on renewal: a minute;
- pages show status, which must show within a second: ``max-age=1``, revalidated by ETag;
- issuer documents and keys change only on rotation (``DOCUMENT_CACHE``, five minutes);
- status lists keep the max-age their ``ttl`` gives (``credentials.status.cache_seconds``).
"""

from __future__ import annotations

from typing import Any

from litestar import Request, Response

from service.public.snapshot import Encoded

IMMUTABLE = "public, max-age=31536000, immutable"
CURRENT_DOCUMENT = "public, max-age=60"
PAGE = "public, max-age=1"
DOCUMENT_CACHE = "public, max-age=300"


def matches(request: Request[Any, Any, Any], etag: str) -> bool:
    """RFC 9110 weak comparison of ``If-None-Match`` (a list, ``*``, or ``W/`` tags)."""
    header = request.headers.get("if-none-match")
    if not header:
        return False
    wanted = etag.removeprefix("W/")
    for candidate in header.split(","):
        tag = candidate.strip()
        if tag == "*" or tag.removeprefix("W/") == wanted:
            return True
    return False


def conditional(
    request: Request[Any, Any, Any],
    encoded: Encoded,
    media_type: str,
    headers: dict[str, str],
) -> Response[bytes]:
    """The bytes with their ETag, or an empty 304 when the client already holds them."""
    headers = {**headers, "ETag": encoded.etag}
    if matches(request, encoded.etag):
        return Response(b"", status_code=304, headers=headers, media_type=media_type)
    return Response(encoded.body, media_type=media_type, headers=headers)
