"""Badge uploads through HTTP on both databases: hostile images refused, accepted ones stored
cleaned, user images served with a script-free policy, and a replaced badge re-rendered."""

from __future__ import annotations

import struct
from collections.abc import AsyncIterator, Callable
from io import BytesIO
from typing import Any
from uuid import UUID

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from PIL import Image
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from credentials.baking import extract_png, extract_svg, iter_chunks
from credentials.presentation import MAX_BADGE_UPLOAD_BYTES
from service.auth.roles import Role
from service.db.models import CertificationRow, CredentialRow
from service.db.session import transaction
from service.http.security_headers import IMAGE_POLICY
from service.settings import Settings
from tests.support.credential_fixtures import engine_for, issue, make_programme, pass_attempt
from tests.support.hostile_images import (
    HOSTILE_SVGS,
    SVG_OPEN,
    UNREADABLE_SVGS,
    corrupt_png,
    one_bit_png,
    photo_png,
    png_bomb,
    truncated_png,
)

Client = AsyncTestClient[Litestar]
Headers = Callable[..., dict[str, str]]


@pytest.fixture
async def engine(settings: Settings) -> AsyncIterator[AsyncEngine]:
    engine = engine_for(settings)
    yield engine
    await engine.dispose()


async def issued(engine: AsyncEngine, settings: Settings) -> tuple[UUID, str]:
    programme = await make_programme(engine)
    await pass_attempt(engine, programme)
    await issue(engine, settings)
    async with transaction(engine) as session:
        row = (await session.scalars(select(CredentialRow))).one()
    return programme.certification_id, row.public_id


async def upload(
    client: Client, admin: dict[str, str], certification_id: UUID, body: bytes, media_type: str
) -> Any:
    return await client.put(
        f"/certifications/{certification_id}/badge",
        content=body,
        headers={**admin, "Content-Type": media_type},
    )


async def stored_badge(engine: AsyncEngine, certification_id: UUID) -> bytes | None:
    async with transaction(engine) as session:
        row = await session.get(CertificationRow, certification_id)
        assert row is not None
        return None if row.badge_image is None else bytes(row.badge_image)


def assert_user_image_headers(response: Any) -> None:
    assert response.headers["content-security-policy"] == IMAGE_POLICY
    assert response.headers["x-content-type-options"] == "nosniff"


def png_size(png: bytes) -> tuple[int, int]:
    width, height = struct.unpack(">II", png[16:24])
    return width, height


async def test_hostile_svgs_are_refused_naming_the_reason(
    client: Client, engine: AsyncEngine, auth_header: Headers
) -> None:
    programme = await make_programme(engine)
    admin = auth_header(Role.ADMIN)
    for name, (document, phrase) in {**HOSTILE_SVGS, **UNREADABLE_SVGS}.items():
        response = await upload(
            client, admin, programme.certification_id, document.encode(), "image/svg+xml"
        )
        assert response.status_code == 422, name
        problem = response.json()
        assert response.headers["content-type"].startswith("application/problem+json")
        assert problem["errors"], name
        assert all(error["field"] == "body" for error in problem["errors"])
        assert any(phrase in error["message"] for error in problem["errors"]), (name, problem)
    assert await stored_badge(engine, programme.certification_id) is None


async def test_hostile_pngs_are_refused_naming_the_reason(
    client: Client, engine: AsyncEngine, auth_header: Headers
) -> None:
    programme = await make_programme(engine)
    admin = auth_header(Role.ADMIN)
    cases = {
        "bomb": (png_bomb(), "40000x40000"),
        "huge": (one_bit_png(12_000, 12_000), "12000x12000"),
        "corrupt": (corrupt_png(), "CRC mismatch"),
        "truncated": (truncated_png(), "truncated"),
        "svg sent as png": (f"{SVG_OPEN}/>".encode(), "signature"),
    }
    for name, (body, phrase) in cases.items():
        response = await upload(client, admin, programme.certification_id, body, "image/png")
        assert response.status_code == 422, name
        assert phrase in response.json()["errors"][0]["message"], name
    assert await stored_badge(engine, programme.certification_id) is None
    # The share image still renders with the default badge: nothing hostile was stored.


