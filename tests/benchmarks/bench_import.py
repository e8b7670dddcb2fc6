"""Import 10,000 items from every format through the API on SQLite and PostgreSQL.

python tests/benchmarks/bench_import.py [ITEMS] [FORMAT ...]

Formats: yaml csv gift aiken moodle qti (all by default). Each format is imported into a new
bank of a fresh server, so the printed peak RSS is that import's. Moodle XML, CSV and QTI
files are Accredo's own exports of the generated bank; GIFT and Aiken are generated alike.
Foreign formats are sent with default kind, domain and tiers, as a writer would.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from itembank.exporting import export_csv, export_moodle_xml, export_qti_package
from itembank.importing import BankFormat, parse_bank_file
from service.auth.roles import Role
from service.auth.tokens import create_token, utc_now
from tests.benchmarks.harness import (
    database_urls,
    machine,
    process_tree_peak_rss_mb,
    running_server,
)
from tests.conftest import TEST_SECRET
from tests.support.bank_files import as_aiken, as_gift, as_yaml, make_document

DEFAULTS = "kind=scenario&domain=reporting.filters&tiers=practitioner"


def bank_files(count: int) -> dict[str, tuple[str, bytes]]:
    """Format -> (file name, bytes)."""
    yaml_body = as_yaml(make_document(count))
    items = parse_bank_file(yaml_body, BankFormat.YAML, max_bytes=1 << 30).items
    makers: dict[str, Callable[[], tuple[str, bytes]]] = {
        "yaml": lambda: ("bank.yaml", yaml_body),
        "csv": lambda: ("bank.csv", export_csv(items)),
        "gift": lambda: ("bank.gift", as_gift(count)),
        "aiken": lambda: ("bank.aiken", as_aiken(count)),
        "moodle": lambda: ("bank.xml", export_moodle_xml(items)),
        "qti": lambda: ("bank.zip", export_qti_package(items)),
    }
    return {name: make() for name, make in makers.items()}


def main(count: int, formats: list[str]) -> None:
    print(f"machine: {machine()}; a fresh server (one granian worker) per import, sent by httpx")
    token = create_token(
        secret_key=TEST_SECRET,
        subject="bench",
        roles=[Role.AUTHOR],
        now=utc_now(),
        ttl=timedelta(hours=1),
    )
    headers = {"Authorization": f"Bearer {token}"}
    files = {name: file for name, file in bank_files(count).items() if name in formats}
    for name, (filename, body) in files.items():
        print(f"{name:7s} {filename:10s} {count} items, {len(body) / 1e6:5.1f} MB")
    with database_urls() as urls:
        for kind, url in urls.items():
            for name, (filename, body) in files.items():
                with (
                    running_server(url) as server,
                    httpx.Client(base_url=server.base_url, timeout=600) as client,
                ):
                    bank = client.post(
                        "/banks", json={"name": f"bench-{kind}-{name}"}, headers=headers
                    ).json()
                    query = f"filename={filename}&{DEFAULTS}"
                    started = time.perf_counter()
                    first = client.post(
                        f"/banks/{bank['id']}/imports?{query}", content=body, headers=headers
                    )
                    first_seconds = time.perf_counter() - started
                    assert first.status_code == 201, first.text[:2000]
                    assert first.json()["created"] == count
                    started = time.perf_counter()
                    again = client.post(
                        f"/banks/{bank['id']}/imports?{query}", content=body, headers=headers
                    )
                    again_seconds = time.perf_counter() - started
                    assert again.json()["unchanged"] == count, again.text[:2000]
                    print(
                        f"{kind:10s} {name:7s} first import {first_seconds:5.2f} s "
                        f"({count / first_seconds:,.0f} items/s); re-import (all unchanged) "
                        f"{again_seconds:5.2f} s; server peak RSS "
                        f"{process_tree_peak_rss_mb(server.process.pid):.0f} MiB"
                    )


if __name__ == "__main__":
    arguments = sys.argv[1:]
    number = int(arguments.pop(0)) if arguments and arguments[0].isdigit() else 10_000
    main(number, arguments or ["yaml", "csv", "gift", "aiken", "moodle", "qti"])
