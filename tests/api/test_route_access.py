"""Every route declares who may call it, and every non-public route refuses outsiders.

The public routes are listed here on purpose: adding one means changing this reviewed list.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Iterator
from datetime import timedelta

import pytest
from litestar import Litestar
from litestar.routes import HTTPRoute
from litestar.testing import AsyncTestClient

from service.auth.roles import ACCESS_OPT, Access, Role

PUBLIC_ROUTES = {
    ("GET", "/health"),
    ("GET", "/schema"),
    ("GET", "/schema/openapi.json"),
    ("GET", "/schema/swagger"),
    ("GET", "/schema/{path:str}"),
    ("GET", "/schema/oauth2-redirect.html"),
    ("GET", "/certifications/{certification_id:uuid}/badge"),
    ("GET", "/issuer"),
    ("GET", "/issuer/image.png"),
    ("GET", "/keys/{key_id:str}"),
    ("GET", "/.well-known/jwks.json"),
    ("GET", "/status-lists/{purpose:str}/{number:int}"),
    ("GET", "/achievements/{certification_id:uuid}"),
    ("GET", "/achievements/{certification_id:uuid}/image.png"),
    ("GET", "/credentials/{credential_id:str}"),
    ("GET", "/credentials/{credential_id:str}/badge.png"),
    ("GET", "/credentials/{credential_id:str}/badge.svg"),
    ("GET", "/credentials/{credential_id:str}/certificate.pdf"),
    ("GET", "/credentials/{credential_id:str}/share.png"),
    ("POST", "/credentials/{credential_id:str}/linkedin-clicks/{target:str}"),
    ("GET", "/verify"),
    ("POST", "/verify"),
    ("GET", "/static/{file_path:path}"),
}
PARAMETER = re.compile(r"\{(\w+):(\w+)\}")


def _sample_path(path: str) -> str:
    samples = {"uuid": str(uuid.uuid4()), "int": "1", "str": "sample", "path": "sample"}
    return PARAMETER.sub(lambda match: samples.get(match.group(2), "sample"), path)


def declared_routes(app: Litestar) -> Iterator[tuple[str, str, Access | None]]:
    for route in app.routes:
        if not isinstance(route, HTTPRoute):
            continue
        for handler in route.route_handlers:
            for method in sorted(handler.http_methods - {"HEAD", "OPTIONS"}):
                access = handler.opt.get(ACCESS_OPT)
                yield method, route.path, access if isinstance(access, Access) else None


def test_every_route_declares_access(app: Litestar) -> None:
    undeclared = [(m, p) for m, p, access in declared_routes(app) if access is None]
    assert undeclared == []


def test_public_routes_are_exactly_the_reviewed_list(app: Litestar) -> None:
    public = {(m, p) for m, p, access in declared_routes(app) if access and access.public}
    assert public == PUBLIC_ROUTES


async def test_protected_routes_refuse_outsiders(
    app: Litestar,
    client: AsyncTestClient[Litestar],
    auth_header: Callable[..., dict[str, str]],
) -> None:
    protected = [(m, p, a) for m, p, a in declared_routes(app) if a and not a.public]
    assert protected, "the app should have protected routes"
    for method, path, access in protected:
        url = _sample_path(path)
        attempts = {
            "no token": {},
            "expired token": auth_header(*access.roles, ttl=timedelta(seconds=-120)),
            "foreign key": auth_header(*access.roles, secret="another-secret-" + "x" * 40),
            "garbage": {"Authorization": "Bearer not-a-jwt"},
        }
        for label, headers in attempts.items():
            response = await client.request(method, url, headers=headers)
            assert response.status_code == 401, (method, path, label, response.text)
            assert response.headers["content-type"].startswith("application/problem+json")
        for role in set(Role) - access.roles:
            response = await client.request(method, url, headers=auth_header(role))
            assert response.status_code == 403, (method, path, role, response.text)


@pytest.mark.parametrize("database_kind", ["sqlite"], indirect=True)
def test_route_listing_sees_parameters(app: Litestar) -> None:
    assert _sample_path("/banks/{bank_id:uuid}/items/{number:int}").count("/") == 4
