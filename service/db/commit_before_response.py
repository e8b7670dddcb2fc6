"""Commit a request's session before its success is sent, so a failed commit is never a 2xx.

advanced-alchemy's ``autocommit`` handler commits as the response starts, but it runs after
the status line is decided: a commit that fails there is logged at debug level and the client
still gets its 200 or 201 for a write the database never kept (an import, a revocation, a
saved answer). This middleware holds the start of a 2xx response, commits first, and only
then lets it go. If the commit fails, nothing of the planned response reaches the client;
the failure is answered as any other error of the request would be (``EXCEPTION_HANDLERS``:
a 503 with Retry-After for a lost connection, a 500 problem with a reference otherwise), and
advanced-alchemy's handler then sees the error status and rolls back.

It sits inside the other middleware, so the problem still carries the request id, the
security headers and the CORS headers, and is counted by its real status.
"""

from __future__ import annotations

from typing import Any

from advanced_alchemy.extensions.litestar._utils import get_aa_scope_state
from litestar import Request
from litestar.enums import ScopeType
from litestar.types import ASGIApp, Message, Receive, Scope, Send
from sqlalchemy.ext.asyncio import AsyncSession

from service.errors import EXCEPTION_HANDLERS

_COMMITTED_STATUSES = range(200, 300)
"""The statuses advanced-alchemy's ``autocommit`` commits on; every other one rolls back."""


class CommitBeforeResponse:
    """``session_scope_key``: the plugin config's own key (advanced-alchemy makes it unique
    per config, so a second app in one process has another)."""

    def __init__(self, app: ASGIApp, session_scope_key: str) -> None:
        self.app = app
        self.session_scope_key = session_scope_key

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP:
            await self.app(scope, receive, send)
            return
        failure: Exception | None = None

        async def send_after_commit(message: Message) -> None:
            nonlocal failure
            if failure is not None:
                return  # the rest of a response that will not be sent
            if message["type"] == "http.response.start":
                failure = await _commit_failure(
                    scope, self.session_scope_key, int(message["status"])
                )
                if failure is not None:
                    return
            await send(message)

        await self.app(scope, receive, send_after_commit)
        if failure is not None:
            await _send_problem(scope, receive, send, failure)


async def _commit_failure(scope: Scope, key: str, status: int) -> Exception | None:
    """Commit the request's session if the status says the request succeeded; the error if
    the commit failed (any error: the client must not hear "done" for what was not kept)."""
    session = get_aa_scope_state(scope, key)
    if status not in _COMMITTED_STATUSES or not isinstance(session, AsyncSession):
        return None
    try:
        await session.commit()
    except Exception as error:
        return error
    return None


def _handler_for(error: Exception) -> Any:
    for kind in type(error).__mro__:
        if kind in EXCEPTION_HANDLERS:
            return EXCEPTION_HANDLERS[kind]
    return EXCEPTION_HANDLERS[Exception]


async def _send_problem(scope: Scope, receive: Receive, send: Send, error: Exception) -> None:
    request: Request[Any, Any, Any] = Request(scope, receive)
    response = _handler_for(error)(request, error)
    await response.to_asgi_response(app=None, request=request)(scope, receive, send)
