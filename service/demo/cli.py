"""``accredo demo load``: the demo data ``make run`` serves."""

from __future__ import annotations

import asyncio

import click

from service.db.session import standalone_engine, transaction
from service.demo.loader import DEMO_BANK, load_demo
from service.settings import load_settings


@click.group()
def demo() -> None:
    """Demo data."""


async def _load() -> bool:
    settings = load_settings()
    async with standalone_engine(settings.database_url) as engine, transaction(engine) as session:
        return await load_demo(session, settings)


@demo.command("load")
def load_command() -> None:
    """Load the sample bank, certification and exam (once; later runs change nothing)."""
    if asyncio.run(_load()):
        click.echo(f"loaded the demo bank {DEMO_BANK!r}, its certification and exam")
    else:
        click.echo("demo data already loaded")
