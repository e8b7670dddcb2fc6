"""End-to-end timings of the statistics API on SQLite and PostgreSQL (a script, not a test).

    python tests/benchmarks/bench_statistics.py [--examinees 10000] [--items 100]
                                                [--databases sqlite,postgresql]

For each database: a fresh migrated database, N x k simulated responses (one million rows
by default) bulk-inserted in bounded chunks, then through the real app and HTTP client:
the first ``GET /exams/{id}/statistics`` (reads every response, analyses, caches), a second
one (cache hit: one freshness query), the CSV and the PDF. The read and the analysis are
also timed on their own. The requests run in a process of their own, with the app built as
a serving worker builds it (``service.asgi``). Issue 14's goals are printed beside the
figures they judge: the cold request under 1.5 s on each database, and that process's peak
RSS (imports, app and the four requests) under 500 MB. The machine's CPU count and load
average are printed with each database: on a shared machine the figures are only comparable
at similar load. PostgreSQL is the one named by ACCREDO_TEST_DATABASE_URL, or a temporary
server like the test suite starts.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import os
import resource
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import timedelta
from functools import partial
from pathlib import Path
from uuid import UUID

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # before numpy loads: one BLAS thread

from litestar.testing import AsyncTestClient

from service.app import create_app
from service.auth.roles import Role
from service.auth.tokens import create_token, utc_now
from service.db.engine import create_engine
from service.db.session import transaction
from service.heap import startup_heap_frozen
from service.settings import Settings
from service.statistics.services import compute_report
from service.statistics.store import exam_data, exam_info, freshness
from tests.support.databases import PostgresDatabases, SqliteDatabases
from tests.support.postgres import TemporaryPostgres, start_temporary_postgres
from tests.support.statistics_fixtures import seed_exam, simulate

SECRET = "bench-secret-key-with-enough-length-0123456789"
COLD_GOAL_S = 1.5
RSS_GOAL_MB = 500.0


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _machine() -> str:
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    return f"{os.cpu_count()} CPUs, load average {load}"


GOAL_SIZE = (10_000, 100)
"""The size the goals are set for; smaller runs print their figures without a verdict."""


def _verdict(value: float, goal: float, size: tuple[int, int]) -> str:
    if size < GOAL_SIZE:
        return "no verdict below 10,000 x 100"
    return "met" if value < goal else "NOT met"


def _serve(url: str, exam_id: UUID, data_dir: Path) -> tuple[dict[str, float], float]:
    """The four requests through the real app, in a process of their own (like a serving
    worker: the seeding's memory is not in it); returns their timings and its peak RSS."""

    async def requests() -> dict[str, float]:
        settings = Settings(
            database_url=url,
            public_base_url="http://127.0.0.1:8000",
            secret_key=SECRET,
            data_dir=data_dir,
            # No issuer: its signing child would outlive the app in this spawned process,
            # whose exit joins its children before the pool's own exit hook stops it.
            credential_worker=False,
        )
        token = create_token(
            secret_key=SECRET,
            subject="bench",
            roles=(Role.AUTHOR,),
            now=utc_now(),
            ttl=timedelta(hours=1),
        )
        headers = {"Authorization": f"Bearer {token}"}
        base = f"/exams/{exam_id}/statistics"
        timings: dict[str, float] = {}
        # Built as service.asgi builds a worker's app: with its start-up heap frozen, a full
        # collection during a request walks only what was made since (without, one ran
        # during the cold request and walked the app's quarter of a million objects, 0.1 s).
        app = create_app(settings, extra_lifespan=[startup_heap_frozen])
        async with AsyncTestClient(app=app) as client:
            for label, path in (
                ("API JSON, cold", base),
                ("API JSON, cached", base),
                ("API CSV, cached", f"{base}.csv"),
                ("API PDF, cached", f"{base}.pdf"),
            ):
                started = time.perf_counter()
                response = await client.get(path, headers=headers)
                timings[label] = time.perf_counter() - started
                assert response.status_code == 200, response.text
        return timings

    return asyncio.run(requests()), _peak_mb()


async def _bench(kind: str, url: str, n: int, k: int, data_dir: Path) -> tuple[float, float]:
    """Prints the figures; returns (cold request seconds, peak RSS MB while serving)."""
    engine = create_engine(url)
    started = time.perf_counter()
    seeded = await seed_exam(engine, simulate(n, k, seed=11), name=f"Bench {kind}")
    seeded_s = time.perf_counter() - started
    async with transaction(engine) as session:
        exam = await exam_info(session, seeded.exam_id)
        current = await freshness(session, exam.id)
        started = time.perf_counter()
        data = await exam_data(session, exam.id)
        read_s = time.perf_counter() - started
    started = time.perf_counter()
    compute_report(exam, current, data, utc_now())
    compute_s = time.perf_counter() - started
    del data
    await engine.dispose()

    machine = _machine()
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as serving:
        timings, serving_peak = serving.submit(_serve, url, seeded.exam_id, data_dir).result()
    cold = timings["API JSON, cold"]
    print(f"\n{kind}: {n} examinees x {k} items ({n * k:,} response rows); {machine}")
    print(f"  seed rows (bulk insert, not part of the goal) {seeded_s:8.2f} s")
    print(f"  read responses from the database            {read_s:8.2f} s")
    print(f"  build matrices + analyse_exam (all)         {compute_s:8.2f} s")
    for label, seconds in timings.items():
        print(f"  {label:<44}{seconds:8.2f} s")
    print(
        f"  goal: API JSON, cold < {COLD_GOAL_S} s               {cold:8.2f} s"
        f"   {_verdict(cold, COLD_GOAL_S, (n, k))}"
    )
    print(
        f"  goal: peak RSS < {RSS_GOAL_MB:.0f} MB (serving process) {serving_peak:6.0f} MB"
        f"   {_verdict(serving_peak, RSS_GOAL_MB, (n, k))}"
    )
    return cold, serving_peak


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--examinees", type=int, default=10_000)
    parser.add_argument("--items", type=int, default=100)
    parser.add_argument("--databases", default="sqlite,postgresql")
    args = parser.parse_args()
    server: TemporaryPostgres | None = None
    results: dict[str, tuple[float, float]] = {}
    with tempfile.TemporaryDirectory() as directory:
        for kind in args.databases.split(","):
            if kind == "sqlite":
                url = await SqliteDatabases(Path(directory)).fresh()
            else:
                given = os.environ.get("ACCREDO_TEST_DATABASE_URL")
                if not given:
                    server = start_temporary_postgres()
                admin = given or (server.admin_url if server else "")
                url = await PostgresDatabases(partial(str, admin)).fresh()
            results[kind] = await _bench(kind, url, args.examinees, args.items, Path(directory))
    if server is not None:
        server.stop()
    print(f"\nstatistics, cold GET /exams/{{id}}/statistics ({args.examinees:,} x {args.items}):")
    size = (args.examinees, args.items)
    for kind, (cold, peak) in results.items():
        cold_verdict = _verdict(cold, COLD_GOAL_S, size)
        rss_verdict = _verdict(peak, RSS_GOAL_MB, size)
        print(
            f"  {kind:<11}{cold:6.2f} s (goal < {COLD_GOAL_S} s, {cold_verdict})"
            f"  peak RSS {peak:5.0f} MB (goal < {RSS_GOAL_MB:.0f} MB, {rss_verdict})"
        )


if __name__ == "__main__":
    asyncio.run(main())
