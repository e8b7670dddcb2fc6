"""The demo data loads once, and what it loads is a sittable exam."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from sqlalchemy import func, select

from service.cli import cli
from service.db.engine import create_engine
from service.db.models import ExamRow, ItemRow
from tests.conftest import TEST_SECRET


async def _counts(url: str) -> tuple[int, int]:
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            items = (
                await connection.execute(select(func.count()).select_from(ItemRow))
            ).scalar_one()
            exams = (
                await connection.execute(select(func.count()).select_from(ExamRow))
            ).scalar_one()
    finally:
        await engine.dispose()
    return int(items), int(exams)


def test_demo_load_is_idempotent(database_url: str, tmp_path: Path) -> None:
    import asyncio

    env = {
        "ACCREDO_DATABASE_URL": database_url,
        "ACCREDO_SECRET_KEY": TEST_SECRET,
        "ACCREDO_DATA_DIR": str(tmp_path),
    }
    runner = CliRunner()
    first = runner.invoke(cli, ["demo", "load"], env=env)
    assert first.exit_code == 0, first.output
    assert "loaded the demo bank" in first.output
    second = runner.invoke(cli, ["demo", "load"], env=env)
    assert second.exit_code == 0 and "already loaded" in second.output
    items, exams = asyncio.run(_counts(database_url))
    assert items >= 60 and exams == 1
