"""``accredo bank import|export``: the same validation and report as the API, from a terminal."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import click
from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from itembank.importing import BankFormat
from service.bank import services
from service.db.session import standalone_engine, transaction
from service.errors import Invalid, NotFound
from service.settings import load_settings

CLI_ACTOR = "cli"
console = Console(stderr=True)


@click.group()
def bank() -> None:
    """Item banks: import and export files."""


def _print_problems(error: Invalid) -> None:
    console.print(f"[bold red]{error.detail}[/]")
    for problem in error.problems:
        where = ", ".join(
            part
            for part in (
                f"line {problem.line}" if problem.line is not None else "",
                f"item {problem.item}" if problem.item else "",
                f"field {problem.field}" if problem.field else "",
            )
            if part
        )
        console.print(f"  {where or 'file'}: {problem.message}")


async def _import(path: Path, data: bytes, bank_name: str) -> services.ImportReport:
    settings = load_settings()
    columns = (SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task(f"reading {path.name}", total=4)
        progress.update(task, advance=1, description="validating every item")
        parsed = services.parse_upload(
            data, filename=path.name, content_type=None, max_bytes=settings.max_upload_bytes
        )
        progress.update(task, advance=1, description=f"writing {len(parsed.items)} items")
        async with (
            standalone_engine(settings.database_url) as engine,
            transaction(engine) as session,
        ):
            try:
                target = await services.find_bank_by_name(session, bank_name)
            except NotFound:
                target = await services.create_bank(
                    session, name=bank_name, description="", actor=CLI_ACTOR
                )
                console.print(f"created bank {bank_name!r}")
            report = await services.import_bank(session, target, parsed, actor=CLI_ACTOR)
            progress.update(task, advance=1, description="committing")
        progress.update(task, advance=1)
    return report


@bank.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--bank", "bank_name", required=True, help="Bank name (created if missing).")
def import_command(file: Path, bank_name: str) -> None:
    """Import FILE (YAML, JSON or CSV) into a bank: all items or none."""
    try:
        report = asyncio.run(_import(file, file.read_bytes(), bank_name))
    except Invalid as error:
        _print_problems(error)
        sys.exit(1)
    click.echo(
        f"created {report.created}, revised {report.revised}, unchanged {report.unchanged}, "
        f"status/tags changed {report.state_changed}"
    )
    if report.not_in_file:
        click.echo(f"{len(report.not_in_file)} items of the bank are not in the file (kept)")


async def _export(bank_name: str, fmt: BankFormat) -> bytes:
    settings = load_settings()
    async with standalone_engine(settings.database_url) as engine, transaction(engine) as session:
        target = await services.find_bank_by_name(session, bank_name)
        return await services.export_bank(session, target.id, fmt)


@bank.command("export")
@click.option("--bank", "bank_name", required=True)
@click.option("--format", "fmt", type=click.Choice(["yaml", "json"]), default="yaml")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), default=None)
def export_command(bank_name: str, fmt: str, output: Path | None) -> None:
    """Write the bank in the native format (to stdout unless --output)."""
    try:
        data = asyncio.run(_export(bank_name, BankFormat(fmt)))
    except NotFound as error:
        raise click.ClickException(error.detail) from error
    if output is None:
        sys.stdout.buffer.write(data)
    else:
        output.write_bytes(data)
        click.echo(f"wrote {output}", err=True)
