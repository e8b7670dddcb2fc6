"""10,000 events to 5 webhook endpoints: 3 healthy, 1 failing for a while, 1 slow (2 s).

The real server (granian) only writes events, and ``accredo webhooks worker`` delivers them
from a process of its own (the recommended deployment; ``--in-process`` delivers from the
app process instead, its default). The receivers are real HTTP servers on 127.0.0.1 in a
child process, verifying every signature with ``standardwebhooks``. Events are
written through the outbox function (``service.webhooks.emit``) in transactions of 10, paced
at about 500 events/s, while 20 learners save answers through the API. Prints:

- delivery rate to the healthy endpoints and the p50/p99 delay from the change (the event's
  timestamp) to its receipt there;
- how the failing endpoint caught up after it came back, and how far the slow one got;
- answer-save latency before any event (delivery idle) and while delivering;
- peak RSS of the server (and worker) after the idle phase (baseline) and at the end.

    python -m tests.benchmarks.bench_webhooks [EVENTS] [sqlite|postgresql] [--in-process]
"""

from __future__ import annotations

import asyncio
import os
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from service.auth.roles import Role
from service.db.engine import create_engine
from service.db.session import transaction
from service.webhooks.emit import coverage_changed
from service.webhooks.events import AccountBlock
from tests.benchmarks.bench_attempts import set_up_exam, token
from tests.benchmarks.harness import (
    database_urls,
    describe,
    machine,
    percentile,
    process_tree_peak_rss_mb,
)
from tests.benchmarks.receivers import Receivers
from tests.conftest import TEST_SECRET
from tests.support.server import RunningServer, RunningWorker, start_server, start_webhook_worker

LEARNERS = 20
BATCH = 10
EVENTS_PER_SECOND = 500
FAIL_FOR_SECONDS = 15.0
SLOW_SECONDS = 2.0
ACCOUNTS = 2000
"""Events cycle over this many accounts: each account's events are ordered, as a credential's."""


def environment(database_url: str, workdir: Path, in_process: bool) -> dict[str, str]:
    """The server's (and the worker's) settings: the app delivers only with ``in_process``."""
    return {
        "ACCREDO_DATABASE_URL": database_url,
        "ACCREDO_SECRET_KEY": TEST_SECRET,
        "ACCREDO_DATA_DIR": str(workdir),
        "ACCREDO_LOG_LEVEL": "WARNING",
        "ACCREDO_WEBHOOKS_ALLOW_LOOPBACK": "1",
        "ACCREDO_WEBHOOKS_WORKER": "1" if in_process else "0",
        "ACCREDO_WEBHOOKS_POLL_MS": "100",
        "ACCREDO_WEBHOOKS_CONCURRENCY": "32",
        "OPENBLAS_NUM_THREADS": "1",
    }


def register(client: httpx.Client, url: str) -> str:
    """Register the receiver at ``url``; returns the endpoint's signing secret."""
    created = client.post(
        "/admin/webhooks/endpoints",
        json={"url": url, "eventTypes": ["account.coverage_changed"]},
        headers=token(Role.ADMIN, "bench-admin"),
    )
    created.raise_for_status()
    return str(created.json()["secret"])


async def write_events(database_url: str, count: int) -> float:
    """Write ``count`` events at about EVENTS_PER_SECOND; returns the seconds it took."""
    engine = create_engine(database_url, pool_size=2)
    started = time.perf_counter()
    try:
        for start in range(0, count, BATCH):
            async with transaction(engine) as session:
                for number in range(start, min(start + BATCH, count)):
                    account = AccountBlock(
                        external_id=f"acct-{number % ACCOUNTS}", name=f"Account {number}"
                    )
                    await coverage_changed(session, account, [], datetime.now(UTC), change="bench")
            ahead = (start + BATCH) / EVENTS_PER_SECOND - (time.perf_counter() - started)
            if ahead > 0:
                await asyncio.sleep(ahead)
    finally:
        await engine.dispose()
    return time.perf_counter() - started


async def sit(client: httpx.AsyncClient, exam_id: str, learner: int, saves: list[float]) -> None:
    """One learner starts, saves an answer to every item (each save timed) and submits."""
    headers = token(Role.LEARNER, f"learner-{learner}")
    started = await client.post(f"/exams/{exam_id}/attempts", headers=headers)
    if started.status_code != 201:
        raise RuntimeError(f"start failed: {started.status_code} {started.text[:300]}")
    attempt = started.json()
    for item in attempt["items"]:
        chosen = [item["options"][learner % len(item["options"])]["id"]]
        began = time.perf_counter()
        await client.put(
            f"/attempts/{attempt['id']}/answers/{item['position']}",
            json={"chosen": chosen},
            headers=headers,
        )
        saves.append(time.perf_counter() - began)
    await client.post(f"/attempts/{attempt['id']}/submit", headers=headers)


async def saves_while(base_url: str, exam_id: str, first_learner: int) -> list[float]:
    saves: list[float] = []
    limits = httpx.Limits(max_connections=LEARNERS, max_keepalive_connections=LEARNERS)
    async with httpx.AsyncClient(base_url=base_url, timeout=120, limits=limits) as client:
        await asyncio.gather(
            *(sit(client, exam_id, first_learner + n, saves) for n in range(LEARNERS))
        )
    return saves


HEALTHY = (0, 1, 2)
FAILING, SLOW = 3, 4


