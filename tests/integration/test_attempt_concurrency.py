"""One attempt, one truth, under real concurrency on both databases.

At most one attempt in progress per learner and exam, even under concurrent starts. Saves,
submits and expiry of one attempt race against a real server: it runs in its own processes
(two granian workers), each request in its own database transaction on its own connection, so
these races are the ones a busy exam day makes. Every save the server acknowledges (200) must
be in the score; every refused one gets the 409 "attempt closed" problem; concurrent submits
all answer the same result.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

import httpx
import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker

from service.attempts.services import start_attempt
from service.attempts.sweeper import sweep_once
from service.auth.roles import Role
from service.auth.tokens import Principal
from service.db.engine import create_engine
from service.db.models import AttemptRow, CredentialOutboxRow, ResponseRow
from service.errors import ServiceError
from tests.conftest import DATABASE_KINDS, TEST_SECRET
from tests.support.databases import PostgresDatabases, SqliteDatabases
from tests.support.exam_setup import ExamFixture, answer_all, build_exam
from tests.support.server import start_server

RACES = 6
SAVES_BEFORE_SUBMIT = 2
WRITER_SECONDS = 120
BLUEPRINT = {"domainCounts": {"reporting.filters": 4, "data.modeling": 4}}
Headers = Callable[..., dict[str, str]]


@dataclass(frozen=True)
class RaceServer:
    kind: str
    database_url: str
    base_url: str


@pytest.fixture(scope="module", params=DATABASE_KINDS)
def race_server(
    request: pytest.FixtureRequest,
    sqlite_databases: SqliteDatabases,
    postgres_databases: PostgresDatabases,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[RaceServer]:
    """One real server per database for the race tests (starting one takes seconds)."""
    kind = str(request.param)
    factory = sqlite_databases if kind == "sqlite" else postgres_databases
    database_url = asyncio.run(factory.fresh())
    workdir = tmp_path_factory.mktemp(f"races-{kind}")
    env = {
        "ACCREDO_DATABASE_URL": database_url,
        "ACCREDO_SECRET_KEY": TEST_SECRET,
        "ACCREDO_DATA_DIR": str(workdir),
        "ACCREDO_LOG_LEVEL": "WARNING",
    }
    server = start_server(env, workdir, workers=2)
    try:
        yield RaceServer(kind, database_url, server.base_url)
    finally:
        server.stop()


@pytest.fixture
async def server_client(race_server: RaceServer) -> AsyncIterator[httpx.AsyncClient]:
    limits = httpx.Limits(max_connections=64, max_keepalive_connections=64)
    async with httpx.AsyncClient(
        base_url=race_server.base_url, timeout=120, limits=limits
    ) as client:
        yield client


@pytest.fixture
async def race_engine(race_server: RaceServer) -> AsyncIterator[AsyncEngine]:
    """The test's own connections to the server's database, for checks and the sweeper."""
    engine = create_engine(race_server.database_url, pool_size=2)
    yield engine
    await engine.dispose()


async def _exam(
    client: httpx.AsyncClient, auth_header: Headers, label: str, **overrides: Any
) -> ExamFixture:
    """An exam of its own (names are unique) on the server the module's tests share."""
    return await build_exam(
        client,
        auth_header,
        bank_name=label,
        certification={"name": label},
        name=label,
        **overrides,
    )


def _choices(item: dict[str, Any], turn: int) -> list[str]:
    """A different valid answer on each turn, so the score shows which save won."""
    options = [option["id"] for option in item["options"]]
    if item["format"] == "single":
        return [options[turn % len(options)]]
    return sorted({options[turn % len(options)], options[(turn + 1) % len(options)]})


@dataclass
class Writer:
    """Saves one position again and again, each save after the previous answer came back."""

    position: int
    acknowledged: list[list[str]] = field(default_factory=list)
    refused: int = 0
    statuses: list[int] = field(default_factory=list)


@dataclass
class Race:
    writers: list[Writer]
    writing: asyncio.Event = field(default_factory=asyncio.Event)
    submitted: asyncio.Event = field(default_factory=asyncio.Event)

    def saved(self) -> None:
        if all(len(w.acknowledged) >= SAVES_BEFORE_SUBMIT for w in self.writers):
            self.writing.set()


