"""CORS: preflights need no token; public routes open to any origin, token routes to configured."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from service.app import create_app
from service.settings import Settings, SettingsError, load_settings

Client = AsyncTestClient[Litestar]
LMS = "https://lms.example.org"
ELSEWHERE = "https://elsewhere.example"


@pytest.fixture
async def cors_client(settings: Settings) -> AsyncIterator[Client]:
    app = create_app(replace(settings, cors_origins=(LMS,)))
    async with AsyncTestClient(app=app) as client:
        yield client


def _preflight(origin: str, method: str, headers: str = "") -> dict[str, str]:
    asked = {"Origin": origin, "Access-Control-Request-Method": method}
    if headers:
        asked["Access-Control-Request-Headers"] = headers
    return asked


async def test_public_routes_allow_any_origin_without_a_token(cors_client: Client) -> None:
    for path, method in (("/credentials/abc", "GET"), ("/verify", "POST"), ("/issuer", "GET")):
        response = await cors_client.options(path, headers=_preflight(ELSEWHERE, method))
        assert response.status_code == 204, (path, response.text)
        assert response.headers["access-control-allow-origin"] == "*"
    page = await cors_client.get("/health", headers={"Origin": ELSEWHERE})
    assert page.headers["access-control-allow-origin"] == "*"


async def test_token_routes_allow_only_configured_origins(cors_client: Client) -> None:
    allowed = await cors_client.options(
        "/banks", headers=_preflight(LMS, "POST", "authorization, content-type")
    )
    assert allowed.status_code == 204, allowed.text
    assert allowed.headers["access-control-allow-origin"] == LMS
    assert "authorization" in allowed.headers["access-control-allow-headers"].lower()
    refused = await cors_client.options("/banks", headers=_preflight(ELSEWHERE, "POST"))
    assert refused.status_code == 400
    assert "access-control-allow-origin" not in refused.headers
    answered = await cors_client.get("/banks", headers={"Origin": ELSEWHERE})
    assert answered.status_code == 401
    assert "access-control-allow-origin" not in answered.headers


async def test_no_configured_origin_means_no_browser_access_to_token_routes(
    client: Client,
) -> None:
    refused = await client.options("/me", headers=_preflight(LMS, "GET", "authorization"))
    assert refused.status_code == 400
    assert "access-control-allow-origin" not in refused.headers


async def test_plain_options_needs_no_token(client: Client) -> None:
    response = await client.options("/banks")
    assert response.status_code == 204
    assert "POST" in response.headers["allow"]


def test_origins_setting_is_read_and_checked(tmp_path: object) -> None:
    env = {"ACCREDO_DATA_DIR": str(tmp_path), "ACCREDO_SECRET_KEY": "k" * 40}
    settings = load_settings({**env, "ACCREDO_CORS_ORIGINS": f"{LMS}/, https://b.example"})
    assert settings.cors_origins == (LMS, "https://b.example")
    assert load_settings(env).cors_origins == ()
    with pytest.raises(SettingsError, match="ACCREDO_CORS_ORIGINS"):
        load_settings({**env, "ACCREDO_CORS_ORIGINS": "lms.example.org"})
