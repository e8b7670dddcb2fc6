"""The benchmark's webhook receivers, in a process of their own.

The receivers are the tests' real receiver (``tests.support.webhook_receiver``: HTTP/1.1,
every signature verified with ``standardwebhooks``), but served from a child process, so
their threads do not share an interpreter lock with the benchmark's learners and event
writer: the benchmark then measures the service's sending, not its own receivers. The
parent drives them over a pipe (set a secret, a delay, a failing window; read what
arrived).
"""

from __future__ import annotations

import multiprocessing
from multiprocessing.connection import Connection
from typing import Any

from tests.support.webhook_receiver import Receiver, start_receiver, stop_receiver


def _serve(conn: Connection, count: int) -> None:
    receivers = [start_receiver() for _ in range(count)]
    conn.send([receiver.url for receiver in receivers])
    while True:
        operation, number, value = conn.recv()
        if operation == "stop":
            for receiver in receivers:
                stop_receiver(receiver)
            conn.send(None)
            return
        conn.send(_apply(receivers[number], operation, value))


def _apply(receiver: Receiver, operation: str, value: Any) -> Any:
    if operation in ("secret", "delay", "fail_until"):
        setattr(receiver, operation, value)
        return None
    with receiver.lock:
        if operation == "received":
            return [(r.webhook_id, r.body["timestamp"], r.received_at) for r in receiver.received]
        if operation == "counts":
            return receiver.failures_served, len(receiver.unverified)
    raise ValueError(operation)


class Receivers:
    """``count`` receivers in a child process; ``urls[n]`` is the n-th one's address."""

    def __init__(self, count: int) -> None:
        self._conn, child = multiprocessing.Pipe()
        self._process = multiprocessing.get_context("spawn").Process(
            target=_serve, args=(child, count), daemon=True
        )
        self._process.start()
        self.urls: list[str] = self._conn.recv()

    def _call(self, operation: str, number: int = 0, value: Any = None) -> Any:
        self._conn.send((operation, number, value))
        return self._conn.recv()

    def set(self, number: int, field: str, value: Any) -> None:
        self._call(field, number, value)

    def received(self, number: int) -> list[tuple[str, str, float]]:
        """(webhook id, the event's timestamp, ``time.time()`` on receipt) of each arrival."""
        return [(str(i), str(t), float(r)) for i, t, r in self._call("received", number)]

    def counts(self, number: int) -> tuple[int, int]:
        """(failures served, unverified requests)."""
        served, unverified = self._call("counts", number)
        return int(served), int(unverified)

    def stop(self) -> None:
        if self._process.is_alive():
            self._call("stop")
        self._process.join(timeout=15)
