"""An httpx client that reaches a server's other DNS names on 127.0.0.1, Host header intact.

After ``accredo issuer move`` the old DNS name must point at the server; tests cannot change
DNS, so a request for a URL under an alias origin is sent to the server's own address with
the alias's host in ``Host`` -- exactly what the server sees when the real name resolves to
it. Everything else is refused, so a test never reaches the network.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import httpx


class HostRouting(httpx.BaseTransport):
    def __init__(self, server: str, aliases: tuple[str, ...]) -> None:
        self._server = httpx.URL(server)
        self._aliases = {urlsplit(alias).netloc.lower() for alias in aliases}
        self._inner = httpx.HTTPTransport()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.netloc.decode().lower() == self._server.netloc.decode().lower():
            return self._inner.handle_request(request)
        host = request.url.netloc.decode().lower()
        if host not in self._aliases:
            raise httpx.ConnectError(f"refused: {request.url} is not the server under test")
        request.headers["Host"] = host
        request.url = request.url.copy_with(
            scheme=self._server.scheme, host=self._server.host, port=self._server.port
        )
        return self._inner.handle_request(request)

    def close(self) -> None:
        self._inner.close()


def host_routing_client(server: str, aliases: tuple[str, ...]) -> httpx.Client:
    return httpx.Client(transport=HostRouting(server, aliases), timeout=10, follow_redirects=True)
