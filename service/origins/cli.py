"""``accredo issuer move --to URL`` and ``accredo issuer origins``.

The move records the public base URL being left (``ACCREDO_PUBLIC_BASE_URL`` now, or
``--from`` when the variable was already switched) in the database, so every process, now and
after restarts, serves that origin's documents and verifies what was issued under it. It never
edits the environment: it prints what the operator must do next.
"""

from __future__ import annotations

import asyncio

import click

from service.clock import SystemClock
from service.db.session import SchemaNotReady, standalone_engine, transaction
from service.origins import store
from service.origins.errors import MoveRefused
from service.origins.rules import MovePlan, normalise
from service.origins.services import move_issuer
from service.settings import SettingsError, load_settings

SAID = {
    "record": "recorded {origin} as a previous origin of this issuer (moved to {to})",
    "retarget": "{origin} was already recorded; it now says it moved to {to}",
    "already-recorded": "{origin} is already recorded as moved to {to}; nothing changed",
    "already-moved": "the public base URL is already {to}; nothing changed",
}


@click.group()
def issuer() -> None:
    """The issuer's public base URL: move it without breaking issued credentials."""


async def _move(current: str, to: str) -> tuple[MovePlan, list[store.PreviousOrigin]]:
    settings = load_settings()
    async with standalone_engine(settings.database_url) as engine, transaction(engine) as session:
        return await move_issuer(session, current, to, SystemClock().now())


def _next_steps(plan: MovePlan) -> list[str]:
    old_host = plan.origin.split("://", 1)[1]
    return [
        "next:",
        f"  1. set ACCREDO_PUBLIC_BASE_URL={normalise(plan.to)} for every Accredo process and "
        "restart them (new credentials then name the new URL);",
        f"  2. keep the DNS name {old_host} pointing at this server (its proxy forwarding it "
        "with its own Host header): requests to it are answered with the documents credentials "
        f"issued under {plan.origin} name (issuer profile, keys, status lists);",
        "  3. never retire that name while credentials issued under it are still valid.",
    ]


@issuer.command("move")
@click.option("--to", "to", required=True, help="The new public base URL (scheme://host[:port]).")
@click.option(
    "--from",
    "from_",
    default=None,
    help="The base URL being left (default: ACCREDO_PUBLIC_BASE_URL, as it is now).",
)
def move_command(to: str, from_: str | None) -> None:
    """Record the current public base URL as a previous origin, then say what to do next."""
    try:
        current = from_ or load_settings().public_base_url
        plan, recorded = asyncio.run(_move(current, to))
    except (SettingsError, SchemaNotReady) as error:
        raise click.ClickException(str(error)) from error
    except MoveRefused as refused:
        source = {"to": "--to", "from": "--from" if from_ else "ACCREDO_PUBLIC_BASE_URL"}
        lines = [f"{source.get(p.field or '', p.field)}: {p.message}" for p in refused.problems]
        raise click.ClickException("the move is refused:\n  " + "\n  ".join(lines)) from refused
    click.echo(SAID[plan.kind].format(origin=plan.origin, to=plan.to))
    if plan.kind != "already-moved":
        click.echo("\n".join(_next_steps(plan)))
    _print(recorded)


def _print(recorded: list[store.PreviousOrigin]) -> None:
    if not recorded:
        click.echo("no previous origins recorded")
        return
    click.echo("previous origins (served with their own documents):")
    for row in recorded:
        click.echo(
            f"  {row.origin}  retired {row.retired_at:%Y-%m-%d %H:%M}Z  moved to {row.moved_to}"
        )


async def _list() -> list[store.PreviousOrigin]:
    settings = load_settings()
    async with standalone_engine(settings.database_url) as engine, transaction(engine) as session:
        return await store.previous_origins(session)


@issuer.command("origins")
def origins_command() -> None:
    """List the previous public base URLs this server still answers for."""
    try:
        recorded = asyncio.run(_list())
    except (SettingsError, SchemaNotReady) as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"current: {load_settings().public_base_url}")
    _print(recorded)
