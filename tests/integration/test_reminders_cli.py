"""``accredo reminders`` run as an operator runs it, against a real database on both engines.

The route and the CSV writer have their own tests; this one goes through the CLI's settings,
engine and paging, so a holder due for renewal reaches the exported list.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path

import anyio.to_thread
from click.testing import CliRunner, Result

from service.cli import cli
from service.settings import Settings
from tests.conftest import TEST_SECRET
from tests.support.credential_fixtures import engine_for, issue, make_programme, pass_attempt


async def _run(args: list[str], settings: Settings, data_dir: Path) -> Result:
    env = {
        "ACCREDO_DATABASE_URL": settings.database_url,
        "ACCREDO_SECRET_KEY": TEST_SECRET,
        "ACCREDO_DATA_DIR": str(data_dir),
        "ACCREDO_PUBLIC_BASE_URL": settings.public_base_url,
    }
    runner = CliRunner()
    return await anyio.to_thread.run_sync(partial(runner.invoke, cli, args, env=env))


async def _holders(settings: Settings) -> None:
    """Ada's credential ends in 20 days, Bo's in 200; a third learner never passed."""
    engine = engine_for(settings)
    try:
        soon = await make_programme(engine, name="Soon", validity_days=20, renewal_window_days=10)
        later = await make_programme(engine, name="Later", validity_days=200)
        await pass_attempt(engine, soon, learner_id="ada", learner_name="Ada Lovelace")
        await pass_attempt(
            engine, later, learner_id="bo", learner_name="Bo Chen", learner_email="bo@example.com"
        )
        assert await issue(engine, settings, datetime.now(UTC)) == 2
    finally:
        await engine.dispose()


async def test_the_cli_lists_holders_due_within_the_window_as_csv_and_json(
    settings: Settings, tmp_path: Path
) -> None:
    await _holders(settings)

    as_csv = await _run(["reminders", "--within", "30"], settings, tmp_path)
    assert as_csv.exit_code == 0, as_csv.output
    rows = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    assert [row["learnerId"] for row in rows] == ["ada"]
    ada = rows[0]
    assert ada["learnerName"] == "Ada Lovelace" and ada["learnerEmail"] == "ada@example.com"
    assert ada["certification"].startswith("Soon") and ada["tier"] == "practitioner"
    assert ada["credentialUrl"] == f"{settings.public_base_url}/credentials/{ada['credentialId']}"
    assert ada["daysLeft"] in ("19", "20")
    ends = datetime.fromisoformat(ada["validUntil"].replace("Z", "+00:00"))
    assert abs(ends - (datetime.now(UTC) + timedelta(days=20))) < timedelta(minutes=5)

    as_json = await _run(["reminders", "--within", "365", "--format", "json"], settings, tmp_path)
    assert as_json.exit_code == 0, as_json.output
    listed = json.loads(as_json.stdout)
    assert [holder["learnerId"] for holder in listed] == ["ada", "bo"], "soonest first"
    assert listed[1]["learnerEmail"] == "bo@example.com"

    none_due = await _run(["reminders", "--within", "5"], settings, tmp_path)
    assert none_due.exit_code == 0
    assert none_due.stdout.splitlines() == [",".join(rows[0].keys())], "the header alone"


async def test_a_database_that_was_never_migrated_is_named_not_traced(tmp_path: Path) -> None:
    empty = Settings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'empty.db'}",
        public_base_url="https://accredo.test",
        secret_key=TEST_SECRET,
    )
    result = await _run(["reminders"], empty, tmp_path)
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "accredo db upgrade" in result.output
