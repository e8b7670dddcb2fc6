"""Commit a request's session before its success is sent, so a failed commit is never a 2xx.

advanced-alchemy's ``autocommit`` handler commits as the response starts, but it runs after
the status line is decided: a commit that fails there is logged at debug level and the client
still gets its 200 or 201 for a write the database never kept (an import, a revocation, a
saved answer). So the service does not use it (`service.db.request_sessions`): this
middleware is the request's one commit. It holds the start of a 2xx response, commits
first, and only then lets it go. If the commit fails, nothing of the planned response
reaches the client; the failure is raised into the handler's response (so no body, stream
chunk or background task of it runs) and answered as any other error of the request would
be (``EXCEPTION_HANDLERS``: a 500 problem with a reference), except a connection lost
during the COMMIT itself: then nobody knows whether the change was kept, and the 503
``commit-outcome-unknown`` says so instead of inviting a blind retry. The plugin's handler
then closes the session, which rolls back what was not committed.

It sits inside the other middleware, so the problem still carries the request id, the
security headers and the CORS headers, and is counted by its real status.
"""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

from advanced_alchemy.extensions.litestar._utils import get_aa_scope_state
from litestar import Request
from litestar.enums import ScopeType
from litestar.types import ASGIApp, Message, Receive, Scope, Send
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession

from service.errors import EXCEPTION_HANDLERS, problem_response

logger = logging.getLogger("accredo.db")

_COMMITTED_STATUSES = range(200, 300)
"""The statuses whose session is committed (advanced-alchemy's ``autocommit`` range); every
other one is rolled back when the plugin closes the session."""


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

        async def send_after_commit(message: Message) -> None:
            if message["type"] == "http.response.start":
                failure = await _commit_failure(
                    scope, self.session_scope_key, int(message["status"])
                )
                if failure is not None:
                    # Raised into the handler's response: its body, a stream's next chunks
                    # and its background tasks must not run for a write that was not kept.
                    raise _CommitFailed(failure)
            await send(message)

        try:
            await self.app(scope, receive, send_after_commit)
        except Exception as raised:
            failed = _commit_failed_in(raised)
            if failed is None:
                raise
            await _send_problem(scope, receive, send, failed.error)


class _CommitFailed(Exception):
    def __init__(self, error: Exception) -> None:
        super().__init__("the request's commit failed")
        self.error = error


def _commit_failed_in(raised: BaseException) -> _CommitFailed | None:
    """The commit failure behind ``raised``: Litestar wraps an error raised after the start
    ("Exception caught after response started"), and a task group in an exception group."""
    pending: list[BaseException] = [raised]
    seen: set[int] = set()
    while pending:
        error = pending.pop()
        if id(error) in seen:
            continue
        seen.add(id(error))
        if isinstance(error, _CommitFailed):
            return error
        if isinstance(error, BaseExceptionGroup):
            pending.extend(error.exceptions)
        pending.extend(e for e in (error.__cause__, error.__context__) if e is not None)
    return None


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
    if isinstance(error, DBAPIError) and error.connection_invalidated:
        # The connection went during COMMIT: whether the change was kept is unknown, so the
        # client is not told to simply try again (a second POST could make it twice).
        logger.warning("a database connection was lost while committing %s", request.url.path)
        response = problem_response(
            request,
            status=int(HTTPStatus.SERVICE_UNAVAILABLE),
            slug="commit-outcome-unknown",
            title="The outcome of this change is unknown",
            detail=(
                "the database connection was lost while the change was being committed; it "
                "may or may not have been kept: read it back before sending it again"
            ),
        )
    else:
        response = _handler_for(error)(request, error)
    await response.to_asgi_response(app=None, request=request)(
        scope, receive, _without_body(send) if request.method == "HEAD" else send
    )


def _without_body(send: Send) -> Send:
    """A HEAD answer: the problem's status and headers (its length included), no body."""

    async def send_head(message: Message) -> None:
        if message["type"] == "http.response.body":
            message = {**message, "body": b""}
        await send(message)

    return send_head