async def _write(
    client: httpx.AsyncClient,
    attempt: dict[str, Any],
    item: dict[str, Any],
    headers: dict[str, str],
    writer: Writer,
    race: Race,
) -> None:
    """Save until refused; a save sent after the submit has answered must be refused."""
    deadline = time.monotonic() + WRITER_SECONDS
    turn = 0
    while time.monotonic() < deadline:
        sent_after_submit = race.submitted.is_set()
        chosen = _choices(item, turn)
        turn += 1
        response = await client.put(
            f"/attempts/{attempt['id']}/answers/{item['position']}",
            json={"chosen": chosen},
            headers=headers,
        )
        writer.statuses.append(response.status_code)
        if response.status_code == 200:
            assert not sent_after_submit, "a save sent after the submit answered was accepted"
            assert response.json()["chosen"] == chosen
            writer.acknowledged.append(chosen)
            race.saved()
            continue
        assert response.status_code == 409, response.text
        problem = response.json()
        assert problem["type"].endswith("attempt-closed"), problem
        assert problem["attemptStatus"] == "scored"
        writer.refused += 1
        return
    raise AssertionError(f"position {writer.position} was never refused: the attempt stayed open")


async def _submit_when_saving(
    client: httpx.AsyncClient, attempt_id: str, headers: dict[str, str], race: Race
) -> httpx.Response:
    """Submit once every writer is saving, so the submit lands in the middle of the saves."""
    await race.writing.wait()
    response = await client.post(f"/attempts/{attempt_id}/submit", headers=headers)
    race.submitted.set()
    return response


@dataclass
class Tally:
    races: int = 0
    saves_acknowledged: int = 0
    saves_refused: int = 0
    final_answers_acknowledged: int = 0
    final_answers_scored: int = 0


async def test_every_acknowledged_save_is_scored_when_racing_a_submit(
    server_client: httpx.AsyncClient,
    auth_header: Headers,
    race_engine: AsyncEngine,
    race_server: RaceServer,
) -> None:
    client = server_client
    setup = await _exam(client, auth_header, "Saves racing a submit", blueprint=BLUEPRINT)
    tally = Tally()
    for race in range(RACES):
        learner = auth_header(Role.LEARNER, subject=f"racer-{race}")
        started = await client.post(f"/exams/{setup.exam_id}/attempts", headers=learner)
        assert started.status_code == 201, started.text
        attempt = started.json()
        writers = [Writer(item["position"]) for item in attempt["items"]]
        race_state = Race(writers)
        outcomes = await asyncio.gather(
            *(
                _write(client, attempt, item, learner, writer, race_state)
                for item, writer in zip(attempt["items"], writers, strict=True)
            ),
            _submit_when_saving(client, attempt["id"], learner, race_state),
        )
        submitted = outcomes[-1]
        assert isinstance(submitted, httpx.Response)
        assert submitted.status_code == 200, submitted.text
        scored = {item["position"]: item["chosen"] for item in submitted.json()["result"]["items"]}
        stored = await _stored_result(race_engine, attempt["id"])
        for writer in writers:
            # Each writer ends on a refusal: once submitted, no save is acknowledged.
            assert writer.refused == 1 and writer.statuses[-1] == 409
            assert set(writer.statuses[:-1]) == {200}
            last = writer.acknowledged[-1]
            assert scored[writer.position] == last, (writer.position, writer.acknowledged[-3:])
            assert stored[writer.position] == last
            tally.saves_acknowledged += len(writer.acknowledged)
            tally.saves_refused += writer.refused
            tally.final_answers_acknowledged += 1
            tally.final_answers_scored += scored[writer.position] == last
        tally.races += 1
    print(f"\n[{race_server.kind}] save/submit races: {tally}")
    assert tally.final_answers_scored == tally.final_answers_acknowledged == RACES * 8


async def _stored_result(engine: AsyncEngine, attempt_id: str) -> dict[int, list[str]]:
    async with engine.connect() as connection:
        result = await connection.scalar(
            select(AttemptRow.result).where(AttemptRow.id == UUID(attempt_id))
        )
    assert result is not None
    return {item["position"]: item["chosen"] for item in result["items"]}


async def _outbox_rows(engine: AsyncEngine, attempt_id: str) -> int:
    async with engine.connect() as connection:
        count = await connection.scalar(
            select(func.count())
            .select_from(CredentialOutboxRow)
            .where(CredentialOutboxRow.attempt_id == UUID(attempt_id))
        )
    return int(count or 0)


