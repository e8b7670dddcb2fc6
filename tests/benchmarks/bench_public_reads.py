"""Public reads against the trivial baseline, on SQLite and PostgreSQL, 1 and 2 granian workers.

Every figure is printed beside ``GET /bench/trivial`` (a constant, mounted in the same app,
served by the same workers, loaded by the same wrk run shape): the ratio is what matters on
a shared machine, where absolute requests/s move with everyone else's load. Then the same
reads with 2 workers, as a ratio to 1 worker (scale-out). Peak RSS covers every serving
process. A script, not a test: it prints figures and asserts nothing.

Run: ``.venv/bin/python -m tests.benchmarks.bench_public_reads`` (``make bench`` runs all).
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpx
from sqlalchemy import select

from service.db.models import CredentialRow
from service.db.session import transaction
from service.settings import Settings
from tests.benchmarks.harness import (
    database_urls,
    machine,
    process_tree_peak_rss_mb,
    running_server,
)
from tests.benchmarks.wrk import WrkResult, wrk
from tests.conftest import TEST_SECRET
from tests.support.credential_fixtures import engine_for, issue, make_programme, pass_attempt

CONNECTIONS = 32
SECONDS = 5.0
ISSUED = 20
JSON_LD = {"Accept": "application/ld+json"}
HTML = {"Accept": "text/html"}


@dataclass(frozen=True)
class Read:
    label: str
    path: str
    headers: dict[str, str]
    goal: float
    """The share of the trivial endpoint's rate this read should reach."""


async def _issue_credentials(settings: Settings) -> None:
    engine = engine_for(settings)
    try:
        programme = await make_programme(engine)
        for n in range(ISSUED):
            await pass_attempt(engine, programme, learner_id=f"bench-{n}")
        while await issue(engine, settings):
            pass
    finally:
        await engine.dispose()


def _first(value: Any) -> Any:
    return value[0] if isinstance(value, list) else value


def _reads(base: str, public_id: str) -> Iterator[Read]:
    credential = httpx.get(f"{base}/credentials/{public_id}", headers=JSON_LD).json()
    status_list = urlsplit(_first(credential["credentialStatus"])["statusListCredential"]).path
    key = urlsplit(_first(credential["proof"])["verificationMethod"]).path
    page = f"/credentials/{public_id}"
    etag = httpx.get(f"{base}{page}", headers=JSON_LD).headers["etag"]
    yield Read("credential JSON-LD", page, JSON_LD, 0.5)
    yield Read(
        "credential JSON-LD, If-None-Match -> 304", page, JSON_LD | {"If-None-Match": etag}, 0.5
    )
    yield Read("credential VC-JWT", f"{page}.jwt", {}, 0.5)
    yield Read("credential page (HTML)", page, HTML, 0.3)
    yield Read("status list", status_list, {}, 0.5)
    yield Read("issuer profile (JSON-LD)", "/issuer", JSON_LD, 0.5)
    yield Read("issuer key document", key, {}, 0.5)


def _line(label: str, result: WrkResult, baseline: WrkResult, goal: float | None) -> str:
    ratio = result.rate / baseline.rate
    verdict = "" if goal is None else (" (goal met)" if ratio >= goal else " (BELOW goal)")
    goal_text = "" if goal is None else f" goal >= {goal:.0%}{verdict}"
    return (
        f"  {label:<42} {result.rate:8.0f} req/s  {ratio:6.1%} of trivial{goal_text}; "
        f"p50 {result.p50_ms:.1f} ms, p99 {result.p99_ms:.1f} ms"
    )


def _measure(base: str, public_id: str) -> dict[str, WrkResult]:
    trivial_url = f"{base}/bench/trivial"
    wrk(trivial_url, connections=CONNECTIONS, seconds=1.0)  # warm-up
    results = {"trivial": wrk(trivial_url, connections=CONNECTIONS, seconds=SECONDS)}
    baseline = results["trivial"]
    print(_line("GET /bench/trivial (baseline)", baseline, baseline, None))
    for read in _reads(base, public_id):
        if httpx.get(f"{base}{read.path}", headers=read.headers).status_code >= 400:
            raise RuntimeError(f"GET {read.path} failed before the load")
        # Warm-up, as for the baseline: a list's first read signs it, and that write empties
        # every process's copy a moment later; the figure is the steady state after it.
        wrk(f"{base}{read.path}", headers=read.headers, connections=CONNECTIONS, seconds=1.0)
        result = wrk(
            f"{base}{read.path}", headers=read.headers, connections=CONNECTIONS, seconds=SECONDS
        )
        results[read.label] = result
        print(_line(f"GET {read.label}", result, baseline, read.goal))
    return results


def main() -> None:
    print(f"machine: {machine()}")
    print(f"load client: wrk, {CONNECTIONS} connections, 2 threads, {SECONDS:.0f} s per figure")
    with database_urls() as urls:
        for kind, url in urls.items():
            settings = Settings(
                database_url=url, public_base_url="http://127.0.0.1:8000", secret_key=TEST_SECRET
            )
            asyncio.run(_issue_credentials(settings))
            by_workers: dict[int, dict[str, WrkResult]] = {}
            for workers in (1, 2):
                with running_server(url, workers=workers) as server:
                    public_id = _a_public_id(url)
                    print(f"{kind}, {workers} granian worker(s):")
                    by_workers[workers] = _measure(server.base_url, public_id)
                    rss = process_tree_peak_rss_mb(server.process.pid)
                    print(f"  peak RSS of the serving processes: {rss:.0f} MiB")
            print(f"{kind}, scale-out (2 workers / 1 worker, goal >= 1.7x):")
            for label, one in by_workers[1].items():
                two = by_workers[2][label]
                print(f"  {label:<42} {two.rate / one.rate:5.2f}x")
            print(f"  load average after the run: {machine().rsplit('load average ', 1)[1]}")


def _a_public_id(database_url: str) -> str:
    async def first() -> str:
        settings = Settings(
            database_url=database_url, public_base_url="http://x", secret_key=TEST_SECRET
        )
        engine = engine_for(settings)
        try:
            async with transaction(engine) as session:
                return str(await session.scalar(select(CredentialRow.public_id).limit(1)))
        finally:
            await engine.dispose()

    return asyncio.run(first())


if __name__ == "__main__":
    main()
