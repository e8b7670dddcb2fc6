"""The served PDF certificate, read back with poppler: it renders and says what it should.

``pdftoppm`` renders the page (landscape, the right paper size, not blank) and ``pdftotext``
reads the words, for A4 and US Letter, on both databases. Fails, never skips, without poppler.

``pdftotext -layout``: the default mode joins a line ending in ``-`` to the next one
(de-hyphenation) and so drops the last character of an id ending in ``-``, which a base64url
id does one time in 64; the text test uses such an id on purpose.
"""

from __future__ import annotations

import math
import re
import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import anyio
import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from PIL import Image, ImageStat
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from credentials.presentation import long_date
from service.db.models import CredentialRow
from service.db.session import transaction
from service.settings import Settings
from tests.support.credential_fixtures import engine_for, issue, make_programme, pass_attempt

Client = AsyncTestClient[Litestar]
POINTS = {"a4": (841.89, 595.28), "letter": (792.0, 612.0)}
"""Landscape page sizes in points; at 72 dpi pdftoppm renders a point as a pixel (rounded up)."""


@pytest.fixture
async def engine(settings: Settings) -> AsyncIterator[AsyncEngine]:
    engine = engine_for(settings)
    yield engine
    await engine.dispose()


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"{name} is required: apt-get install poppler-utils", pytrace=False)
    return path


async def _run(*command: str) -> str:
    completed = await anyio.run_process(list(command), check=True)
    return completed.stdout.decode("utf-8")


async def _served(client: Client, engine: AsyncEngine, settings: Settings) -> CredentialRow:
    await pass_attempt(engine, await make_programme(engine), learner_name="Ada Lovelace")
    await issue(engine, settings)
    async with transaction(engine) as session:
        return (await session.scalars(select(CredentialRow))).one()


@pytest.mark.parametrize("size", ["a4", "letter"])
async def test_certificate_renders_landscape_and_not_blank(
    client: Client, engine: AsyncEngine, settings: Settings, tmp_path: Path, size: str
) -> None:
    row = await _served(client, engine, settings)
    response = await client.get(f"/credentials/{row.public_id}/certificate.pdf?size={size}")
    assert response.status_code == 200 and response.content.startswith(b"%PDF-")
    pdf = tmp_path / "certificate.pdf"
    pdf.write_bytes(response.content)
    info = await _run(_tool("pdfinfo"), str(pdf))
    assert "Pages:           1" in info
    width_pt, height_pt = POINTS[size]
    page = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info)
    assert page is not None, info
    assert abs(float(page.group(1)) - width_pt) < 0.01, info
    assert abs(float(page.group(2)) - height_pt) < 0.01, info
    await _run(_tool("pdftoppm"), "-png", "-r", "72", "-singlefile", str(pdf), str(tmp_path / "p"))
    with Image.open(tmp_path / "p.png") as image:
        rendered = image.convert("RGB")
    assert rendered.size == (math.ceil(width_pt), math.ceil(height_pt))
    assert rendered.width > rendered.height
    grey = rendered.convert("L")
    dark = sum(count for level, count in enumerate(grey.histogram()) if level < 128)
    assert dark > 0.01 * grey.width * grey.height, "the page is (nearly) blank"
    assert max(ImageStat.Stat(rendered).stddev) > 20, "the page has no contrast"
    assert len(rendered.getcolors(maxcolors=1 << 16) or range(1 << 16)) > 16


@pytest.mark.parametrize("size", ["a4", "letter"])
async def test_certificate_text(
    client: Client, engine: AsyncEngine, settings: Settings, tmp_path: Path, size: str
) -> None:
    row = await _served(client, engine, settings)
    async with transaction(engine) as session:
        stored = await session.get(CredentialRow, row.id)
        assert stored is not None
        stored.public_id = row.public_id = row.public_id[:-2] + "_-"
    response = await client.get(f"/credentials/{row.public_id}/certificate.pdf?size={size}")
    pdf = tmp_path / "certificate.pdf"
    pdf.write_bytes(response.content)
    text = " ".join((await _run(_tool("pdftotext"), "-layout", str(pdf), "-")).split())
    assert row.valid_until is not None
    for expected in (
        "Ada Lovelace",
        "Cloud Security Practitioner",
        "Practitioner",
        settings.issuer_name,
        long_date(row.valid_from.date()),
        long_date(row.valid_until.date()),
        row.public_id,
        f"{settings.public_base_url}/credentials/{row.public_id}",
    ):
        assert expected in text, (expected, text)
    again = await client.get(f"/credentials/{row.public_id}/certificate.pdf?size={size}")
    assert again.content == response.content
