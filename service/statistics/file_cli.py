"""``accredo stats analyse RESPONSES --key KEY [--groups GROUPS]``: the report of a response
file, as the API gives it (JSON, CSV or PDF), to standard output or ``--out``.

Problems in the files are printed one per line (file, line, field, reason), all at once, and
the command exits 2; nothing touches the database.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click
import msgspec

from service.statistics.errors import ResponseFilesRejected
from service.statistics.file_analysis import analyse_files
from service.statistics.file_csv import file_report_csv
from service.statistics.file_pdf import render_file_pdf
from service.statistics.file_views import file_report_out
from service.statistics.units import percent

FILE = click.Path(exists=True, dir_okay=False, path_type=Path)


@click.command("analyse")
@click.argument("responses", type=FILE)
@click.option("--key", "key", type=FILE, required=True, help="item_id,key[,n_options][,domain]")
@click.option("--groups", type=FILE, help="examinee_id,group (for DIF)")
@click.option(
    "--cut",
    type=click.FloatRange(0, 1, min_open=True, max_open=True),
    help="the cut as a fraction of the score, e.g. 0.6",
)
@click.option(
    "--format", "output_format", type=click.Choice(["json", "csv", "pdf"]), default="json"
)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="write here")
def analyse(
    responses: Path,
    key: Path,
    groups: Path | None,
    cut: float | None,
    output_format: str,
    out: Path | None,
) -> None:
    """Analyse RESPONSES (long examinee_id,item_id,chosen_option or wide) against KEY."""
    try:
        report = analyse_files(
            responses.read_bytes(),
            key.read_bytes(),
            None if groups is None else groups.read_bytes(),
            percent(cut),
        )
    except ResponseFilesRejected as error:
        for problem in error.problems:
            where = ", ".join(
                part
                for part in (
                    problem.file or "",
                    "" if problem.line is None else f"line {problem.line}",
                    problem.field or "",
                )
                if part
            )
            click.echo(f"{where}: {problem.message}", err=True)
        sys.exit(2)
    if output_format == "json":
        data = msgspec.json.format(msgspec.json.encode(file_report_out(report)), indent=2) + b"\n"
    elif output_format == "csv":
        data = file_report_csv(report).encode()
    else:
        data = render_file_pdf(report, responses.name)
    if out is None:
        click.echo(data, nl=False)
    else:
        out.write_bytes(data)
