"""Prometheus metrics, correct with several granian worker processes.

With more than one worker, each process writes its samples to memory-mapped files in
``PROMETHEUS_MULTIPROC_DIR`` and ``/metrics`` (in whichever process answers) merges them
(prometheus-client's multiprocess mode). ``accredo serve`` sets that directory up, empty,
before the workers start (``service.observe.multiproc``); in a single process without it,
the default registry is used.

Request metrics are recorded by ``service.observe.middleware``; the figures that live in
the database (issuance queue, sweeper lag) are read when ``/metrics`` is scraped.
"""

from __future__ import annotations

import os

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)
from prometheus_client.multiprocess import MultiProcessCollector
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.pool import QueuePool

from service.observe.multiproc import MULTIPROC_ENV

CONTENT_TYPE = CONTENT_TYPE_LATEST
LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)

REQUEST_SECONDS = Histogram(
    "accredo_http_request_duration_seconds",
    "Time from request start to the end of the response, per route template.",
    ("method", "route", "status"),
    buckets=LATENCY_BUCKETS,
)
PUBLIC_READS = Counter(
    "accredo_public_reads",
    "Public reads answered from the process snapshot (memory) or the database.",
    ("source",),
)
POOL_CHECKED_OUT = Gauge(
    "accredo_db_pool_checked_out",
    "Database connections in use, summed over live processes.",
    multiprocess_mode="livesum",
)
POOL_SIZE = Gauge(
    "accredo_db_pool_size",
    "Database connections held open (idle or in use), summed over live processes.",
    multiprocess_mode="livesum",
)
LOOP_LAST_SUCCESS = Gauge(
    "accredo_background_last_success_timestamp_seconds",
    "When each background loop last finished a round without error (newest over processes).",
    ("loop",),
    multiprocess_mode="max",
)


def process_metrics() -> bytes:
    """Every process's request and pool metrics, merged when several processes serve."""
    if os.environ.get(MULTIPROC_ENV):
        registry = CollectorRegistry()
        MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        return generate_latest(registry)
    from prometheus_client import REGISTRY

    return generate_latest(REGISTRY)


def record_pool(engine: AsyncEngine) -> None:
    """This process's connection pool use (called by a background loop, twice a second)."""
    pool = engine.pool
    if isinstance(pool, QueuePool):
        POOL_CHECKED_OUT.set(pool.checkedout())
        POOL_SIZE.set(pool.checkedin() + pool.checkedout())