async def test_concurrent_submits_answer_the_same_result(
    server_client: httpx.AsyncClient,
    auth_header: Headers,
    race_engine: AsyncEngine,
    race_server: RaceServer,
) -> None:
    client = server_client
    setup = await _exam(client, auth_header, "Concurrent submits")
    submits = 0
    for race in range(RACES):
        learner = auth_header(Role.LEARNER, subject=f"submitter-{race}")
        attempt = (await client.post(f"/exams/{setup.exam_id}/attempts", headers=learner)).json()
        await answer_all(client, attempt, learner, correct=True)
        responses = await asyncio.gather(
            *(client.post(f"/attempts/{attempt['id']}/submit", headers=learner) for _ in range(8))
        )
        assert [r.status_code for r in responses] == [200] * 8, [r.text for r in responses]
        results = [r.json()["result"] for r in responses]
        assert all(result == results[0] for result in results)
        assert results[0]["passed"] is True and results[0]["percent"] == 100.0
        assert {r.json()["submittedAt"] for r in responses} == {responses[0].json()["submittedAt"]}
        assert await _outbox_rows(race_engine, attempt["id"]) == 1
        submits += len(responses)
    print(f"\n[{race_server.kind}] concurrent submits: {RACES} races, {submits} submits, all 200")


async def test_the_sweeper_and_submits_close_an_overdue_attempt_once(
    server_client: httpx.AsyncClient,
    auth_header: Headers,
    race_engine: AsyncEngine,
) -> None:
    client = server_client
    setup = await _exam(client, auth_header, "An overdue attempt")
    grace = timedelta(seconds=30)
    for race in range(RACES):
        learner = auth_header(Role.LEARNER, subject=f"late-{race}")
        attempt = (await client.post(f"/exams/{setup.exam_id}/attempts", headers=learner)).json()
        await answer_all(client, attempt, learner, correct=True)
        async with race_engine.begin() as connection:
            await connection.execute(
                update(AttemptRow)
                .where(AttemptRow.id == UUID(attempt["id"]))
                .values(deadline=datetime.now(UTC) - timedelta(hours=1))
            )
        outcomes = await asyncio.gather(
            *(client.post(f"/attempts/{attempt['id']}/submit", headers=learner) for _ in range(4)),
            *(sweep_once(race_engine, grace) for _ in range(2)),
            client.put(
                f"/attempts/{attempt['id']}/answers/1", json={"chosen": ["A"]}, headers=learner
            ),
        )
        submits: list[httpx.Response] = list(outcomes[:4])  # type: ignore[arg-type]
        late_save = outcomes[-1]
        assert isinstance(late_save, httpx.Response)
        assert late_save.status_code == 409, late_save.text
        assert late_save.json()["attemptStatus"] == "expired"
        assert sum(n for n in outcomes[4:6] if isinstance(n, int)) <= 1
        assert [r.status_code for r in submits] == [200] * 4, [r.text for r in submits]
        assert {r.json()["status"] for r in submits} == {"expired"}
        assert len({r.json()["submittedAt"] for r in submits}) == 1
        assert all(r.json()["result"] == submits[0].json()["result"] for r in submits)
        assert submits[0].json()["result"]["percent"] == 100.0
        assert await _outbox_rows(race_engine, attempt["id"]) == 1


async def _try_start(engine: AsyncEngine, exam_id: UUID, learner: Principal) -> str:
    maker = async_sessionmaker(engine, expire_on_commit=False)
    try:
        async with maker() as session, session.begin():
            await start_attempt(
                session, exam_id, learner, now=datetime.now(UTC), grace=timedelta(seconds=30)
            )
    except ServiceError as error:
        return type(error).__name__
    return "started"


async def test_concurrent_starts_make_exactly_one_attempt(
    client: AsyncTestClient[Litestar],
    auth_header: Callable[..., dict[str, str]],
    db_engine: AsyncEngine,
) -> None:
    setup = await build_exam(client, auth_header)
    learner = Principal(subject="racer", roles=frozenset({Role.LEARNER}))
    outcomes = await asyncio.gather(
        *(_try_start(db_engine, UUID(setup.exam_id), learner) for _ in range(8))
    )
    assert outcomes.count("started") == 1
    assert set(outcomes) - {"started"} <= {"Conflict", "StartRefused"}
    async with db_engine.connect() as connection:
        attempts = (
            await connection.execute(
                select(func.count()).select_from(AttemptRow).where(AttemptRow.learner_id == "racer")
            )
        ).scalar_one()
        responses = (
            await connection.execute(select(func.count()).select_from(ResponseRow))
        ).scalar_one()
    assert attempts == 1
    assert responses == 6
