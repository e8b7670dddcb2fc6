"""/metrics (token-guarded Prometheus text with per-route latency, queue, sweeper, pool) and
request ids (response header, JSON log lines, the 5xx problem's ``reference``)."""

from __future__ import annotations

import dataclasses
import json
import logging
import re
from collections.abc import AsyncIterator, Iterator

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy.ext.asyncio import AsyncEngine

from service.app import create_app
from service.observe.logs import JsonFormatter, RequestIdFilter
from service.settings import Settings
from tests.support.credential_fixtures import engine_for, make_programme, pass_attempt

TOKEN = "a-metrics-token-of-some-length"
Client = AsyncTestClient[Litestar]


@pytest.fixture
def observed(settings: Settings) -> Settings:
    return dataclasses.replace(settings, metrics_token=TOKEN, log_format="json")


@pytest.fixture
async def observed_client(observed: Settings) -> AsyncIterator[Client]:
    async with AsyncTestClient(app=create_app(observed)) as client:
        yield client


@pytest.fixture
async def engine(settings: Settings) -> AsyncIterator[AsyncEngine]:
    engine = engine_for(settings)
    yield engine
    await engine.dispose()


def _value(text: str, name: str, **labels: str) -> float:
    wanted = ",".join(f'{k}="{v}"' for k, v in labels.items())
    pattern = re.compile(rf"^{re.escape(name)}(\{{.*\}})? (\S+)$", re.M)
    for match in pattern.finditer(text):
        if all(part in (match.group(1) or "") for part in wanted.split(",") if part):
            return float(match.group(2))
    raise AssertionError(f"{name} {labels} not in /metrics")


async def test_metrics_need_the_token(observed_client: Client, client: Client) -> None:
    assert (await client.get("/metrics")).status_code == 404  # no token set: not mounted
    assert (await observed_client.get("/metrics")).status_code == 401
    wrong = await observed_client.get("/metrics", headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401
    assert wrong.headers["content-type"].startswith("application/problem+json")
    right = await observed_client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    assert right.status_code == 200
    assert right.headers["content-type"].startswith("text/plain")
    assert "/metrics" not in (await observed_client.get("/schema/openapi.json")).text


async def test_metrics_show_routes_queue_and_pool(
    observed_client: Client, engine: AsyncEngine
) -> None:
    programme = await make_programme(engine)
    await pass_attempt(engine, programme, learner_id="owed-1")
    await pass_attempt(engine, programme, learner_id="owed-2")
    for _ in range(3):
        assert (await observed_client.get("/credentials/no-such-credential")).status_code == 404
    await observed_client.get("/health")
    text = (
        await observed_client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    ).text
    route = "/credentials/{credential_id}"
    count = _value(text, "accredo_http_request_duration_seconds_count", route=route, status="404")
    assert count >= 3
    assert "no-such-credential" not in text  # the template, never the raw path
    assert _value(text, "accredo_http_request_duration_seconds_count", route="/health") >= 1
    assert _value(text, "accredo_issuance_queue_depth") == 2
    assert _value(text, "accredo_issuance_queue_oldest_age_seconds") >= 0
    assert _value(text, "accredo_sweeper_lag_seconds") == 0
    assert _value(text, "accredo_db_pool_size") >= 0
    assert _value(text, "accredo_db_pool_checked_out") >= 0


class _Lines(logging.Handler):
    """The service's own filter and JSON formatter, collecting lines instead of printing."""

    def __init__(self) -> None:
        super().__init__()
        self.addFilter(RequestIdFilter())
        self.setFormatter(JsonFormatter())
        self.lines: list[dict[str, object]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(json.loads(self.format(record)))


@pytest.fixture
def log_lines() -> Iterator[_Lines]:
    handler = _Lines()
    logger = logging.getLogger("accredo")
    logger.addHandler(handler)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)


async def test_the_problem_reference_is_the_logged_request_id(
    observed_client: Client, log_lines: _Lines, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def broken(*_args: object) -> object:
        raise RuntimeError("the database caught fire")

    monkeypatch.setattr("service.public.cached_reads.load_version", broken)
    response = await observed_client.get("/credentials/anything", headers={"Accept": "text/html"})
    assert response.status_code == 500
    problem = response.json()
    reference = problem["reference"]
    assert response.headers["x-request-id"] == reference
    assert reference in problem["detail"]
    logged = [line for line in log_lines.lines if line["logger"] == "accredo.errors"]
    assert len(logged) == 1
    assert logged[0]["request_id"] == reference
    assert logged[0]["level"] == "ERROR"
    assert "the database caught fire" in str(logged[0]["exception"])


async def test_a_plain_incoming_request_id_is_kept_and_others_replaced(
    observed_client: Client,
) -> None:
    kept = await observed_client.get("/health", headers={"X-Request-ID": "lb-1234abcd"})
    assert kept.headers["x-request-id"] == "lb-1234abcd"
    replaced = await observed_client.get("/health", headers={"X-Request-ID": "bad id\nforged"})
    assert re.fullmatch(r"[0-9a-f]{32}", replaced.headers["x-request-id"])
    fresh = [(await observed_client.get("/health")).headers["x-request-id"] for _ in range(2)]
    assert fresh[0] != fresh[1]