async def test_limits_on_size_type_and_role(
    client: Client, engine: AsyncEngine, auth_header: Headers
) -> None:
    programme = await make_programme(engine)
    admin = auth_header(Role.ADMIN)
    too_big = b"\x89PNG\r\n\x1a\n" + b"\x00" * MAX_BADGE_UPLOAD_BYTES
    response = await upload(client, admin, programme.certification_id, too_big, "image/png")
    assert response.status_code == 413
    assert response.headers["content-type"].startswith("application/problem+json")
    response = await upload(client, admin, programme.certification_id, b"GIF89a", "image/gif")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "Content-Type"
    author = auth_header(Role.AUTHOR)
    response = await upload(
        client, author, programme.certification_id, photo_png(8, 8), "image/png"
    )
    assert response.status_code == 403
    assert await stored_badge(engine, programme.certification_id) is None


async def test_accepted_uploads_are_stored_cleaned_and_served_without_script(
    client: Client, engine: AsyncEngine, auth_header: Headers
) -> None:
    programme = await make_programme(engine)
    admin = auth_header(Role.ADMIN)
    url = f"/certifications/{programme.certification_id}/badge"
    default = await client.get(url)
    assert_user_image_headers(default)

    source = photo_png(3000, 2000, metadata=True)
    assert (await upload(client, admin, programme.certification_id, source, "image/png")).is_success
    served = await client.get(url)
    assert served.headers["content-type"] == "image/png"
    assert_user_image_headers(served)
    assert served.content == await stored_badge(engine, programme.certification_id)
    assert png_size(served.content) == (1024, 683)
    assert [chunk.kind for chunk in iter_chunks(served.content)] == [b"IHDR", b"IDAT", b"IEND"]

    svg = (
        f"{SVG_OPEN} xmlns:i='http://www.inkscape.org/namespaces/inkscape' i:label='x'>"
        "<!-- note --><circle id='artwork' r='5'/></svg>"
    ).encode()
    assert (
        await upload(client, admin, programme.certification_id, svg, "image/svg+xml")
    ).is_success
    served = await client.get(url)
    assert served.headers["content-type"].startswith("image/svg+xml")
    assert_user_image_headers(served)
    assert b'id="artwork"' in served.content
    assert b"inkscape" not in served.content and b"note" not in served.content


async def test_a_replaced_badge_changes_every_render(
    client: Client, engine: AsyncEngine, settings: Settings, auth_header: Headers
) -> None:
    certification_id, public_id = await issued(engine, settings)
    admin = auth_header(Role.ADMIN)
    routes = {
        "badge.png": f"/credentials/{public_id}/badge.png",
        "badge.svg": f"/credentials/{public_id}/badge.svg",
        "share.png": f"/credentials/{public_id}/share.png",
        "achievement": f"/achievements/{certification_id}/image.png",
    }

    async def render_all() -> dict[str, bytes]:
        served = {}
        for name, route in routes.items():
            response = await client.get(route)
            assert response.status_code == 200, (name, response.text)
            assert_user_image_headers(response)
            served[name] = response.content
        return served

    default = await render_all()
    first = photo_png(200, 100)
    assert (await upload(client, admin, certification_id, first, "image/png")).is_success
    after_first = await render_all()
    for name in ("badge.png", "share.png", "achievement"):
        assert after_first[name] != default[name], name
    assert png_size(after_first["badge.png"]) == (200, 100)
    assert png_size(after_first["achievement"]) == (200, 100)
    assert extract_png(after_first["badge.png"]) is not None

    second = photo_png(120, 120)
    assert (await upload(client, admin, certification_id, second, "image/png")).is_success
    after_second = await render_all()
    for name in ("badge.png", "share.png", "achievement"):
        assert after_second[name] != after_first[name], name
    assert png_size(after_second["badge.png"]) == (120, 120)

    svg = f"{SVG_OPEN} viewBox='0 0 10 10'><circle id='replaced' r='5'/></svg>".encode()
    assert (await upload(client, admin, certification_id, svg, "image/svg+xml")).is_success
    baked_svg = (await client.get(routes["badge.svg"])).content
    assert baked_svg != default["badge.svg"] and b'id="replaced"' in baked_svg
    assert extract_svg(baked_svg.decode("utf-8")) is not None
    verified = await client.post("/verify", content=baked_svg)
    assert verified.json()["ok"] is True


async def test_a_stored_badge_draws_into_the_share_image(
    client: Client, engine: AsyncEngine, settings: Settings, auth_header: Headers
) -> None:
    """The largest accepted badge renders the share image promptly (it took 4 s before)."""
    certification_id, public_id = await issued(engine, settings)
    big = photo_png(4096, 4096)
    response = await upload(client, auth_header(Role.ADMIN), certification_id, big, "image/png")
    assert response.is_success
    share = await client.get(f"/credentials/{public_id}/share.png")
    assert share.status_code == 200
    with Image.open(BytesIO(share.content)) as image:
        assert image.size == (1200, 627)
