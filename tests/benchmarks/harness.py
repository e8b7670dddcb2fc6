"""Shared plumbing for benchmarks: databases on both engines, the real server, RSS, percentiles.

Benchmarks are scripts, run on demand (``make bench``); they print figures and never assert
timings. Load goes to loopback only and every loop is bounded.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import platform
import statistics
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from tests.conftest import TEST_SECRET
from tests.support.databases import PostgresDatabases, SqliteDatabases
from tests.support.postgres import start_temporary_postgres
from tests.support.server import RunningServer, start_server


@contextlib.contextmanager
def database_urls() -> Iterator[dict[str, str]]:
    """A fresh migrated database on each engine: {"sqlite": url, "postgresql": url}."""
    workdir = Path(tempfile.mkdtemp(prefix="accredo-bench-"))
    server = None
    try:
        sqlite = SqliteDatabases(workdir)
        urls = {"sqlite": asyncio.run(sqlite.fresh())}
        given = os.environ.get("ACCREDO_TEST_DATABASE_URL")
        if not given:
            server = start_temporary_postgres()
        postgres = PostgresDatabases(lambda: given or server.admin_url)  # type: ignore[union-attr]
        urls["postgresql"] = asyncio.run(postgres.fresh())
        yield urls
    finally:
        if server is not None:
            server.stop()


@contextlib.contextmanager
def running_server(
    database_url: str,
    workers: int = 1,
    extra_env: dict[str, str] | None = None,
    *,
    settle: bool = True,
) -> Iterator[RunningServer]:
    """The real server (granian, ``workers`` processes) with the trivial baseline route on;
    ``settle``: once its processes have finished starting (`until_quiet`; a server with work
    owed from the start never goes quiet, and waits for that work in its own way)."""
    workdir = Path(tempfile.mkdtemp(prefix="accredo-bench-srv-"))
    env = {
        "ACCREDO_DATABASE_URL": database_url,
        "ACCREDO_SECRET_KEY": TEST_SECRET,
        "ACCREDO_DATA_DIR": str(workdir),
        "ACCREDO_MAX_UPLOAD_BYTES": str(64 * 1024 * 1024),
        "ACCREDO_LOG_LEVEL": "WARNING",
        "OPENBLAS_NUM_THREADS": "1",
        "ACCREDO_BENCH_ENDPOINTS": "1",
        **(extra_env or {}),
    }
    server = start_server(env, workdir, workers=workers)
    try:
        if settle:
            until_quiet(server.process.pid)
        yield server
    finally:
        server.stop()


QUIET_SHARE = 0.05
"""Of one CPU, over half a second: the server's processes have finished starting."""


def until_quiet(root_pid: int, longest: float = 30.0) -> None:
    """Wait until the server's processes (workers, their issuer and signing children) are
    idle: each worker starts an issuer process, which imports the service, and a figure
    taken meanwhile measured the start-up beside the requests."""
    ticks = os.sysconf("SC_CLK_TCK")
    deadline = time.monotonic() + longest
    before = _tree_cpu_ticks(root_pid)
    while time.monotonic() < deadline:
        time.sleep(0.5)
        now = _tree_cpu_ticks(root_pid)
        if (now - before) / ticks < QUIET_SHARE * 0.5:
            return
        before = now


def _descends(pid: int, root_pid: int, parents: dict[int, int]) -> bool:
    while pid > 1:
        if pid == root_pid:
            return True
        pid = parents.get(pid, 0)
    return False


def _tree_cpu_ticks(root_pid: int) -> int:
    parents: dict[int, int] = {}
    used: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        pid = int(stat.parent.name)
        parents[pid] = int(fields[1])
        used[pid] = int(fields[11]) + int(fields[12])

    return sum(ticks for pid, ticks in used.items() if _descends(pid, root_pid, parents))


def process_tree_peak_rss_mb(root_pid: int) -> float:
    """Largest peak RSS (VmHWM) among the server's processes (workers, their signing
    children), in MiB."""
    parents: dict[int, int] = {}
    peaks: dict[int, float] = {}
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in text.splitlines() if ":" in line)
        pid = int(fields["Pid"].strip())
        parents[pid] = int(fields["PPid"].strip())
        if "VmHWM" in fields:
            peaks[pid] = int(fields["VmHWM"].split()[0]) / 1024

    return max(
        (peak for pid, peak in peaks.items() if _descends(pid, root_pid, parents)), default=0.0
    )


def machine() -> str:
    """What the figures were measured on: CPUs, model, and the load average right now."""
    model = "unknown CPU"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    one, five, fifteen = os.getloadavg()
    return (
        f"{os.cpu_count()} CPUs ({model}), {platform.python_implementation()} "
        f"{platform.python_version()}, load average {one:.2f} {five:.2f} {fifteen:.2f}"
    )


def percentile(samples: list[float], share: float) -> float:
    if not samples:
        return float("nan")
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def describe(samples: list[float]) -> str:
    return (
        f"p50 {percentile(samples, 0.5) * 1000:.1f} ms, "
        f"p99 {percentile(samples, 0.99) * 1000:.1f} ms, "
        f"mean {statistics.fmean(samples) * 1000:.1f} ms"
    )
