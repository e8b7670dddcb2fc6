"""An answer save checked from the process's memory of the form still defers to the database
for what can change: the attempt's status, its learner and its deadline.

`service.attempts.started_forms` lets a save check its position, answer and deadline
without a read, and `store.save_if_in_progress` writes only while the attempt is in progress
under its lock. These tests change the attempt behind the process's back (as another process
or an operator would) and check that the save is refused and nothing is written.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy import event, select, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.orm import Session

from service.attempts.started_forms import started_forms
from service.auth.roles import Role
from service.db.models import AttemptRow, ResponseRow
from tests.support.exam_setup import build_exam, start_attempt

Client = AsyncTestClient[Litestar]
Headers = Callable[..., dict[str, str]]


async def _stored_answers(engine: AsyncEngine, attempt_id: str) -> list[list[str]]:
    async with engine.connect() as connection:
        rows = await connection.execute(
            select(ResponseRow.chosen).where(ResponseRow.attempt_id == UUID(attempt_id))
        )
    return sorted(chosen for (chosen,) in rows.all())


async def _change_behind_the_process(
    engine: AsyncEngine, attempt_id: str, **values: object
) -> None:
    async with engine.begin() as connection:
        await connection.execute(
            update(AttemptRow).where(AttemptRow.id == UUID(attempt_id)).values(**values)
        )


async def _sitting(client: Client, auth_header: Headers) -> tuple[dict[str, Any], dict[str, str]]:
    """A started attempt of learner l-1 at a new exam, and the learner's headers."""
    setup = await build_exam(client, auth_header)
    learner = auth_header(Role.LEARNER, subject="l-1")
    return await start_attempt(client, setup.exam_id, learner), learner


async def test_a_form_unknown_to_the_process_is_read_once_then_saved(
    client: Client, auth_header: Headers, db_engine: AsyncEngine
) -> None:
    attempt, learner = await _sitting(client, auth_header)
    attempt_id = UUID(attempt["id"])
    assert attempt_id in started_forms  # the start remembers its form
    started_forms.clear()  # as in a process that did not start it
    for position, chosen in ((1, ["A"]), (2, ["B"])):
        saved = await client.put(
            f"/attempts/{attempt_id}/answers/{position}", json={"chosen": chosen}, headers=learner
        )
        assert saved.status_code == 200, saved.text
    known = started_forms.get(attempt_id)
    assert known is not None and known.learner_id == "l-1" and len(known.revision_ids) == 6
    assert datetime.fromisoformat(attempt["deadline"]) == known.deadline
    assert ["A"] in await _stored_answers(db_engine, attempt["id"])
    assert ["B"] in await _stored_answers(db_engine, attempt["id"])


async def test_an_attempt_closed_elsewhere_refuses_the_save_and_keeps_its_answers(
    client: Client, auth_header: Headers, db_engine: AsyncEngine
) -> None:
    attempt, learner = await _sitting(client, auth_header)
    url = f"/attempts/{attempt['id']}/answers/1"
    assert (await client.put(url, json={"chosen": ["A"]}, headers=learner)).status_code == 200
    before = await _stored_answers(db_engine, attempt["id"])
    await _change_behind_the_process(
        db_engine, attempt["id"], status="scored", in_progress_key=None
    )
    refused = await client.put(url, json={"chosen": ["B"]}, headers=learner)
    assert refused.status_code == 409, refused.text
    assert refused.json()["attemptStatus"] == "scored"
    assert await _stored_answers(db_engine, attempt["id"]) == before


async def test_a_deadline_moved_elsewhere_is_the_one_that_counts(
    client: Client, auth_header: Headers, db_engine: AsyncEngine
) -> None:
    attempt, learner = await _sitting(client, auth_header)
    url = f"/attempts/{attempt['id']}/answers/1"
    assert (await client.put(url, json={"chosen": ["A"]}, headers=learner)).status_code == 200
    past = datetime.now(UTC) - timedelta(hours=1)
    await _change_behind_the_process(db_engine, attempt["id"], deadline=past)
    refused = await client.put(url, json={"chosen": ["B"]}, headers=learner)
    assert refused.status_code == 409, refused.text
    assert refused.json()["attemptStatus"] == "expired"
    assert ["B"] not in await _stored_answers(db_engine, attempt["id"])


def _failing_commit(_session: Session) -> None:
    raise OperationalError("COMMIT", {}, Exception("disk I/O error"))


async def test_a_save_whose_commit_fails_is_not_acknowledged(
    client: Client, auth_header: Headers
) -> None:
    attempt, learner = await _sitting(client, auth_header)
    url = f"/attempts/{attempt['id']}/answers/1"
    event.listen(Session, "before_commit", _failing_commit)
    try:
        failed = await client.put(url, json={"chosen": ["A"]}, headers=learner)
    finally:
        event.remove(Session, "before_commit", _failing_commit)
    assert failed.status_code == 500, failed.text
    assert failed.headers["content-type"].startswith("application/problem+json")
    retried = await client.put(url, json={"chosen": ["A"]}, headers=learner)
    assert retried.status_code == 200, retried.text
