"""A load generator light enough that the server, not the client, is what gets measured.

httpx is convenient but spends more CPU per request than a Litestar handler does, so an httpx
client saturates first and every endpoint appears to run at the client's speed. This client
speaks just enough HTTP/1.1 for the benchmark: persistent keep-alive connections (no
pipelining: one request in flight per connection), many connections per process, uvloop, and
several processes whose counts and latencies are summed. Responses must carry
Content-Length (the app sends it); anything other than a 2xx status fails the run.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import uvloop

if TYPE_CHECKING:
    from multiprocessing.queues import Queue
    from multiprocessing.synchronize import Barrier


@dataclass(frozen=True)
class LoadResult:
    requests: int
    seconds: float
    latencies: list[float]

    @property
    def rate(self) -> float:
        return self.requests / self.seconds


def _request_bytes(method: str, url: str, body: bytes | None, accept: str) -> bytes:
    parts = urlsplit(url)
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    lines = [
        f"{method} {target} HTTP/1.1",
        f"Host: {parts.netloc}",
        f"Accept: {accept}",
        "Connection: keep-alive",
    ]
    if body is not None:
        lines += ["Content-Type: application/json", f"Content-Length: {len(body)}"]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + (body or b"")


async def _connection(url: str, request: bytes, count: int, latencies: list[float]) -> None:
    parts = urlsplit(url)
    reader, writer = await asyncio.open_connection(parts.hostname, parts.port)
    try:
        for _ in range(count):
            started = time.perf_counter()
            writer.write(request)
            head = await reader.readuntil(b"\r\n\r\n")
            status = int(head[9:12])
            length = None
            for line in head.split(b"\r\n")[1:]:
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value)
            if length is None:
                raise RuntimeError("the response has no Content-Length")
            await reader.readexactly(length)
            if not 200 <= status < 300:
                raise RuntimeError(f"HTTP {status} from {url}")
            latencies.append(time.perf_counter() - started)
    finally:
        writer.close()


async def _process_load(url: str, request: bytes, requests: int, connections: int) -> list[float]:
    latencies: list[float] = []
    share, extra = divmod(requests, connections)
    await asyncio.gather(
        *(
            _connection(url, request, share + (1 if n < extra else 0), latencies)
            for n in range(connections)
        )
    )
    return latencies


def _worker(
    url: str,
    request: bytes,
    requests: int,
    connections: int,
    barrier: Barrier,
    results: Queue[tuple[float, float, list[float]]],
) -> None:
    """One client process: waits for the others, then reports (start, end, latencies)."""
    try:
        uvloop.run(_process_load(url, request, min(100, requests), min(4, connections)))
        barrier.wait()
        began = time.time()
        latencies = uvloop.run(_process_load(url, request, requests, connections))
    except BaseException:
        results.put((0.0, 0.0, []))
        raise
    results.put((began, time.time(), latencies))


def run_load(
    method: str,
    url: str,
    *,
    body: bytes | None = None,
    accept: str = "application/ld+json",
    requests: int = 20000,
    connections: int = 64,
    processes: int = 2,
) -> LoadResult:
    """Send ``requests`` over ``connections`` keep-alive connections spread over processes.

    Each process warms up, all start together, and the rate is the total over the span from
    the first start to the last finish.
    """
    request = _request_bytes(method, url, body, accept)
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(processes)
    results: Queue[tuple[float, float, list[float]]] = context.Queue()
    per_connection = max(1, connections // processes)
    workers = [
        context.Process(
            target=_worker,
            args=(
                url,
                request,
                requests // processes + (1 if n < requests % processes else 0),
                per_connection,
                barrier,
                results,
            ),
        )
        for n in range(processes)
    ]
    for worker in workers:
        worker.start()
    reports = [results.get(timeout=600) for _ in workers]
    for worker in workers:
        worker.join(timeout=30)
        if worker.exitcode != 0:
            raise RuntimeError(f"a load process failed (exit code {worker.exitcode})")
    began = min(report[0] for report in reports)
    ended = max(report[1] for report in reports)
    latencies = [value for report in reports for value in report[2]]
    return LoadResult(len(latencies), ended - began, latencies)
