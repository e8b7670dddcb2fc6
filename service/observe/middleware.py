"""The outermost per-request work: adopt a request id, time the request per route template.

A plain ASGI middleware (not Litestar's ``AbstractMiddleware``) to stay cheap: it runs on
every request, the public reads included. The route label is the matched template
(``/credentials/{credential_id:str}``), never the raw path, so a crawler cannot blow up the
number of time series.
"""

from __future__ import annotations

import time

from litestar.enums import ScopeType
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from service.observe.metrics import REQUEST_SECONDS
from service.observe.request_id import HEADER, adopt

_HEADER_BYTES = HEADER.encode()


class ObserveRequests:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP:
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        incoming = next((v for k, v in scope["headers"] if k == _HEADER_BYTES), None)
        request_id = adopt(incoming).encode()
        status = 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
                message["headers"] = [*message.get("headers", ()), (_HEADER_BYTES, request_id)]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            route = str(scope.get("path_template") or "unmatched")
            REQUEST_SECONDS.labels(scope.get("method", ""), route, str(status)).observe(
                time.perf_counter() - started
            )
