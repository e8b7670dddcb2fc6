"""Credential benchmarks (a script, not a test): issuance rate, PDF certificates per second,
and the public credential JSON endpoint's and POST /verify's requests per second beside
/health and the trivial baseline (`GET /bench/trivial`, a constant) under the same granian
server and load, each as a share of the baseline, with p50/p99 and the server's peak RSS.

Load comes from `tests.benchmarks.load` (raw keep-alive HTTP/1.1 over many connections in
several uvloop processes), because an httpx client saturates before the server does; one
httpx run against /health is printed too, to show the difference.

Run: ``.venv/bin/python -m tests.benchmarks.bench_credentials`` (loopback only, bounded loops).
"""

from __future__ import annotations

import asyncio
import json
import os
import time
from datetime import UTC, datetime

import httpx
from sqlalchemy import select

from credentials.presentation import render_certificate_pdf
from service.db.models import CredentialRow
from service.db.session import transaction
from service.public.renders import certificate_data
from service.public.shown import load_version
from service.settings import Settings
from tests.benchmarks.harness import (
    database_urls,
    describe,
    machine,
    process_tree_peak_rss_mb,
    running_server,
)
from tests.benchmarks.load import LoadResult, run_load
from tests.conftest import TEST_SECRET
from tests.support.credential_fixtures import engine_for, issue, make_programme, pass_attempt

ISSUED = 200
PDFS = 40
REQUESTS = 20000
PAGE_REQUESTS = 5000
VERIFY_REQUESTS = 1000
CONNECTIONS = 64
CLIENT_PROCESSES = 2
HTTPX_REQUESTS = 4000
HTTPX_CONCURRENCY = 32


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
            shown = await load_version(session, row.public_id, None)
        data = certificate_data(settings, shown, "https://accredo.test/c/x", None)
        pdf_started = time.perf_counter()
        for _ in range(PDFS):
            render_certificate_pdf(data)
        pdf_rate = PDFS / (time.perf_counter() - pdf_started)
        print(f"  issuance: {ISSUED / elapsed:.1f} credentials/s (signed + stored)")
        print(f"  PDF certificates: {pdf_rate:.1f}/s (uncached renders)")
        return ISSUED / elapsed, row.public_id
    finally:
        await engine.dispose()


async def _httpx_load(url: str) -> tuple[float, list[float]]:
    latencies: list[float] = []
    limits = httpx.Limits(max_connections=HTTPX_CONCURRENCY)
    async with httpx.AsyncClient(limits=limits, timeout=30) as client:
        queue = iter(range(HTTPX_REQUESTS))

        async def worker() -> None:
            for _ in queue:
                started = time.perf_counter()
                (await client.get(url)).raise_for_status()
                latencies.append(time.perf_counter() - started)

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(HTTPX_CONCURRENCY)))
        return HTTPX_REQUESTS / (time.perf_counter() - started), latencies


def _loaded(method: str, target: str, body: bytes | None, accept: str, count: int) -> LoadResult:
    """``count`` requests from the load client, the same way for every figure and its baseline."""
    return run_load(
        method,
        target,
        body=body,
        accept=accept,
        requests=count,
        connections=CONNECTIONS,
        processes=CLIENT_PROCESSES,
    )


def main() -> None:
    print(f"machine: {machine()}")
    with database_urls() as urls:
        for kind, url in urls.items():
            shape = f"{os.cpu_count()} CPUs, 1 granian worker, {CLIENT_PROCESSES} load processes"
            print(f"{kind} ({shape}):")
            settings = Settings(
                database_url=url, public_base_url="http://127.0.0.1:8000", secret_key=TEST_SECRET
            )
            _, public_id = asyncio.run(_issuance(settings))
            with running_server(url) as server:
                base = server.base_url
                document = httpx.get(f"{base}/credentials/{public_id}?format=json").json()
                body = json.dumps(document).encode()
                page = f"{base}/credentials/{public_id}"
                rate, latencies = asyncio.run(_httpx_load(f"{base}/health"))
                print(f"  GET /health, httpx client: {rate:.0f} req/s; {describe(latencies)}")
                json_ld, html = "application/ld+json", "text/html"
                baseline = _loaded("GET", f"{base}/bench/trivial", None, json_ld, REQUESTS)
                print(
                    f"  GET /bench/trivial (baseline): {baseline.rate:.0f} req/s; "
                    f"{describe(baseline.latencies)}"
                )
                for label, method, target, payload, accept, count in (
                    ("GET /health", "GET", f"{base}/health", None, json_ld, REQUESTS),
                    ("GET /credentials/{id} JSON", "GET", page, None, json_ld, REQUESTS),
                    ("GET /credentials/{id} page", "GET", page, None, html, PAGE_REQUESTS),
                    ("POST /verify", "POST", f"{base}/verify", body, json_ld, VERIFY_REQUESTS),
                ):
                    result = _loaded(method, target, payload, accept, count)
                    print(
                        f"  {label}: {result.rate:.0f} req/s ({result.rate / baseline.rate:.1%} "
                        f"of trivial); {describe(result.latencies)}"
                    )
                print(f"  server peak RSS: {process_tree_peak_rss_mb(server.process.pid):.0f} MB")


if __name__ == "__main__":
    main()
