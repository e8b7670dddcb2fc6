"""200 concurrent learners each start, answer 60 items and submit, on SQLite and PostgreSQL.

Prints attempts per second, p50/p99 latency of answer saves, the server's peak RSS, and the
count of lost answers (answers acknowledged by the API but missing from the database after
the run; it must be zero).

    python tests/benchmarks/bench_attempts.py [LEARNERS]
"""

from __future__ import annotations

import asyncio
import sys
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from service.auth.roles import Role
from service.auth.tokens import create_token, utc_now
from tests.benchmarks.harness import (
    database_urls,
    describe,
    process_tree_peak_rss_mb,
    running_server,
)
from tests.conftest import TEST_SECRET
from tests.support.bank_files import as_yaml, make_document

ITEMS_PER_FORM = 60


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
        json={"name": "Bench", "tier": "foundation", "description": "d", "criteria": "c"},
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


async def sit(
    client: httpx.AsyncClient, exam_id: str, learner: int, saves: list[float]
) -> dict[str, Any]:
    headers = token(Role.LEARNER, f"learner-{learner}")
    started = await client.post(f"/exams/{exam_id}/attempts", headers=headers)
    if started.status_code != 201:
        raise RuntimeError(f"start failed: {started.status_code} {started.text[:300]}")
    attempt = started.json()
    acknowledged: dict[int, list[str]] = {}
    for item in attempt["items"]:
        chosen = [item["options"][learner % len(item["options"])]["id"]]
        started = time.perf_counter()
        response = await client.put(
            f"/attempts/{attempt['id']}/answers/{item['position']}",
            json={"chosen": chosen},
            headers=headers,
        )
        saves.append(time.perf_counter() - started)
        if response.status_code == 200:
            acknowledged[item["position"]] = chosen
    await client.post(f"/attempts/{attempt['id']}/submit", headers=headers)
    return {"id": attempt["id"], "headers": headers, "acknowledged": acknowledged}


async def baseline(client: httpx.AsyncClient, learners: int, requests: int = 3000) -> float:
    """Requests/s of the trivial /health endpoint with the same client and concurrency: the
    ceiling of this load generator on this machine, to read the figures against."""
    per_worker = requests // learners

    async def worker() -> None:
        for _ in range(per_worker):
            await client.get("/health")

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(learners)))
    return per_worker * learners / (time.perf_counter() - started)


async def run(base_url: str, exam_id: str, learners: int) -> None:
    saves: list[float] = []
    limits = httpx.Limits(max_connections=learners, max_keepalive_connections=learners)
    async with httpx.AsyncClient(base_url=base_url, timeout=120, limits=limits) as client:
        ceiling = await baseline(client, learners)
        started = time.perf_counter()
        sittings = await asyncio.gather(*(sit(client, exam_id, n, saves) for n in range(learners)))
        elapsed = time.perf_counter() - started
        lost = 0
        for sitting in sittings:
            result = (
                await client.get(f"/attempts/{sitting['id']}", headers=sitting["headers"])
            ).json()
            scored_items = {
                item["position"]: item["chosen"] for item in result["result"]["items"] or []
            }
            if scored_items:
                lost += sum(
                    1
                    for pos, chosen in sitting["acknowledged"].items()
                    if scored_items.get(pos) != chosen
                )
        acknowledged = sum(len(s["acknowledged"]) for s in sittings)
    print(
        f"  {learners} learners x {ITEMS_PER_FORM} answers in {elapsed:.1f} s: "
        f"{learners / elapsed:.1f} attempts/s, {acknowledged / elapsed:.0f} saves/s"
    )
    print(f"  answer saves: {describe(saves)}; acknowledged {acknowledged}; lost answers: {lost}")
    print(f"  same client against GET /health: {ceiling:.0f} requests/s (client ceiling)")


def main(learners: int) -> None:
    with database_urls() as urls:
        for kind, url in urls.items():
            with running_server(url) as server:
                with httpx.Client(base_url=server.base_url, timeout=120) as client:
                    exam_id = set_up_exam(client)
                print(kind)
                asyncio.run(run(server.base_url, exam_id, learners))
                print(f"  server peak RSS {process_tree_peak_rss_mb(server.process.pid):.0f} MiB")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
