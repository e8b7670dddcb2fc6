"""Credential benchmarks (a script, not a test): issuance rate, PDF certificates per second,
and the public credential JSON endpoint's and POST /verify's requests per second beside
/health under the same granian server and load, with p50/p99 and the server's peak RSS.

Run: ``.venv/bin/python -m tests.benchmarks.bench_credentials`` (loopback only, bounded loops).
"""

from __future__ import annotations

import asyncio
import json
import time
from datetime import UTC, datetime

import httpx
from sqlalchemy import select

from credentials.pdf_certificate import render_certificate_pdf
from service.db.models import CertificationRow, CredentialRow
from service.db.session import transaction
from service.public.renders import certificate_data
from service.settings import Settings
from tests.benchmarks.harness import (
    database_urls,
    describe,
    process_tree_peak_rss_mb,
    running_server,
)
from tests.conftest import TEST_SECRET
from tests.support.credential_fixtures import engine_for, issue, make_programme, pass_attempt

ISSUED = 200
PDFS = 40
REQUESTS = 2000
CONCURRENCY = 32


async def _issuance(settings: Settings) -> tuple[float, str]:
    engine = engine_for(settings)
    try:
        programme = await make_programme(engine)
        for n in range(ISSUED):
            await pass_attempt(engine, programme, learner_id=f"bench-{n}")
        started = time.perf_counter()
        made = 0
        while made < ISSUED:
            made += await issue(engine, settings, datetime.now(UTC))
        elapsed = time.perf_counter() - started
        async with transaction(engine) as session:
            row = (await session.scalars(select(CredentialRow).limit(1))).one()
            certification = await session.get(CertificationRow, row.certification_id)
        assert certification is not None
        data = certificate_data(settings, row, certification, "https://accredo.test/c/x")
        pdf_started = time.perf_counter()
        for _ in range(PDFS):
            render_certificate_pdf(data)
        pdf_rate = PDFS / (time.perf_counter() - pdf_started)
        print(f"  issuance: {ISSUED / elapsed:.1f} credentials/s (signed + stored)")
        print(f"  PDF certificates: {pdf_rate:.1f}/s (uncached renders)")
        return ISSUED / elapsed, row.public_id
    finally:
        await engine.dispose()


async def _load(method: str, url: str, body: bytes | None = None) -> tuple[float, list[float]]:
    latencies: list[float] = []
    limits = httpx.Limits(max_connections=CONCURRENCY)
    async with httpx.AsyncClient(limits=limits, timeout=30) as client:
        queue = iter(range(REQUESTS))

        async def worker() -> None:
            for _ in queue:
                started = time.perf_counter()
                response = await client.request(
                    method, url, content=body, headers={"Accept": "application/ld+json"}
                )
                response.raise_for_status()
                latencies.append(time.perf_counter() - started)

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(CONCURRENCY)))
        return REQUESTS / (time.perf_counter() - started), latencies


def main() -> None:
    with database_urls() as urls:
        for kind, url in urls.items():
            print(f"{kind}:")
            settings = Settings(
                database_url=url, public_base_url="http://127.0.0.1:8000", secret_key=TEST_SECRET
            )
            _, public_id = asyncio.run(_issuance(settings))
            with running_server(url) as server:
                base = server.base_url
                document = httpx.get(f"{base}/credentials/{public_id}?format=json").json()
                body = json.dumps(document).encode()
                for label, method, target, payload in (
                    ("GET /health", "GET", f"{base}/health", None),
                    ("GET /credentials/{id} JSON", "GET", f"{base}/credentials/{public_id}", None),
                    ("POST /verify", "POST", f"{base}/verify", body),
                ):
                    rate, latencies = asyncio.run(_load(method, target, payload))
                    print(f"  {label}: {rate:.0f} req/s; {describe(latencies)}")
                print(f"  server peak RSS: {process_tree_peak_rss_mb(server.process.pid):.0f} MB")


if __name__ == "__main__":
    main()
