"""``accredo bank import|export``: the same validation and report as the API, from a terminal."""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path

import click
import yaml
from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from itembank.exporting import ExportFormat
from itembank.importing import BankFormat, ImportOptions
from service.bank import services
from service.bank.import_request import import_format, import_options
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


async def _import(
    path: Path,
    data: bytes,
    bank_name: str,
    fmt: BankFormat | None = None,
    options: ImportOptions | None = None,
) -> services.ImportReport:
    settings = load_settings()
    columns = (SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task(f"reading {path.name}", total=4)
        progress.update(task, advance=1, description="validating every item")
        parsed = services.parse_upload(
            data,
            filename=path.name,
            content_type=None,
            max_bytes=settings.max_upload_bytes,
            fmt=fmt,
            options=options,
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


def _mapping_text(path: Path | None) -> str | None:
    """A mapping file (YAML or JSON, which is YAML) as the JSON text the API takes."""
    if path is None:
        return None
    try:
        return json.dumps(yaml.safe_load(path.read_text(encoding="utf-8")))
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        raise click.BadParameter(f"{path} is not YAML or JSON: {error}") from error


def _print_report(report: services.ImportReport) -> None:
    click.echo(
        f"created {report.created}, revised {report.revised}, unchanged {report.unchanged}, "
        f"status/tags changed {report.state_changed}"
    )
    if report.not_in_file:
        click.echo(f"{len(report.not_in_file)} items of the bank are not in the file (kept)")
    for skipped in report.skipped:
        where = f"line {skipped.line}" if skipped.line is not None else skipped.element or ""
        title = f" '{skipped.title}'" if skipped.title else ""
        click.echo(f"skipped {skipped.question_type}{title} ({where}): {skipped.reason}")
    for assumption in report.assumptions:
        assumed = ", ".join(f"{field} from {source}" for field, source in assumption.assumed)
        click.echo(f"{assumption.item}: {'; '.join(filter(None, [assumed, *assumption.notes]))}")


@bank.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--bank", "bank_name", required=True, help="Bank name (created if missing).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice([member.value for member in BankFormat]),
    default=None,
    help="The file's format; told from its extension or content when left out.",
)
@click.option(
    "--mapping",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="YAML or JSON mapping: rules (category or tag -> kind, domain, tiers), defaults, "
    "idPrefix.",
)
@click.option("--kind", default=None, help="Default kind for items no rule decides.")
@click.option("--domain", default=None, help="Default domain for items no rule decides.")
@click.option("--tier", "tiers", multiple=True, help="Default tier (repeat for several).")
@click.option("--status", default=None, help="Status of the imported items (draft, active).")
@click.option("--id-prefix", default=None, help="Prefix of derived item ids.")
def import_command(
    file: Path,
    bank_name: str,
    fmt: str | None,
    mapping: Path | None,
    kind: str | None,
    domain: str | None,
    tiers: tuple[str, ...],
    status: str | None,
    id_prefix: str | None,
) -> None:
    """Import FILE into a bank, all items or none: YAML, JSON, CSV, Moodle XML, GIFT, Aiken
    or QTI 3.0 (an item .xml or a package .zip)."""
    try:
        options = import_options(
            {
                "mapping": _mapping_text(mapping),
                "kind": kind,
                "domain": domain,
                "tiers": ",".join(tiers) or None,
                "status": status,
                "idPrefix": id_prefix,
            }
        )
        report = asyncio.run(
            _import(file, file.read_bytes(), bank_name, import_format(fmt), options)
        )
    except Invalid as error:
        _print_problems(error)
        sys.exit(1)
    _print_report(report)


async def _export(bank_name: str, fmt: ExportFormat) -> bytes:
    settings = load_settings()
    async with standalone_engine(settings.database_url) as engine, transaction(engine) as session:
        target = await services.find_bank_by_name(session, bank_name)
        exported = await services.export_bank(session, target.id, fmt, title=target.name)
        return exported.body


@bank.command("export")
@click.option("--bank", "bank_name", required=True)
@click.option(
    "--format",
    "fmt",
    type=click.Choice([member.value for member in ExportFormat]),
    default="yaml",
    help="yaml, json, csv (re-import unchanged), qti (QTI 3.0 zip package), moodle (XML).",
)
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), default=None)
def export_command(bank_name: str, fmt: str, output: Path | None) -> None:
    """Write the bank in FORMAT (to stdout unless --output)."""
    try:
        data = asyncio.run(_export(bank_name, ExportFormat(fmt)))
    except NotFound as error:
        raise click.ClickException(error.detail) from error
    if output is None:
        sys.stdout.buffer.write(data)
    else:
        output.write_bytes(data)
        click.echo(f"wrote {output}", err=True)
