"""The commit-before-response middleware on the response shapes the routes do not use yet:
a stream, a response with a background task, a HEAD answer. A failed commit must answer
the problem at once, run nothing of the planned response, and send no body to a HEAD.
With the service's request-session configuration, a successful request commits once and a
refused one keeps nothing.

A small app with the real middleware, the advanced-alchemy plugin as the service configures
it and the service's exception handlers, on each test database; the commit fails through
SQLAlchemy's own ``before_commit`` hook.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Iterator
from typing import Any, cast

import pytest
from advanced_alchemy.extensions.litestar import SQLAlchemyPlugin
from litestar import Litestar, Response, get, head, post
from litestar.background_tasks import BackgroundTask
from litestar.di import NamedDependency
from litestar.exceptions import ClientException
from litestar.middleware import DefineMiddleware
from litestar.response import Stream
from litestar.testing import AsyncTestClient
from litestar.types import Message
from sqlalchemy import Engine, event, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession
from sqlalchemy.orm import Session
from sqlalchemy.pool import QueuePool

from service.db.commit_before_response import CommitBeforeResponse
from service.db.engine import create_engine
from service.db.request_sessions import request_session_config
from service.errors import EXCEPTION_HANDLERS

ran_in_background: list[str] = []
CHUNKS = 3


@post("/with-background")
async def with_background(db_session: NamedDependency[AsyncSession]) -> Response[dict[str, bool]]:
    await db_session.execute(text("SELECT 1"))
    return Response({"ok": True}, background=BackgroundTask(_notify))


async def _notify() -> None:
    ran_in_background.append("told someone about a change that was not kept")


@get("/stream")
async def stream(db_session: NamedDependency[AsyncSession]) -> Stream:
    await db_session.execute(text("SELECT 1"))

    async def chunks() -> AsyncIterator[bytes]:
        for _ in range(CHUNKS):
            await asyncio.sleep(0.01)
            yield b"x"

    return Stream(chunks())


@head("/head")
async def head_route(db_session: NamedDependency[AsyncSession]) -> None:
    await db_session.execute(text("SELECT 1"))


@post("/notes")
async def write_a_note(db_session: NamedDependency[AsyncSession]) -> dict[str, bool]:
    await db_session.execute(text("INSERT INTO scratch_notes (note) VALUES ('kept')"))
    return {"ok": True}


@post("/notes/refused")
async def write_a_note_then_refuse(db_session: NamedDependency[AsyncSession]) -> None:
    await db_session.execute(text("INSERT INTO scratch_notes (note) VALUES ('refused')"))
    raise ClientException("refused after writing", status_code=409)


def _app(database_url: str, engine: AsyncEngine | None = None) -> Litestar:
    config = request_session_config(engine or create_engine(database_url, pool_size=2))
    return Litestar(
        [with_background, stream, head_route, write_a_note, write_a_note_then_refuse],
        plugins=[SQLAlchemyPlugin(config=config)],
        middleware=[
            DefineMiddleware(CommitBeforeResponse, session_scope_key=config.session_scope_key)
        ],
        exception_handlers=EXCEPTION_HANDLERS,
    )


@pytest.fixture
def failing_commits() -> Iterator[None]:
    def fail(_session: Session) -> None:
        raise OperationalError("COMMIT", {}, Exception("disk I/O error"))

    event.listen(Session, "before_commit", fail)
    yield
    event.remove(Session, "before_commit", fail)


async def _as_a_server_would(app: Litestar, method: str, path: str) -> list[dict[str, Any]]:
    """One request driven like a server: after the request body, ``receive`` waits until the
    client goes away, which it does only once it has a whole response."""
    sent: list[dict[str, Any]] = []
    delivered = False

    async def receive() -> dict[str, Any]:
        nonlocal delivered
        if not delivered:
            delivered = True
            return {"type": "http.request", "body": b"", "more_body": False}
        await asyncio.Event().wait()
        raise AssertionError("unreachable")

    async def send(message: Message) -> None:
        sent.append(dict(message))

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"test")],
        "client": ("127.0.0.1", 1),
        "server": ("test", 80),
        "state": {},
    }
    async with AsyncTestClient(app):  # the app's lifespan (the plugin's engine)
        await asyncio.wait_for(app(scope, receive, send), timeout=10)  # type: ignore[arg-type]
    return sent


async def test_a_stream_is_streamed_when_its_commit_succeeds(database_url: str) -> None:
    async with AsyncTestClient(_app(database_url), timeout=10) as client:
        answer = await client.get("/stream")
    assert (answer.status_code, answer.content) == (200, b"x" * CHUNKS)


async def test_a_stream_whose_commit_fails_gets_the_problem_at_once(
    database_url: str, failing_commits: None
) -> None:
    sent = await _as_a_server_would(_app(database_url), "GET", "/stream")
    assert [m["type"] for m in sent] == ["http.response.start", "http.response.body"]
    assert sent[0]["status"] == 500
    assert b"internal-error" in sent[1]["body"]


async def test_no_background_task_runs_after_a_failed_commit(
    database_url: str, failing_commits: None
) -> None:
    ran_in_background.clear()
    async with AsyncTestClient(_app(database_url)) as client:
        answer = await client.post("/with-background")
    assert answer.status_code == 500, answer.text
    assert ran_in_background == []


async def test_a_head_whose_commit_fails_gets_the_status_and_no_body(
    database_url: str, failing_commits: None
) -> None:
    sent = await _as_a_server_would(_app(database_url), "HEAD", "/head")
    assert sent[0]["status"] == 500
    assert all(not message.get("body") for message in sent[1:])


@pytest.fixture
async def scratch_notes(db_engine: AsyncEngine) -> AsyncIterator[AsyncEngine]:
    async with db_engine.begin() as connection:
        await connection.execute(text("CREATE TABLE scratch_notes (note VARCHAR(20))"))
    yield db_engine


async def _notes(engine: AsyncEngine) -> list[str]:
    async with engine.connect() as connection:
        return list((await connection.execute(text("SELECT note FROM scratch_notes"))).scalars())


async def test_a_successful_request_commits_once_and_keeps_its_write(
    database_url: str, scratch_notes: AsyncEngine
) -> None:
    commits: list[Session] = []

    def count(session: Session) -> None:
        commits.append(session)

    event.listen(Session, "after_commit", count)
    try:
        async with AsyncTestClient(_app(database_url)) as client:
            answer = await client.post("/notes")
    finally:
        event.remove(Session, "after_commit", count)
    assert answer.status_code == 201, answer.text
    assert len(commits) == 1  # no second, empty commit after the middleware's
    assert await _notes(scratch_notes) == ["kept"]


async def test_a_refused_request_keeps_nothing_it_wrote(
    database_url: str, scratch_notes: AsyncEngine
) -> None:
    engine = create_engine(database_url, pool_size=1)
    try:
        async with AsyncTestClient(_app(database_url, engine)) as client:
            answer = await client.post("/notes/refused")
            assert answer.status_code == 409, answer.text
            assert cast(QueuePool, engine.pool).checkedout() == 0  # the session was closed
            assert (await client.post("/notes")).status_code == 201
            assert cast(QueuePool, engine.pool).checkedout() == 0
    finally:
        await engine.dispose()
    assert await _notes(scratch_notes) == ["kept"]


async def test_a_session_that_fails_to_close_does_not_break_the_response(
    database_url: str,
    scratch_notes: AsyncEngine,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real_close = AsyncSession.close

    async def broken_close(session: AsyncSession) -> None:
        await real_close(session)  # the connection goes back; then the close still fails
        raise OperationalError("ROLLBACK", {}, Exception("connection reset"))

    warned = _Warnings()
    logging.getLogger("accredo.db").addHandler(warned)
    monkeypatch.setattr(AsyncSession, "close", broken_close)
    try:
        async with AsyncTestClient(_app(database_url)) as client:
            refused = await client.post("/notes/refused")
            kept = await client.post("/notes")
    finally:
        logging.getLogger("accredo.db").removeHandler(warned)
    assert refused.status_code == 409 and "refused after writing" in refused.text
    assert kept.status_code == 201 and kept.json() == {"ok": True}
    assert warned.messages.count("a request's database session did not close cleanly") == 2


class _Warnings(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


async def test_a_commit_does_not_build_option_engines(
    database_url: str, scratch_notes: AsyncEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """advanced-alchemy's cache and file-object listeners, when on, ask the engine for its
    options on every commit, and each answer is a new option engine."""
    asked: list[object] = []
    real = Engine.execution_options

    def counting(engine: Engine, **options: Any) -> Engine:
        asked.append(engine)
        return real(engine, **options)

    monkeypatch.setattr(Engine, "execution_options", counting)
    async with AsyncTestClient(_app(database_url)) as client:
        assert (await client.post("/notes")).status_code == 201
    assert asked == []
