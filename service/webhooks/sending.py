"""One signed HTTP POST of one event to one endpoint, and what came back.

Signed with the ``standardwebhooks`` library: ``webhook-id`` (the event id, the same on
every retry, so receivers de-duplicate), ``webhook-timestamp`` and ``webhook-signature``
(HMAC-SHA256 over id, timestamp and body). The timestamp is the moment of sending on the
machine's clock, not the service's injected clock: receivers compare it with their own
clock to refuse replays, whatever time the service's tests pretend it is.

The host is resolved and checked here (``service.webhooks.addresses``) and the request goes
to that very address, with the name kept for ``Host`` and for TLS (SNI and certificate
check), so a rebinding resolver cannot redirect it. Only a bounded excerpt of the answer
is read.
"""

from __future__ import annotations

import ipaddress
import time
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit, urlunsplit

import httpx
from standardwebhooks import Webhook

from service.webhooks.addresses import AddressRefused, resolve_checked

EXCERPT_BYTES = 1024
ERROR_CHARS = 500
USER_AGENT = "Accredo-Webhooks/1"


@dataclass(frozen=True)
class Sent:
    """The outcome of one try: ``ok`` for any 2xx answer."""

    ok: bool
    status_code: int | None
    latency_ms: int
    excerpt: str | None
    error: str | None


def signed_headers(secret: str, event_id: str, body: bytes, sent_at: datetime) -> dict[str, str]:
    signature = Webhook(secret).sign(event_id, sent_at, body.decode("utf-8"))
    return {
        "webhook-id": event_id,
        "webhook-timestamp": str(int(sent_at.timestamp())),
        "webhook-signature": signature,
        "content-type": "application/json",
        "user-agent": USER_AGENT,
    }


def _pinned(url: str, address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str:
    parts = urlsplit(url)
    host = f"[{address}]" if address.version == 6 else str(address)
    netloc = host if parts.port is None else f"{host}:{parts.port}"
    return urlunsplit((parts.scheme, netloc, parts.path or "/", parts.query, ""))


def _short(text: str) -> str:
    return text if len(text) <= ERROR_CHARS else text[: ERROR_CHARS - 1] + "…"


async def send(
    client: httpx.AsyncClient,
    url: str,
    secret: str,
    event_id: str,
    body: bytes,
    *,
    sent_at: datetime,
    allow_loopback: bool,
) -> Sent:
    started = time.perf_counter()

    def elapsed() -> int:
        return int((time.perf_counter() - started) * 1000)

    parts = urlsplit(url)
    host = parts.hostname or ""
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        address = await resolve_checked(host, port, allow_loopback)
    except AddressRefused as error:
        return Sent(False, None, elapsed(), None, _short(f"refused: {error}"))
    headers = signed_headers(secret, event_id, body, sent_at)
    headers["host"] = parts.netloc.rsplit("@", 1)[-1]
    try:
        async with client.stream(
            "POST",
            _pinned(url, address),
            content=body,
            headers=headers,
            extensions={"sni_hostname": host},
        ) as response:
            excerpt = b""
            async for chunk in response.aiter_raw():
                excerpt += chunk
                if len(excerpt) >= EXCERPT_BYTES:
                    break
            text = excerpt[:EXCERPT_BYTES].decode("utf-8", errors="replace")
            return Sent(response.is_success, response.status_code, elapsed(), text, None)
    except httpx.HTTPError as error:
        return Sent(False, None, elapsed(), None, _short(f"{type(error).__name__}: {error}"))
