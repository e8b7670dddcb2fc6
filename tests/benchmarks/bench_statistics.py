"""End-to-end timings of the statistics API on SQLite and PostgreSQL (a script, not a test).

    python tests/benchmarks/bench_statistics.py [--examinees 10000] [--items 100]
                                                [--databases sqlite,postgresql]

For each database: a fresh migrated database, N x k simulated responses (one million rows
by default) bulk-inserted in bounded chunks, then through the real app and HTTP client:
the first ``GET /exams/{id}/statistics`` (reads every response, analyses, caches), a second
one (cache hit: one freshness query), the CSV and the PDF. The read and the analysis are
also timed on their own, and the peak RSS of the process is printed. PostgreSQL is the one
named by ACCREDO_TEST_DATABASE_URL, or a temporary server like the test suite starts.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import resource
import sys
import tempfile
import time
from datetime import timedelta
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # before numpy loads: one BLAS thread

from litestar.testing import AsyncTestClient

from service.app import create_app
from service.auth.roles import Role
from service.auth.tokens import create_token, utc_now
from service.db.engine import create_engine
from service.db.session import transaction
from service.settings import Settings
from service.statistics.services import compute_report
from service.statistics.store import exam_data, exam_info, freshness
from tests.support.databases import PostgresDatabases, SqliteDatabases
from tests.support.postgres import TemporaryPostgres, start_temporary_postgres
from tests.support.statistics_fixtures import seed_exam, simulate

SECRET = "bench-secret-key-with-enough-length-0123456789"


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def _bench(kind: str, url: str, n: int, k: int, data_dir: Path) -> None:
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

    settings = Settings(
        database_url=url,
        public_base_url="http://127.0.0.1:8000",
        secret_key=SECRET,
        data_dir=data_dir,
    )
    token = create_token(
        secret_key=SECRET,
        subject="bench",
        roles=(Role.AUTHOR,),
        now=utc_now(),
        ttl=timedelta(hours=1),
    )
    headers = {"Authorization": f"Bearer {token}"}
    base = f"/exams/{seeded.exam_id}/statistics"
    timings: dict[str, float] = {}
    async with AsyncTestClient(app=create_app(settings)) as client:
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
    print(f"\n{kind}: {n} examinees x {k} items ({n * k:,} response rows)")
    print(f"  seed rows (bulk insert, not part of the goal) {seeded_s:8.2f} s")
    print(f"  read responses from the database            {read_s:8.2f} s")
    print(f"  build matrices + analyse_exam (all)         {compute_s:8.2f} s")
    for label, seconds in timings.items():
        print(f"  {label:<44}{seconds:8.2f} s")
    print(f"  peak RSS so far                             {_peak_mb():8.0f} MB")


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--examinees", type=int, default=10_000)
    parser.add_argument("--items", type=int, default=100)
    parser.add_argument("--databases", default="sqlite,postgresql")
    args = parser.parse_args()
    server: TemporaryPostgres | None = None
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
            await _bench(kind, url, args.examinees, args.items, Path(directory))
    if server is not None:
        server.stop()


if __name__ == "__main__":
    asyncio.run(main())
