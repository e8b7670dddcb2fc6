"""wrk (the Debian package) as the load client: C, many connections, a Lua report.

wrk keeps ``connections`` keep-alive connections busy for ``seconds`` over a few threads and
costs far less CPU per request than any Python client, so on a shared 2-core machine the
server, not the client, is what saturates. The Lua ``done`` hook prints one JSON line with
the totals and latency percentiles (wrk measures in microseconds), which is parsed here.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

REPORT = """
local body = os.getenv("WRK_BODY")
if body ~= nil and body ~= "" then
  wrk.method = "POST"
  wrk.body = body
  wrk.headers["Content-Type"] = "application/json"
end
local statuses = {}
response = function(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRK {"requests": %d, "micros": %d, "p50": %d, "p99": %d, "errors": %d, "bad": %d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.connect + e.read + e.write + e.timeout, e.status))
end
"""


class WrkMissing(RuntimeError):
    """wrk is not installed; ``make system-packages`` installs it (Debian package ``wrk``)."""


@dataclass(frozen=True)
class WrkResult:
    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    errors: int

    @property
    def rate(self) -> float:
        return self.requests / self.seconds


def wrk(
    url: str,
    *,
    headers: dict[str, str] | None = None,
    body: str = "",
    connections: int = 32,
    seconds: float = 5.0,
    threads: int = 2,
) -> WrkResult:
    """Load ``url`` for ``seconds``; any connection error or 4xx/5xx fails the run."""
    program = shutil.which("wrk")
    if program is None:
        raise WrkMissing("wrk is not installed: apt-get install wrk (or make system-packages)")
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(REPORT)
    command = [
        program,
        "-t",
        str(threads),
        "-c",
        str(connections),
        "-d",
        f"{max(1, round(seconds))}s",
    ]
    command += ["--latency", "--timeout", "30s", "-s", script.name]
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    try:
        run = subprocess.run(
            [*command, url],
            capture_output=True,
            text=True,
            check=True,
            timeout=seconds + 60,
            env={"WRK_BODY": body, "PATH": "/usr/bin:/bin"},
        )
    finally:
        Path(script.name).unlink()
    line = next(x for x in run.stdout.splitlines() if x.startswith("WRK "))
    report = json.loads(line[4:])
    errors = int(report["errors"]) + int(report["bad"])
    if errors:
        raise RuntimeError(f"{errors} failed requests loading {url}:\n{run.stdout}")
    return WrkResult(
        requests=int(report["requests"]),
        seconds=int(report["micros"]) / 1e6,
        p50_ms=int(report["p50"]) / 1000,
        p99_ms=int(report["p99"]) / 1000,
        errors=errors,
    )
