"""End-to-end timings of the statistics API on SQLite and PostgreSQL (a script, not a test).

    python tests/benchmarks/bench_statistics.py [--examinees 10000] [--items 100]
                                                [--databases sqlite,postgresql]
                                                [--keep DIRECTORY]

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

Seeding takes about a minute per database. With ``--keep DIRECTORY`` the seeded databases are
kept and reused by the next run with the same size: the SQLite file in that directory, the
PostgreSQL database ``accredo_bench_statistics_<N>x<k>`` on the server named by
ACCREDO_TEST_DATABASE_URL (required then: a temporary server would not outlive the run).
Nothing is seeded into a kept database that already holds the exam; the seeding figure is
then not printed.
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

import asyncpg
from litestar.testing import AsyncTestClient
from sqlalchemy.engine import make_url

from service.app import create_app
from service.auth.roles import Role
from service.auth.tokens import create_token, utc_now
from service.db import migrate
from service.db.engine import create_engine
from service.db.session import transaction
from service.heap import startup_heap_frozen
from service.settings import Settings
from service.statistics.errors import ExamNotFound
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


async def _seeded(url: str, kind: str, n: int, k: int) -> tuple[UUID, float | None]:
    """The bench exam's id, seeded unless ``url`` holds it already (a kept database); and the
    seeding's seconds, None when it was kept."""
    name = f"Bench {kind}"
    engine = create_engine(url)
    try:
        async with transaction(engine) as session:
            exam = await exam_info(session, name)
            attempts = (await freshness(session, exam.id)).attempts
        if attempts != n:
            raise SystemExit(f"the kept {kind} database holds {attempts} attempts, not {n}")
        return exam.id, None
    except ExamNotFound:
        started = time.perf_counter()
        seeded = await seed_exam(engine, simulate(n, k, seed=11), name=name)
        return seeded.exam_id, time.perf_counter() - started
    finally:
        await engine.dispose()


async def _bench(kind: str, url: str, n: int, k: int, data_dir: Path) -> tuple[float, float]:
    """Prints the figures; returns (cold request seconds, peak RSS MB while serving)."""
    exam_id, seeded_s = await _seeded(url, kind, n, k)
    engine = create_engine(url)
    async with transaction(engine) as session:
        exam = await exam_info(session, exam_id)
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
        timings, serving_peak = serving.submit(_serve, url, exam_id, data_dir).result()
    cold = timings["API JSON, cold"]
    print(f"\n{kind}: {n} examinees x {k} items ({n * k:,} response rows); {machine}")
    if seeded_s is not None:
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


async def _create_database(admin_url: str, name: str) -> bool:
    """Creates the PostgreSQL database ``name`` unless it exists; True if it was created."""
    dsn = make_url(admin_url).set(drivername="postgresql")
    connection = await asyncpg.connect(dsn.render_as_string(hide_password=False))
    try:
        if await connection.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name):
            return False
        await connection.execute(f'CREATE DATABASE "{name}"')
        return True
    finally:
        await connection.close()


async def _kept_url(kind: str, keep: Path, n: int, k: int) -> str:
    """The kept database of this size (created and migrated on first use)."""
    if kind == "sqlite":
        path = keep / f"statistics-{n}x{k}.db"
        url = SqliteDatabases.url_for(path)
        if not path.exists():
            await migrate.upgrade(url)
        return url
    given = os.environ.get("ACCREDO_TEST_DATABASE_URL")
    if not given:
        raise SystemExit("--keep needs ACCREDO_TEST_DATABASE_URL for PostgreSQL")
    databases = PostgresDatabases(partial(str, given))
    name = f"accredo_bench_statistics_{n}x{k}"
    if await _create_database(given, name):
        await migrate.upgrade(databases.url_for(name))
    return databases.url_for(name)


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--examinees", type=int, default=10_000)
    parser.add_argument("--items", type=int, default=100)
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--keep", type=Path, help="keep the seeded databases and reuse them")
    args = parser.parse_args()
    server: TemporaryPostgres | None = None
    results: dict[str, tuple[float, float]] = {}
    n, k = args.examinees, args.items
    with tempfile.TemporaryDirectory() as directory:
        for kind in args.databases.split(","):
            if args.keep is not None:
                args.keep.mkdir(parents=True, exist_ok=True)
                url = await _kept_url(kind, args.keep, n, k)
            elif kind == "sqlite":
                url = await SqliteDatabases(Path(directory)).fresh()
            else:
                given = os.environ.get("ACCREDO_TEST_DATABASE_URL")
                if not given:
                    server = start_temporary_postgres()
                admin = given or (server.admin_url if server else "")
                url = await PostgresDatabases(partial(str, admin)).fresh()
            results[kind] = await _bench(kind, url, n, k, Path(directory))
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
