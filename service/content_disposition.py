"""``Content-Disposition`` headers for downloads whose file names may be any text (RFC 6266).

A header value must be Latin-1, so a bank called "Système 日本" cannot go into ``filename=``
as it is. RFC 6266 gives two parameters: ``filename`` with a plain ASCII fallback for old
clients, and ``filename*`` with the exact name in UTF-8, percent-encoded (RFC 8187).
"""

from __future__ import annotations

import unicodedata
from urllib.parse import quote

_SAFE_ASCII = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 -_.()")


def _ascii_fallback(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(
        c if c in _SAFE_ASCII else "_" for c in decomposed if not unicodedata.combining(c)
    )


def content_disposition(filename: str, *, disposition: str = "attachment") -> str:
    """The header value naming ``filename``; ``filename*`` only when ASCII is not enough."""
    fallback = _ascii_fallback(filename) or "download"
    if fallback == filename:
        return f'{disposition}; filename="{fallback}"'
    encoded = quote(filename, safe="")
    return f"{disposition}; filename=\"{fallback}\"; filename*=UTF-8''{encoded}"
