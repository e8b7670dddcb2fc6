"""Exam day on PostgreSQL with 2 granian workers: 1,000 learners start and save 60 answers each.

First the load client is checked: wrk and this script's raw client (``raw_client``) load
``GET /health`` and the trivial baseline with the same connection count, so the figures below
are the server's, not the client's. Then 200 learners start at the same instant (p99 of the
start), then 1,000 learners save their answers as fast as the server takes them, over
``CONNECTIONS`` keep-alive connections (a reverse proxy's upstream pool: learners queue for a
connection, and the save latency is measured from the request leaving on its connection).
The client's own CPU during the saves is printed beside them: it shares the server's two
cores. Finally every acknowledged answer is looked up in the database: lost answers must be
zero.

    python -m tests.benchmarks.bench_attempts [LEARNERS]
"""

from __future__ import annotations

import asyncio
import gc
import sys
import time
from collections import Counter
from datetime import timedelta
from typing import Any

import httpx
from sqlalchemy import select

from service.auth.roles import Role
from service.auth.tokens import create_token, utc_now
from service.db.engine import create_engine
from service.db.models import ResponseRow
from service.db.session import transaction
from tests.benchmarks.harness import (
    database_urls,
    describe,
    machine,
    process_tree_peak_rss_mb,
    running_server,
)
from tests.benchmarks.raw_client import Answer, Connection
from tests.benchmarks.wrk import wrk
from tests.conftest import TEST_SECRET
from tests.support.bank_files import as_yaml, make_document

ITEMS_PER_FORM = 60
SIMULTANEOUS_STARTS = 200
CONNECTIONS = 64
WORKERS = 2


def token(role: Role, subject: str) -> dict[str, str]:
    value = create_token(
        secret_key=TEST_SECRET, subject=subject, roles=[role], now=utc_now(), ttl=timedelta(hours=2)
    )
    return {"Authorization": f"Bearer {value}"}


def set_up_exam(client: httpx.Client) -> str:
    admin = token(Role.ADMIN, "bench-admin")
    bank = client.post("/banks", json={"name": "bench"}, headers=admin).json()
    client.post(
        f"/banks/{bank['id']}/imports",
        content=as_yaml(make_document(400)),
        headers={**admin, "Content-Type": "application/yaml"},
    ).raise_for_status()
    cert = client.post(
        "/certifications",
        json={"name": "Bench", "tier": "practitioner", "description": "d", "criteria": "c"},
        headers=admin,
    ).json()
    per_domain = ITEMS_PER_FORM // 4
    exam = client.post(
        "/exams",
        json={
            "certificationId": cert["id"],
            "bankId": bank["id"],
            "name": "Bench exam",
            "blueprint": {
                "domainCounts": {
                    "reporting.filters": per_domain,
                    "data.modeling": per_domain,
                    "security.access": per_domain,
                    "sharing.collaboration": per_domain,
                }
            },
            "timeLimitMinutes": 60,
            "cutScore": 0.7,
        },
        headers=admin,
    )
    exam.raise_for_status()
    return str(exam.json()["id"])


async def _raw_load(base_url: str, path: str, seconds: float) -> tuple[list[float], float]:
    connections = [await Connection.open(base_url) for _ in range(CONNECTIONS)]
    latencies: list[float] = []
    started = time.perf_counter()

    async def loop(connection: Connection) -> None:
        while time.perf_counter() - started < seconds:
            latencies.append((await connection.request("GET", path)).seconds)

    await asyncio.gather(*(loop(c) for c in connections))
    elapsed = time.perf_counter() - started
    for connection in connections:
        await connection.close()
    return latencies, elapsed


async def _ceiling(base_url: str) -> None:
    """wrk and the raw client on the same endpoints and connection count, side by side."""
    for path in ("/bench/trivial", "/health"):
        by_wrk = wrk(f"{base_url}{path}", connections=CONNECTIONS, seconds=5)
        latencies, elapsed = await _raw_load(base_url, path, seconds=5)
        print(
            f"  GET {path}: wrk {by_wrk.rate:.0f} req/s (p99 {by_wrk.p99_ms:.1f} ms); raw client "
            f"{len(latencies) / elapsed:.0f} req/s ({describe(latencies)})"
        )


async def _start(
    connection: Connection, exam_id: str, headers: dict[str, str]
) -> tuple[Answer, float]:
    """The server's answer to a start (201 with the attempt, or the refusal) and its latency;
    the body is read by the caller, outside the timed burst."""
    answer = await connection.request("POST", f"/exams/{exam_id}/attempts", headers=headers)
    return answer, answer.seconds


def _attempt(answer: Answer) -> Any:
    """The started attempt, None if the server refused or failed."""
    if answer.status != 201:
        print(f"  start failed: HTTP {answer.status} {answer.body[:200]!r}")
        return None
    return answer.json()


