"""One id per request: in the ``X-Request-ID`` response header, every log line written while
the request runs, and the ``reference`` of a 5xx problem -- so a user quoting a problem's
reference leads straight to the request's log lines.

A caller (a load balancer, a gateway) may send its own ``X-Request-ID``; it is kept when it
is a plain token (letters, digits, ``-``, 8 to 64 characters) and replaced otherwise, so a
client cannot inject text into the logs.
"""

from __future__ import annotations

import re
import uuid
from contextvars import ContextVar

HEADER = "x-request-id"
_ACCEPTABLE = re.compile(r"[A-Za-z0-9-]{8,64}")
_current: ContextVar[str | None] = ContextVar("accredo_request_id", default=None)


def current_request_id() -> str | None:
    return _current.get()


def reference() -> str:
    """The id to quote for the current request (a fresh one outside any request)."""
    return _current.get() or uuid.uuid4().hex


def adopt(incoming: bytes | None) -> str:
    """The id for a new request: the caller's when acceptable, else a fresh one; now current."""
    text = incoming.decode("latin-1") if incoming else ""
    request_id = text if _ACCEPTABLE.fullmatch(text) else uuid.uuid4().hex
    _current.set(request_id)
    return request_id
