"""Migration 0006 neutralises badges stored before uploads were cleaned, on both databases."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID, uuid4

import advanced_alchemy.types
import sqlalchemy as sa
from alembic.script import ScriptDirectory

from credentials.baking import iter_chunks
from service.db import migrate
from service.db.engine import create_engine
from tests.support.databases import PostgresDatabases, SqliteDatabases
from tests.support.hostile_images import SVG_OPEN, UNREADABLE_SVGS, photo_png, png_bomb

CERTIFICATIONS = sa.table(
    "certifications",
    sa.column("id", advanced_alchemy.types.guid.GUID(length=16)),
    sa.column("name", sa.String()),
    sa.column("tier", sa.String()),
    sa.column("description", sa.Text()),
    sa.column("criteria", sa.Text()),
    sa.column("badge_image", sa.LargeBinary()),
    sa.column("badge_media_type", sa.String()),
    sa.column("renewal_window_days", sa.Integer()),
    sa.column("pass_band_low", sa.Float()),
    sa.column("pass_band_high", sa.Float()),
    sa.column("created_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True)),
    sa.column("updated_at", advanced_alchemy.types.datetime.DateTimeUTC(timezone=True)),
)
HOSTILE_SVG = (
    f"{SVG_OPEN} onload='alert(1)'><script>alert(2)</script>"
    "<foreignObject><div xmlns='http://www.w3.org/1999/xhtml'>x</div></foreignObject>"
    "<image xlink:href='https://evil.example/x.png'/><circle id='kept' r='5'/></svg>"
).encode()
STORED = {
    "hostile svg": (HOSTILE_SVG, "image/svg+xml"),
    "billion laughs": (UNREADABLE_SVGS["billion laughs"][0].encode(), "image/svg+xml"),
    "png bomb": (png_bomb(), "image/png"),
    "png with metadata": (photo_png(1500, 1500, metadata=True), "image/png"),
    "no badge": (None, None),
}


def _revision_before_0006(url: str) -> str:
    revision = ScriptDirectory.from_config(migrate.alembic_config(url)).get_revision("0006")
    assert revision is not None and isinstance(revision.down_revision, str)
    return revision.down_revision


async def test_stored_badges_are_neutralised(
    database_factory: SqliteDatabases | PostgresDatabases,
) -> None:
    url = await database_factory.fresh(migrated=False)
    await migrate.upgrade(url, _revision_before_0006(url))
    ids = {name: uuid4() for name in STORED}
    now = datetime.now(UTC)
    engine = create_engine(url)
    try:
        async with engine.begin() as connection:
            for name, (image, media_type) in STORED.items():
                await connection.execute(
                    CERTIFICATIONS.insert().values(
                        id=ids[name],
                        name=name,
                        tier="expert",
                        description="",
                        criteria="",
                        badge_image=image,
                        badge_media_type=media_type,
                        renewal_window_days=0,
                        pass_band_low=0.5,
                        pass_band_high=0.6,
                        created_at=now,
                        updated_at=now,
                    )
                )
        await migrate.upgrade(url)
        async with engine.connect() as connection:
            rows = (
                await connection.execute(
                    sa.select(
                        CERTIFICATIONS.c.id,
                        CERTIFICATIONS.c.badge_image,
                        CERTIFICATIONS.c.badge_media_type,
                    )
                )
            ).all()
    finally:
        await engine.dispose()
    after: dict[UUID, tuple[bytes | None, str | None]] = {
        row.id: (None if row.badge_image is None else bytes(row.badge_image), row.badge_media_type)
        for row in rows
    }

    svg, svg_type = after[ids["hostile svg"]]
    assert svg is not None and svg_type == "image/svg+xml"
    assert b'id="kept"' in svg
    for trace in (b"script", b"onload", b"foreignObject", b"evil.example"):
        assert trace not in svg
    assert after[ids["billion laughs"]] == (None, None)
    assert after[ids["png bomb"]] == (None, None)
    png, png_type = after[ids["png with metadata"]]
    assert png is not None and png_type == "image/png"
    assert [chunk.kind for chunk in iter_chunks(png)] == [b"IHDR", b"IDAT", b"IEND"]
    assert int.from_bytes(png[16:20], "big") == 1024
    assert after[ids["no badge"]] == (None, None)
