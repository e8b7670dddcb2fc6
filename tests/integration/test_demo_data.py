"""The demo data loads once, and what it loads is a sittable exam."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from sqlalchemy import func, select

from service.cli import cli
from service.db.engine import create_engine
from service.db.models import AccountMembershipRow, AccountRow, ExamRow, ItemRow
from tests.conftest import TEST_SECRET


async def _accounts(url: str) -> dict[str, int]:
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            rows = await connection.execute(
                select(AccountRow.external_id, func.count(AccountMembershipRow.id))
                .join(AccountMembershipRow, AccountMembershipRow.account_id == AccountRow.id)
                .group_by(AccountRow.external_id)
            )
            return {external_id: int(count) for external_id, count in rows.all()}
    finally:
        await engine.dispose()


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
    assert "two demo accounts" in first.output
    second = runner.invoke(cli, ["demo", "load"], env=env)
    assert second.exit_code == 0 and "already loaded" in second.output
    items, exams = asyncio.run(_counts(database_url))
    assert items >= 60 and exams == 1
    assert asyncio.run(_accounts(database_url)) == {"crm-northwind": 3, "crm-contoso": 2}
