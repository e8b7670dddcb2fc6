"""Import 10,000 generated items through the API on SQLite and PostgreSQL; print items/s.

python tests/benchmarks/bench_import.py [ITEMS]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from service.auth.roles import Role
from service.auth.tokens import create_token, utc_now
from tests.benchmarks.harness import (
    database_urls,
    process_tree_peak_rss_mb,
    running_server,
)
from tests.conftest import TEST_SECRET
from tests.support.bank_files import as_yaml, make_document


def main(count: int) -> None:
    from datetime import timedelta

    token = create_token(
        secret_key=TEST_SECRET,
        subject="bench",
        roles=[Role.AUTHOR],
        now=utc_now(),
        ttl=timedelta(hours=1),
    )
    headers = {"Authorization": f"Bearer {token}"}
    body = as_yaml(make_document(count))
    print(f"bank file: {count} items, {len(body) / 1e6:.1f} MB YAML")
    with database_urls() as urls:
        for kind, url in urls.items():
            with (
                running_server(url) as server,
                httpx.Client(base_url=server.base_url, timeout=300) as client,
            ):
                bank = client.post("/banks", json={"name": f"bench-{kind}"}, headers=headers).json()
                started = time.perf_counter()
                first = client.post(
                    f"/banks/{bank['id']}/imports",
                    content=body,
                    headers={**headers, "Content-Type": "application/yaml"},
                )
                first_seconds = time.perf_counter() - started
                assert first.status_code == 201, first.text
                started = time.perf_counter()
                again = client.post(
                    f"/banks/{bank['id']}/imports",
                    content=body,
                    headers={**headers, "Content-Type": "application/yaml"},
                )
                again_seconds = time.perf_counter() - started
                assert again.json()["unchanged"] == count
                print(
                    f"{kind:10s} first import {first_seconds:.2f} s "
                    f"({count / first_seconds:,.0f} items/s); "
                    f"re-import (all unchanged) {again_seconds:.2f} s; "
                    f"server peak RSS {process_tree_peak_rss_mb(server.process.pid):.0f} MiB"
                )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
