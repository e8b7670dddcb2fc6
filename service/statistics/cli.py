"""``accredo stats EXAM``: the exam summary and every flag, in the terminal;
``accredo stats analyse RESPONSES --key KEY``: the full report of a response file."""

from __future__ import annotations

import asyncio
import sys
from uuid import UUID

import click
from rich.console import Console
from rich.table import Table

from service.clock import SystemClock
from service.db.session import SchemaNotReady, standalone_engine, transaction
from service.errors import NotFound
from service.settings import load_settings
from service.statistics.cache import ReportCache
from service.statistics.file_cli import analyse
from service.statistics.report import ExamReport
from service.statistics.services import exam_report


def _exam_ref(text: str) -> UUID | str:
    try:
        return UUID(text)
    except ValueError:
        return text


async def _load(reference: UUID | str) -> ExamReport:
    settings = load_settings()
    async with standalone_engine(settings.database_url) as engine, transaction(engine) as session:
        return await exam_report(session, ReportCache(), reference, SystemClock().now())


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{value:.1%}"


def print_report(report: ExamReport, console: Console) -> None:
    exam = report.exam
    console.print(f"[bold]{exam.name}[/] ({exam.id})")
    console.print(
        f"finished attempts {report.attempts}; first attempts {report.first_attempts}, "
        f"pass rate {_percent(report.first_attempt_pass_rate)} "
        f"(the {exam.tier} band is {exam.pass_band_low:.0%}-{exam.pass_band_high:.0%})"
    )
    analysis = report.analysis
    if analysis is not None:
        summary = analysis.exam
        rasch = analysis.rasch
        table = Table(title="all attempts, one pool of item revisions")
        for column in ("attempts", "items", "per form", "mean", "SD", "alpha", "SEM", "Rasch"):
            table.add_column(column)
        table.add_row(
            str(summary.attempts),
            str(summary.items),
            "-" if summary.mean_form_length is None else f"{summary.mean_form_length:g}",
            f"{summary.mean:.2f}",
            f"{summary.sd:.2f}",
            "-" if summary.alpha is None else f"{summary.alpha:.3f}",
            "-" if summary.sem is None else f"{summary.sem:.2f}",
            "-" if rasch is None else ("ok" if rasch.estimable else "not estimable"),
        )
        console.print(table)
    names = report.names()
    flags = Table(title=f"flags ({len(report.all_flags())})")
    for column in ("item", "flag", "reason"):
        flags.add_column(column, overflow="fold")
    for flag in report.all_flags():
        item = names.get(flag.item_id, flag.item_id) if flag.item_id else "exam"
        option = f" ({flag.option_id})" if flag.option_id else ""
        flags.add_row(f"{item}{option}", flag.code.value, flag.reason)
    console.print(flags)


class _StatsGroup(click.Group):
    """``accredo stats EXAM`` keeps working beside the subcommands: a first argument that
    names no subcommand is the exam (``accredo stats show EXAM`` for an exam called
    "analyse")."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and not args[0].startswith("-") and args[0] not in self.commands:
            args = ["show", *args]
        return super().parse_args(ctx, args)


@click.group(cls=_StatsGroup)
def stats() -> None:
    """Item statistics: of an exam (``stats EXAM``) or of a response file (``stats analyse``)."""


@stats.command("show")
@click.argument("exam")
def show(exam: str) -> None:
    """Print the item statistics summary and flags of EXAM (its id or its name)."""
    try:
        report = asyncio.run(_load(_exam_ref(exam)))
    except (NotFound, SchemaNotReady) as exc:
        Console(stderr=True).print(f"[bold red]{exc}[/]")
        sys.exit(1)
    print_report(report, Console())


stats.add_command(analyse)
