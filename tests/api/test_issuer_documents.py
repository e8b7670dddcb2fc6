"""What the issuer's key and profile URLs serve, in the shapes independent verifiers read.

The verifiers themselves run against a live server in tests/interop; these tests pin the shapes
down quickly on both databases, including for keys rotated out before the shapes changed.
"""

from __future__ import annotations

import io
import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft201909Validator
from litestar import Litestar
from litestar.testing import AsyncTestClient
from PIL import Image
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from credentials.keys import (
    CONTROLLED_IDENTIFIER_CONTEXT,
    MULTIKEY_CONTEXT,
    ed25519_public_key_from_multibase,
    keys_from_controller_document,
    p256_public_key_from_jwk,
)
from credentials.proofs import OB_V3P0_CONTEXT, VC_V2_CONTEXT, expand_strict
from service.app import create_app
from service.db.models import CredentialRow
from service.db.session import transaction
from service.keys.services import ensure_signing_keys, rotate_keys
from service.settings import Settings
from tests.support.credential_fixtures import engine_for, issue, make_programme, pass_attempt

Client = AsyncTestClient[Litestar]
PROFILE_SCHEMA = (
    Path(__file__).resolve().parents[1]
    / "unit"
    / "credentials"
    / "fixtures"
    / "ob_v3p0_profile-jsonschema1.json"
)
SECURITY = "https://w3id.org/security#"


@pytest.fixture
async def engine(settings: Settings) -> AsyncIterator[AsyncEngine]:
    engine = engine_for(settings)
    yield engine
    await engine.dispose()


async def _keys_before_and_after_rotation(engine: AsyncEngine, settings: Settings) -> None:
    async with transaction(engine) as session:
        await ensure_signing_keys(session, settings)
    async with transaction(engine) as session:
        await rotate_keys(session, settings, datetime.now(UTC))


async def _profile(client: Client) -> dict[str, Any]:
    response = await client.get("/issuer", headers={"Accept": "application/ld+json"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/ld+json")
    document: dict[str, Any] = response.json()
    return document


def _first_expanded(document: dict[str, Any]) -> dict[str, Any]:
    (node,) = expand_strict(document)
    expanded: dict[str, Any] = node
    return expanded


async def test_every_key_url_serves_its_type_s_shape_old_keys_included(
    client: Client, engine: AsyncEngine, settings: Settings
) -> None:
    await _keys_before_and_after_rotation(engine, settings)
    profile = await _profile(client)
    methods = profile["verificationMethod"]
    assert len(methods) == 4 and profile["assertionMethod"] == [m["id"] for m in methods]
    for method in methods:
        served = await client.get(method["id"].removeprefix(settings.public_base_url))
        assert served.status_code == 200
        document = served.json()
        if method["type"] == "Multikey":
            assert served.headers["content-type"].startswith("application/ld+json")
            assert document == {"@context": MULTIKEY_CONTEXT, **method}
            assert document["controller"] == profile["id"]
            ed25519_public_key_from_multibase(document["publicKeyMultibase"])
            node = _first_expanded(document)
            assert node["@type"] == [f"{SECURITY}Multikey"]
            assert node[f"{SECURITY}controller"] == [{"@id": profile["id"]}]
        else:
            assert served.headers["content-type"].startswith("application/jwk+json")
            assert document == {
                **method["publicKeyJwk"],
                "kid": method["id"],
                "use": "sig",
                "alg": "ES256",
            }
            assert "d" not in document
            p256_public_key_from_jwk(document)
    jwks = (await client.get("/.well-known/jwks.json")).json()
    assert [k["kid"] for k in jwks["keys"]] == [m["id"] for m in methods if m["type"] != "Multikey"]


async def test_the_issuer_profile_is_ob_profile_json_ld_listing_its_keys(
    client: Client, engine: AsyncEngine, settings: Settings
) -> None:
    await _keys_before_and_after_rotation(engine, settings)
    profile = await _profile(client)
    assert profile["@context"] == [VC_V2_CONTEXT, OB_V3P0_CONTEXT, CONTROLLED_IDENTIFIER_CONTEXT]
    schema = json.loads(PROFILE_SCHEMA.read_text(encoding="utf-8"))
    assert list(Draft201909Validator(schema).iter_errors(profile)) == []
    assert profile["type"] == ["Profile"] and profile["name"] == settings.issuer_name
    assert profile["image"] == {
        "id": f"{settings.public_base_url}/issuer/image.png",
        "type": "Image",
    }
    node = _first_expanded(profile)
    assert {m["@id"] for m in node[f"{SECURITY}assertionMethod"]} == set(profile["assertionMethod"])
    assert len(keys_from_controller_document(profile)) == 4


async def test_the_generated_issuer_image_is_a_png(client: Client) -> None:
    response = await client.get("/issuer/image.png")
    assert response.status_code == 200 and response.headers["content-type"] == "image/png"
    with Image.open(io.BytesIO(response.content)) as image:
        assert image.format == "PNG" and image.size == (256, 256)
    again = await client.get(
        "/issuer/image.png", headers={"If-None-Match": response.headers["etag"]}
    )
    assert again.status_code == 304


async def test_a_configured_issuer_image_is_used_everywhere(
    settings: Settings, engine: AsyncEngine
) -> None:
    logo = "https://cdn.example.org/logo.png"
    configured = Settings(
        database_url=settings.database_url,
        public_base_url=settings.public_base_url,
        secret_key=settings.secret_key,
        data_dir=settings.data_dir,
        issuer_image_url=logo,
    )
    async with AsyncTestClient(app=create_app(configured)) as client:
        profile = await _profile(client)
    assert profile["image"] == {"id": logo, "type": "Image"}
    await pass_attempt(engine, await make_programme(engine))
    await issue(engine, configured)
    async with transaction(engine) as session:
        row = (await session.scalars(select(CredentialRow))).one()
    assert row.document["issuer"]["image"] == {"id": logo, "type": "Image"}
