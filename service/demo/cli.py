"""``accredo demo load``: the demo data ``make run`` serves."""

from __future__ import annotations

import asyncio

import click

from service.clock import SystemClock
from service.db.session import standalone_engine, transaction
from service.demo.accounts import load_demo_accounts
from service.demo.loader import DEMO_BANK, load_demo
from service.settings import load_settings


@click.group()
def demo() -> None:
    """Demo data."""


async def _load() -> tuple[bool, bool]:
    settings = load_settings()
    async with standalone_engine(settings.database_url) as engine, transaction(engine) as session:
        bank = await load_demo(session)
        return bank, await load_demo_accounts(session, SystemClock().now())


@demo.command("load")
def load_command() -> None:
    """Load the sample bank, certification, exam and two accounts (once; then nothing)."""
    bank, accounts = asyncio.run(_load())
    if bank:
        click.echo(f"loaded the demo bank {DEMO_BANK!r}, its certification and exam")
    if accounts:
        click.echo("loaded two demo accounts with learners (crm-northwind, crm-contoso)")
    if not bank and not accounts:
        click.echo("demo data already loaded")
