"""The served app freezes its start-up heap, so a full collection no longer walks it, and
collects the young generation less often."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest
from litestar.testing import AsyncTestClient

from service.asgi import app_from_environment
from service.heap import YOUNG_COLLECTION_THRESHOLD
from tests.conftest import TEST_SECRET

STARTUP_OBJECTS = 100_000
"""Well below what a started app holds (about 250,000 tracked objects), well above noise."""


async def test_the_served_app_freezes_what_start_up_made(
    database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in {
        "ACCREDO_DATABASE_URL": database_url,
        "ACCREDO_SECRET_KEY": TEST_SECRET,
        "ACCREDO_DATA_DIR": str(tmp_path),
        "ACCREDO_PUBLIC_BASE_URL": "https://accredo.test",
    }.items():
        monkeypatch.setenv(name, value)
    gc.unfreeze()
    thresholds = gc.get_threshold()
    try:
        async with AsyncTestClient(app=app_from_environment()) as client:
            assert (await client.get("/health")).status_code == 200
            frozen = gc.get_freeze_count()
            served_with = gc.get_threshold()
        assert frozen > STARTUP_OBJECTS
        assert served_with == (YOUNG_COLLECTION_THRESHOLD, *thresholds[1:])
        assert thresholds[0] < YOUNG_COLLECTION_THRESHOLD
    finally:
        gc.unfreeze()  # this test process makes many apps; none of them may stay frozen
        gc.set_threshold(*thresholds)