async def run(base_url: str, exam_id: str, learners: int) -> dict[str, list[list[str]]]:
    """Returns, per attempt id, the answers the server acknowledged.

    The client keeps its own CPU out of the measured windows, since it shares the machine's
    cores with the server: every learner's token is made before the first request, the
    burst's bodies are parsed once it is over, and the client's cyclic garbage collector is
    off throughout. With a thousand parsed forms in memory, each full collection paused the
    client for up to 160 ms (eleven in a run), and the pause landed on every save in flight.
    """
    gc.disable()
    try:
        return await _run(base_url, exam_id, learners)
    finally:
        gc.enable()


async def _run(base_url: str, exam_id: str, learners: int) -> dict[str, list[list[str]]]:
    headers = [token(Role.LEARNER, f"learner-{n}") for n in range(learners)]
    together = min(SIMULTANEOUS_STARTS, learners)
    connections = [await Connection.open(base_url) for _ in range(together)]
    burst = await asyncio.gather(
        *(_start(connections[n], exam_id, headers[n]) for n in range(together))
    )
    for connection in connections:
        await connection.close()
    started = [(_attempt(answer), seconds) for answer, seconds in burst]
    failed = sum(1 for attempt, _ in started if attempt is None)
    print(f"  {together} simultaneous starts: {describe([s for _, s in started])}; failed {failed}")

    pool: asyncio.Queue[Connection] = asyncio.Queue()
    for _ in range(CONNECTIONS):
        pool.put_nowait(await Connection.open(base_url))
    attempts = [attempt for attempt, _ in started]
    saves: list[float] = []
    refused: Counter[int] = Counter()
    acknowledged: dict[str, list[list[str]]] = {}

    async def learner(n: int) -> None:
        connection = await pool.get()
        try:
            if n < together:
                attempt = attempts[n]
            else:
                attempt = _attempt((await _start(connection, exam_id, headers[n]))[0])
        finally:
            pool.put_nowait(connection)
        if attempt is None:
            return
        kept = acknowledged.setdefault(attempt["id"], [])
        for item in attempt["items"]:
            chosen = [item["options"][n % len(item["options"])]["id"]]
            connection = await pool.get()
            try:
                answer = await connection.request(
                    "PUT",
                    f"/attempts/{attempt['id']}/answers/{item['position']}",
                    body={"chosen": chosen},
                    headers=headers[n],
                )
            finally:
                pool.put_nowait(connection)
            saves.append(answer.seconds)
            if answer.status == 200:
                kept.append(chosen)
            else:
                refused[answer.status] += 1

    began, client_cpu = time.perf_counter(), time.process_time()
    await asyncio.gather(*(learner(n) for n in range(learners)))
    elapsed, client_cpu = time.perf_counter() - began, time.process_time() - client_cpu
    while not pool.empty():
        await pool.get_nowait().close()
    count = sum(len(kept) for kept in acknowledged.values())
    print(
        f"  {len(acknowledged)} learners x {ITEMS_PER_FORM} answers over {CONNECTIONS} "
        f"connections in {elapsed:.1f} s: {len(saves) / elapsed:.0f} saves/s, {count} "
        f"acknowledged, refused by status {dict(refused) or 'none'}"
    )
    print(f"  answer saves: {describe(saves)}")
    print(f"  load client CPU during the saves: {client_cpu / elapsed:.0%} of one core")
    return acknowledged


async def lost_answers(database_url: str, acknowledged: dict[str, list[list[str]]]) -> int:
    """Acknowledged answers missing from the database (compared per attempt, as multisets)."""
    engine = create_engine(database_url, pool_size=2)
    try:
        async with transaction(engine) as session:
            rows = (await session.execute(select(ResponseRow.attempt_id, ResponseRow.chosen))).all()
    finally:
        await engine.dispose()
    stored: dict[str, Counter[tuple[str, ...]]] = {}
    for attempt_id, chosen in rows:
        stored.setdefault(str(attempt_id), Counter())[tuple(chosen)] += 1
    lost = 0
    for attempt_id, kept in acknowledged.items():
        wanted = Counter(tuple(chosen) for chosen in kept)
        lost += sum((wanted - stored.get(attempt_id, Counter())).values())
    return lost


def main(learners: int) -> None:
    print(f"machine: {machine()}")
    print(
        f"load client: raw asyncio HTTP/1.1 ({CONNECTIONS} connections), checked against wrk; "
        f"{WORKERS} granian workers, PostgreSQL"
    )
    with database_urls() as urls:
        url = urls["postgresql"]
        with running_server(url, workers=WORKERS) as server:
            with httpx.Client(base_url=server.base_url, timeout=120) as client:
                exam_id = set_up_exam(client)
            asyncio.run(_ceiling(server.base_url))
            acknowledged = asyncio.run(run(server.base_url, exam_id, learners))
            lost = asyncio.run(lost_answers(url, acknowledged))
            print(f"  lost answers (acknowledged but not in the database): {lost}")
            rss = process_tree_peak_rss_mb(server.process.pid)
            print(f"  peak RSS of the serving processes: {rss:.0f} MiB")
    print(f"  load average after the run: {machine().rsplit('load average ', 1)[1]}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
