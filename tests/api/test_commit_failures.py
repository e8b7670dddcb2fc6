"""A write whose commit fails is answered with a problem, never with the success it planned.

The failure is made by SQLAlchemy's own ``before_commit`` hook, so the commit really fails
where the request's session commits (`service.db.commit_before_response`); what is under test
is everything after it: the status line the client gets, the body, the headers, and that the
database kept nothing the client was told about.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from httpx import Response
from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy import event
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from service.auth.roles import Role
from tests.support.bank_files import as_yaml, make_document
from tests.support.exam_setup import answer_all, build_exam, start_attempt

Client = AsyncTestClient[Litestar]
Headers = Callable[..., dict[str, str]]


@contextmanager
def commits_failing(*, connection_lost: bool = False) -> Iterator[None]:
    def fail(_session: Session) -> None:
        raise OperationalError(
            "COMMIT", {}, Exception("disk I/O error"), connection_invalidated=connection_lost
        )

    event.listen(Session, "before_commit", fail)
    try:
        yield
    finally:
        event.remove(Session, "before_commit", fail)


def assert_server_fault(response: Response) -> None:
    assert response.status_code == 500, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    problem = response.json()
    assert problem["type"] == "urn:accredo:problem:internal-error"
    assert problem["reference"] == response.headers["x-request-id"]
    assert response.headers["x-content-type-options"] == "nosniff"


async def test_a_bank_whose_commit_fails_is_not_reported_created(
    client: Client, auth_header: Headers
) -> None:
    admin = auth_header(Role.ADMIN)
    with commits_failing():
        failed = await client.post("/banks", json={"name": "Never kept"}, headers=admin)
    assert_server_fault(failed)
    assert "id" not in failed.json()
    listed = await client.get("/banks", headers=admin)
    assert listed.status_code == 200, listed.text
    assert "Never kept" not in listed.text
    again = await client.post("/banks", json={"name": "Never kept"}, headers=admin)
    assert again.status_code == 201, again.text


async def test_an_import_whose_commit_fails_keeps_no_item(
    client: Client, auth_header: Headers
) -> None:
    admin = auth_header(Role.ADMIN)
    bank = (await client.post("/banks", json={"name": "Imports"}, headers=admin)).json()
    with commits_failing():
        failed = await client.post(
            f"/banks/{bank['id']}/imports",
            content=as_yaml(make_document(5)),
            headers={**admin, "Content-Type": "application/yaml"},
        )
    assert_server_fault(failed)
    items = await client.get(f"/banks/{bank['id']}/items", headers=admin)
    assert items.status_code == 200, items.text
    assert items.json()["total"] == 0


async def test_a_connection_lost_during_the_commit_is_an_unknown_outcome(
    client: Client, auth_header: Headers
) -> None:
    """Nobody knows whether the change was kept: no blind "try again" (a second POST could
    create it twice)."""
    admin = auth_header(Role.ADMIN)
    with commits_failing(connection_lost=True):
        failed = await client.post("/banks", json={"name": "Maybe kept"}, headers=admin)
    assert failed.status_code == 503, failed.text
    assert "retry-after" not in failed.headers
    assert failed.json()["type"] == "urn:accredo:problem:commit-outcome-unknown"


async def test_a_start_and_a_submit_whose_commits_fail_are_not_acknowledged(
    client: Client, auth_header: Headers
) -> None:
    exam = await build_exam(client, auth_header)
    learner = auth_header(Role.LEARNER, subject="learner-commit")
    with commits_failing():
        start = await client.post(f"/exams/{exam.exam_id}/attempts", headers=learner)
    assert_server_fault(start)
    mine = await client.get("/me/attempts", headers=learner)
    assert mine.status_code == 200, mine.text
    assert mine.json()["total"] == 0

    attempt = await start_attempt(client, exam.exam_id, learner)
    await answer_all(client, attempt, learner, correct=True)
    submit_url = f"/attempts/{attempt['id']}/submit"
    with commits_failing():
        failed = await client.post(submit_url, headers=learner)
    assert_server_fault(failed)
    still_open = await client.get(f"/attempts/{attempt['id']}", headers=learner)
    assert still_open.json()["status"] == "in_progress"
    submitted = await client.post(submit_url, headers=learner)
    assert submitted.status_code == 200, submitted.text
    assert submitted.json()["status"] == "scored"


async def test_the_served_app_commits_a_write_once(client: Client, auth_header: Headers) -> None:
    """Through the app as it is wired (`service.db.request_sessions`), not a copy of its
    configuration: the middleware's commit is the request's only one. Request sessions are
    told apart from the background loops' by the listener switch only they carry."""
    commits: list[Session] = []

    def count(session: Session) -> None:
        if session.info.get("enable_cache_listener") is False:
            commits.append(session)

    admin = auth_header(Role.ADMIN)
    event.listen(Session, "after_commit", count)
    try:
        made = await client.post("/banks", json={"name": "Committed once"}, headers=admin)
    finally:
        event.remove(Session, "after_commit", count)
    assert made.status_code == 201, made.text
    assert len(commits) == 1
    listed = await client.get("/banks", headers=admin)
    assert "Committed once" in listed.text
