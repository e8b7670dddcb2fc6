"""A real HTTP webhook receiver on 127.0.0.1 that verifies every request with the library.

It runs a ``ThreadingHTTPServer`` in a thread, so the service's worker reaches it over a real
socket. Each request is checked with ``standardwebhooks.Webhook.verify`` against the secret
the test sets; a request that does not verify is recorded as unverified and answered 401.
``fail_next`` answers that many verified requests with 500 first; ``always_fail`` answers
every one with 503; ``delay`` makes every answer wait (a slow receiver).

It speaks HTTP/1.1 with keep-alive and a listen backlog of a production server's size, as a
CRM's endpoint does: with the standard library's defaults (HTTP/1.0, a backlog of 5) a burst
of parallel sends overflows the backlog and each dropped connection waits a 1 s SYN retry,
which measured the receiver rather than the service.
"""

from __future__ import annotations

import json
import sys
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from standardwebhooks import Webhook, WebhookVerificationError


@dataclass
class Received:
    webhook_id: str
    event_type: str
    body: dict[str, Any]
    received_at: float
    """``time.time()`` on receipt, to compare with the event's timestamp."""


@dataclass
class Receiver:
    secret: str = ""
    fail_next: int = 0
    always_fail: bool = False
    fail_until: float = 0.0
    """Answer 500 to every request before this ``time.time()`` (a receiver down a while)."""
    delay: float = 0.0
    hold: threading.Event | None = None
    """When given, every answer waits until it is set (a receiver stuck until released)."""
    received: list[Received] = field(default_factory=list)
    unverified: list[str] = field(default_factory=list)
    failures_served: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)
    server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        assert self.server is not None
        host, port = self.server.server_address[:2]
        return f"http://{host!s}:{port}/hooks"

    def ids(self) -> list[str]:
        with self.lock:
            return [r.webhook_id for r in self.received]

    def bodies(self) -> list[dict[str, Any]]:
        with self.lock:
            return [r.body for r in self.received]

    def _answer(self, raw: bytes, headers: dict[str, str]) -> int:
        if self.delay:
            time.sleep(self.delay)
        if self.hold is not None:
            self.hold.wait(timeout=60)
        try:
            body = Webhook(self.secret).verify(raw, headers)
        except WebhookVerificationError as error:
            with self.lock:
                self.unverified.append(str(error))
            return 401
        with self.lock:
            if self.always_fail or self.fail_next > 0 or time.time() < self.fail_until:
                self.fail_next = max(self.fail_next - 1, 0)
                self.failures_served += 1
                return 503 if self.always_fail else 500
            self.received.append(Received(headers["webhook-id"], body["type"], body, time.time()))
        return 200


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 1024

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A sender that hung up (the service stopping mid-send) is no test failure: quiet."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def start_receiver(secret: str = "") -> Receiver:
    receiver = Receiver(secret=secret)

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self) -> None:
            raw = self.rfile.read(int(self.headers.get("content-length") or 0))
            headers = {key.lower(): value for key, value in self.headers.items()}
            status = receiver._answer(raw, headers)
            payload = json.dumps({"status": status}).encode()
            self.send_response(status)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, format: str, *args: Any) -> None:
            return

    server = _Server(("127.0.0.1", 0), Handler)
    receiver.server = server
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return receiver


def stop_receiver(receiver: Receiver) -> None:
    if receiver.server is not None:
        receiver.server.shutdown()
        receiver.server.server_close()
