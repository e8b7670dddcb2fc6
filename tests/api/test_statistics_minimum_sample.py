"""Flags need a minimum sample: below it an item (or the exam's pass band) reads
"insufficient data" with its n, never a quality flag; the minimums are settings."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import numpy as np
from litestar import Litestar
from litestar.testing import AsyncTestClient

from service.app import create_app
from service.auth.roles import Role
from service.db.engine import create_engine
from service.settings import Settings, load_settings
from tests.support.statistics_fixtures import SeededExam, Simulation, seed_exam

Client = AsyncTestClient[Litestar]
Headers = Callable[..., dict[str, str]]

# 4 first attempts x 3 items (keys A, B, C). Item 0: everyone right (p = 1, "too easy");
# item 1: only the weakest right (negative discrimination); item 2 ordinary. Everyone passes
# or fails so that the pass rate is outside the practitioner band.
THIN = Simulation(
    choices=np.array([[0, 0, 2], [0, 0, 2], [0, 0, 1], [0, 1, 0]], dtype=np.int64),
    keys=np.array([0, 1, 2], dtype=np.int64),
    times=np.array([[5.0, 5.0, 5.0]] * 4),
    numbers=np.array([1, 1, 1, 1], dtype=np.int64),
)
QUALITY = {"too_easy", "too_hard", "negative_discrimination", "low_discrimination"}
BAND = {"pass_rate_above_band", "pass_rate_below_band", "pass_rate_above_ceiling"}


async def _seed(settings: Settings) -> SeededExam:
    engine = create_engine(settings.database_url)
    try:
        return await seed_exam(engine, THIN)
    finally:
        await engine.dispose()


async def test_thin_data_reads_insufficient_with_its_n(
    client: Client, settings: Settings, auth_header: Headers
) -> None:
    seeded = await _seed(settings)
    body = (
        await client.get(f"/exams/{seeded.exam_id}/statistics", headers=auth_header(Role.AUTHOR))
    ).json()
    codes = {flag["code"] for flag in body["flags"]}
    assert not codes & (QUALITY | BAND), codes
    by_item = {flag["itemId"]: flag for flag in body["flags"]}
    for item_id in ("Q000", "Q001", "Q002"):
        flag = by_item[item_id]
        assert flag["code"] == "insufficient_data"
        assert (flag["value"], flag["threshold"]) == (4, 30)
        assert "insufficient data" in flag["reason"] and "n = 4" in flag["reason"]
    exam_level = [flag for flag in body["flags"] if flag["itemId"] is None]
    assert [(f["code"], f["value"], f["threshold"]) for f in exam_level] == [
        ("insufficient_data", 4, 30)
    ]


async def test_the_minimums_are_settings(settings: Settings, auth_header: Headers) -> None:
    seeded = await _seed(settings)
    lowered = replace(settings, flag_min_examinees=3, band_min_first_attempts=3)
    async with AsyncTestClient(app=create_app(lowered)) as client:
        body = (
            await client.get(
                f"/exams/{seeded.exam_id}/statistics", headers=auth_header(Role.AUTHOR)
            )
        ).json()
    codes = {(flag["itemId"], flag["code"]) for flag in body["flags"]}
    assert ("Q000", "too_easy") in codes
    assert ("Q001", "negative_discrimination") in codes
    assert any(code in BAND for _, code in codes)
    assert not any(code == "insufficient_data" for _, code in codes)


def test_the_minimums_are_read_from_the_environment(tmp_path: object) -> None:
    base = {"ACCREDO_DATA_DIR": str(tmp_path), "ACCREDO_SECRET_KEY": "k" * 40}
    defaults = load_settings(base)
    assert (defaults.flag_min_examinees, defaults.band_min_first_attempts) == (30, 30)
    chosen = load_settings(
        {**base, "ACCREDO_FLAG_MIN_EXAMINEES": "50", "ACCREDO_BAND_MIN_FIRST_ATTEMPTS": "100"}
    )
    assert (chosen.flag_min_examinees, chosen.band_min_first_attempts) == (50, 100)
