"""``accredo reminders``: who is due for renewal, as CSV or JSON, for programmes without a CRM."""

from __future__ import annotations

import asyncio
import csv
import sys
from typing import IO

import click
import msgspec

from service.clock import SystemClock
from service.db.session import SchemaNotReady, standalone_engine, transaction
from service.settings import load_settings
from service.webhooks.reminders import Due, due_reminders
from service.webhooks.schemas import ReminderView

PAGE = 500
COLUMNS = tuple(msgspec.structs.fields(ReminderView))


async def _all_due(within_days: int) -> list[Due]:
    settings = load_settings()
    now = SystemClock().now()
    found: list[Due] = []
    async with standalone_engine(settings.database_url) as engine, transaction(engine) as session:
        while True:
            batch, total = await due_reminders(
                session, settings, now, within_days, limit=PAGE, offset=len(found)
            )
            found += batch
            if not batch or len(found) >= total:
                return found


def write_csv(rows: list[Due], out: IO[str]) -> None:
    """One row per holder; the header uses the JSON field names (camelCase)."""
    views = [
        msgspec.to_builtins(msgspec.convert(r, ReminderView, from_attributes=True)) for r in rows
    ]
    writer = csv.writer(out)
    writer.writerow([field.encode_name for field in COLUMNS])
    for view in views:
        writer.writerow(
            ["" if view[f.encode_name] is None else view[f.encode_name] for f in COLUMNS]
        )


def write_json(rows: list[Due], out: IO[str]) -> None:
    views = [msgspec.convert(r, ReminderView, from_attributes=True) for r in rows]
    out.write(msgspec.json.format(msgspec.json.encode(views)).decode() + "\n")


@click.command()
@click.option(
    "--within",
    "within_days",
    type=click.IntRange(1, 3650),
    default=90,
    show_default=True,
    help="credentials reaching validUntil within this many days",
)
@click.option(
    "--format", "output", type=click.Choice(["csv", "json"]), default="csv", show_default=True
)
def reminders(within_days: int, output: str) -> None:
    """List holders whose credentials expire soon (soonest first), to stdout."""
    try:
        rows = asyncio.run(_all_due(within_days))
    except SchemaNotReady as exc:
        click.echo(str(exc), err=True)
        sys.exit(1)
    (write_csv if output == "csv" else write_json)(rows, sys.stdout)