async def wait_for(
    receivers: Receivers, numbers: tuple[int, ...], count: int, limit_seconds: float
) -> float:
    started = time.perf_counter()
    while time.perf_counter() - started < limit_seconds:
        if all(len(receivers.received(n)) >= count for n in numbers):
            break
        await asyncio.sleep(0.2)
    return time.perf_counter() - started


def delays(arrivals: list[tuple[str, str, float]]) -> list[float]:
    return [received - datetime.fromisoformat(stamp).timestamp() for _, stamp, received in arrivals]


def cpu_seconds(pid: int) -> float:
    """User + system CPU time a process has used so far (``/proc/<pid>/stat``)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def peak_rss(server: RunningServer, worker: RunningWorker | None) -> str:
    served = f"server {process_tree_peak_rss_mb(server.process.pid):.0f} MiB"
    if worker is None:
        return served
    return f"{served}, worker {process_tree_peak_rss_mb(worker.process.pid):.0f} MiB"


async def run(
    database_url: str,
    server: RunningServer,
    worker: RunningWorker | None,
    exam_id: str,
    events: int,
) -> None:
    receivers = Receivers(5)
    try:
        with httpx.Client(base_url=server.base_url, timeout=60) as client:
            for number, url in enumerate(receivers.urls):
                receivers.set(number, "secret", register(client, url))
        receivers.set(SLOW, "delay", SLOW_SECONDS)
        idle = await saves_while(server.base_url, exam_id, 0)
        baseline_rss = peak_rss(server, worker)
        worker_cpu = cpu_seconds(worker.process.pid) if worker is not None else 0.0

        receivers.set(FAILING, "fail_until", time.time() + FAIL_FOR_SECONDS)
        started = time.perf_counter()
        writing = asyncio.create_task(write_events(database_url, events))
        busy = await saves_while(server.base_url, exam_id, LEARNERS)
        written_in = await writing
        waited = await wait_for(receivers, HEALTHY, events, 900)
        healthy_done = time.perf_counter() - started
        catch_up = await wait_for(receivers, (FAILING,), events, 300)
        arrivals = {number: receivers.received(number) for number in range(5)}
        all_delays = [d for n in HEALTHY for d in delays(arrivals[n])]
        received = sum(len(arrivals[n]) for n in HEALTHY)
        ids = {n: [entry[0] for entry in arrivals[n]] for n in arrivals}
        duplicates = sum(len(found) - len(set(found)) for found in ids.values())
        counts = {number: receivers.counts(number) for number in range(5)}
        tries = sum(len(found) for found in ids.values()) + counts[FAILING][0]
        print(f"  {events} events written in {written_in:.1f} s")
        print(
            f"  healthy endpoints: {received} deliveries in {healthy_done:.1f} s "
            f"({received / healthy_done:.0f}/s; waited {waited:.1f} s after the writes)"
        )
        print(
            f"  change -> delivery at healthy endpoints: p50 {percentile(all_delays, 0.5):.2f} s, "
            f"p99 {percentile(all_delays, 0.99):.2f} s, max {max(all_delays, default=0):.2f} s"
        )
        print(
            f"  failing endpoint (down {FAIL_FOR_SECONDS:.0f} s, {counts[FAILING][0]} "
            f"refusals): {len(set(ids[FAILING]))}/{events} after {catch_up:.1f} s more"
        )
        print(
            f"  slow endpoint ({SLOW_SECONDS:.0f} s per answer): {len(set(ids[SLOW]))} "
            f"delivered by then"
        )
        print(
            f"  duplicates received: {duplicates}; unverified: "
            f"{sum(unverified for _, unverified in counts.values())}"
        )
        if worker is not None:
            spent = cpu_seconds(worker.process.pid) - worker_cpu
            print(
                f"  worker CPU: {spent:.1f} s for {tries} requests answered "
                f"({spent / max(tries, 1) * 1000:.2f} ms each)"
            )
        print(f"  answer saves, delivery idle: {describe(idle)}")
        print(f"  answer saves, while delivering: {describe(busy)}")
        print(
            f"  peak RSS: {baseline_rss} after the idle phase (baseline); "
            f"{peak_rss(server, worker)} at the end"
        )
    finally:
        receivers.stop()


def main(events: int, kinds: list[str], in_process: bool) -> None:
    import tempfile

    print(f"machine: {machine()}")
    with database_urls() as urls:
        for kind in kinds:
            workdir = Path(tempfile.mkdtemp(prefix="accredo-bench-hooks-"))
            env = environment(urls[kind], workdir, in_process)
            server = start_server(env, workdir)
            worker = None if in_process else start_webhook_worker(env, workdir)
            try:
                with httpx.Client(base_url=server.base_url, timeout=120) as client:
                    exam_id = set_up_exam(client)
                where = "in the app process" if in_process else "from `accredo webhooks worker`"
                print(f"{kind}: {events} events, delivered {where}")
                asyncio.run(run(urls[kind], server, worker, exam_id, events))
            finally:
                if worker is not None:
                    worker.stop()
                server.stop()


if __name__ == "__main__":
    arguments = [a for a in sys.argv[1:] if a != "--in-process"]
    count = int(arguments[0]) if arguments else 10_000
    chosen = arguments[1:] or ["sqlite", "postgresql"]
    main(count, chosen, "--in-process" in sys.argv)
