"""``accredo stats EXAM`` on both databases: summary and flags, by exam id or name."""

from __future__ import annotations

from functools import partial
from pathlib import Path

import anyio.to_thread
from click.testing import CliRunner, Result

from service.cli import cli
from service.db.engine import create_engine
from tests.conftest import TEST_SECRET
from tests.support.statistics_fixtures import seed_exam, simulate


async def _run(args: list[str], database_url: str, data_dir: Path) -> Result:
    env = {
        "ACCREDO_DATABASE_URL": database_url,
        "ACCREDO_SECRET_KEY": TEST_SECRET,
        "ACCREDO_DATA_DIR": str(data_dir),
        "COLUMNS": "200",
    }
    return await anyio.to_thread.run_sync(partial(CliRunner().invoke, cli, args, env=env))


async def test_stats_prints_summary_and_flags(database_url: str, tmp_path: Path) -> None:
    engine = create_engine(database_url)
    try:
        seeded = await seed_exam(engine, simulate(300, 10, seed=4), name="Lumen Expert")
    finally:
        await engine.dispose()
    by_name = await _run(["stats", "Lumen Expert"], database_url, tmp_path)
    assert by_name.exit_code == 0, by_name.output
    assert "Lumen Expert" in by_name.output
    assert "finished attempts 300" in by_name.output
    for expected in ("likely_miskeyed", "too_easy", "Q000", "Q001"):
        assert expected in by_name.output
    by_id = await _run(["stats", str(seeded.exam_id)], database_url, tmp_path)
    assert by_id.exit_code == 0, by_id.output
    assert "likely_miskeyed" in by_id.output


async def test_unknown_exam_exits_non_zero(database_url: str, tmp_path: Path) -> None:
    result = await _run(["stats", "No such exam"], database_url, tmp_path)
    assert result.exit_code == 1
