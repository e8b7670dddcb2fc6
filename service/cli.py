"""The ``accredo`` command line: serve, migrate, mint tokens, and the per-area commands.

Each area adds its own group in its own module; this file only assembles them.
"""

from __future__ import annotations

import asyncio
import sys
from datetime import timedelta

import click

from service.auth.roles import Role
from service.auth.tokens import create_token, utc_now
from service.bank.cli import bank
from service.base_url import base_url_mismatch
from service.credentials.cli import keys, verify_command
from service.db import migrate
from service.db.session import SchemaNotReady
from service.demo.cli import demo
from service.observe.multiproc import prepare_multiprocess_dir
from service.origins.cli import issuer
from service.settings import SettingsError, load_settings
from service.statistics.cli import stats
from service.webhooks.cli import reminders
from service.webhooks.worker_cli import webhooks


@click.group()
def cli() -> None:
    """Accredo: item banks, timed certification exams, Open Badges 3.0 credentials."""


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--workers", default=1, show_default=True, type=click.IntRange(min=1))
def serve(host: str, port: int, workers: int) -> None:
    """Serve the API under granian (refuses to start on an unmigrated database)."""
    from granian import Granian
    from granian.constants import Interfaces
    from granian.log import LogLevels

    settings = load_settings()
    state = asyncio.run(migrate.schema_state(settings.database_url))
    if not state.up_to_date:
        raise click.ClickException(state.describe())
    warning = base_url_mismatch(settings.public_base_url, host, port)
    if warning is not None:
        click.secho(warning, fg="yellow", err=True)
    if settings.metrics_token:
        # Before any worker imports prometheus-client: the workers share sample files here.
        prepare_multiprocess_dir(settings.data_dir / "metrics")
    click.echo(f"serving on http://{host}:{port} ({settings.database_kind})")
    Granian(
        "service.asgi:app_from_environment",
        address=host,
        port=port,
        interface=Interfaces.ASGI,
        workers=workers,
        factory=True,
        # Granian's start-up chatter (PIDs, workers spawned) only at ACCREDO_LOG_LEVEL=DEBUG.
        log_level=LogLevels.debug if settings.log_level == "DEBUG" else LogLevels.warning,
    ).serve()


@cli.group()
def db() -> None:
    """Database schema migrations."""


@db.command()
@click.argument("revision", default="head")
def upgrade(revision: str) -> None:
    """Migrate the database up to REVISION (default: the newest)."""
    settings = load_settings()
    asyncio.run(migrate.upgrade(settings.database_url, revision))
    click.echo(asyncio.run(migrate.schema_state(settings.database_url)).describe())


@db.command()
@click.argument("revision")
def downgrade(revision: str) -> None:
    """Migrate the database down to REVISION (``base`` removes every table)."""
    settings = load_settings()
    asyncio.run(migrate.downgrade(settings.database_url, revision))
    click.echo(asyncio.run(migrate.schema_state(settings.database_url)).describe())


@db.command()
def current() -> None:
    """Show the database's schema revision and whether it is up to date."""
    settings = load_settings()
    state = asyncio.run(migrate.schema_state(settings.database_url))
    click.echo(state.describe())
    if not state.up_to_date:
        sys.exit(1)


@cli.group()
def token() -> None:
    """Bearer tokens for API clients."""


@token.command("create")
@click.option("--sub", "subject", required=True, help="The caller's stable id.")
@click.option(
    "--role",
    "roles",
    required=True,
    multiple=True,
    type=click.Choice([role.value for role in Role]),
    help="Repeat for several roles.",
)
@click.option("--name", default=None, help="Display name (learners: shown on credentials).")
@click.option("--email", default=None, help="Email (learners: hashed into credentials).")
@click.option(
    "--account", default=None, help="External id of the learner's customer account (first use)."
)
@click.option("--ttl", default=None, type=int, help="Lifetime in seconds (default: settings).")
def create_token_command(
    subject: str,
    roles: tuple[str, ...],
    name: str | None,
    email: str | None,
    account: str | None,
    ttl: int | None,
) -> None:
    """Print a signed bearer token."""
    settings = load_settings()
    try:
        token = create_token(
            secret_key=settings.secret_key,
            subject=subject,
            roles=[Role(role) for role in roles],
            now=utc_now(),
            ttl=timedelta(seconds=ttl or settings.token_ttl_seconds),
            name=name,
            email=email,
            account=account,
        )
    except ValueError as error:  # a claim the service would refuse (too long, NUL ...)
        raise click.BadParameter(str(error)) from error
    click.echo(token)


cli.add_command(bank)
cli.add_command(keys)
cli.add_command(issuer)
cli.add_command(verify_command)
cli.add_command(stats)
cli.add_command(demo)
cli.add_command(reminders)
cli.add_command(webhooks)


def main() -> None:
    try:
        cli()
    except SettingsError as exc:
        click.echo(f"configuration error: {exc}", err=True)
        sys.exit(2)
    except SchemaNotReady as exc:
        click.echo(str(exc), err=True)
        sys.exit(2)
