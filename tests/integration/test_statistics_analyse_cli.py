"""``accredo stats analyse`` on real files: JSON, CSV and PDF reports, problems listed at once
(exit 2), and ``accredo stats EXAM`` still reads an exam (tested beside it)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from click.testing import CliRunner

from service.cli import cli
from tests.support.response_files import DIF_ITEM, simulate_files


def _write(tmp_path: Path, layout: str = "long") -> tuple[Path, Path, Path]:
    made = simulate_files(500, 10, seed=9, layout=layout)
    paths = (tmp_path / "responses.csv", tmp_path / "key.csv", tmp_path / "groups.csv")
    for path, text in zip(paths, (made.responses, made.key, made.groups), strict=True):
        path.write_text(text, encoding="utf-8")
    return paths


def test_analyse_prints_the_full_report_as_json(tmp_path: Path) -> None:
    responses, key, groups = _write(tmp_path)
    args = ["stats", "analyse", str(responses), "--key", str(key), "--groups", str(groups)]
    refused = CliRunner().invoke(cli, [*args, "--cut", "60"])  # a percent, not a fraction
    assert refused.exit_code == 2 and "--cut" in refused.output
    result = CliRunner().invoke(cli, [*args, "--cut", "0.6"])
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    assert body["cutScore"] == 0.6 and body["decisions"]["cutScore"] == 0.6
    assert body["examinees"] == 500 and body["unseenItems"] == ["I99"]
    decisions = body["decisions"]
    assert decisions["decisions"]["method"].startswith("Rudner")
    assert decisions["alphaInterval"]["lower"] < body["summary"]["alpha"]
    (dif,) = decisions["dif"]
    assert dif["items"][DIF_ITEM]["category"] == "C"


def test_analyse_writes_csv_and_pdf_files(tmp_path: Path) -> None:
    responses, key, groups = _write(tmp_path, layout="wide")
    out_csv, out_pdf = tmp_path / "report.csv", tmp_path / "report.pdf"
    base = ["stats", "analyse", str(responses), "--key", str(key), "--groups", str(groups)]
    made_csv = CliRunner().invoke(cli, [*base, "--format", "csv", "--out", str(out_csv)])
    assert made_csv.exit_code == 0, made_csv.output
    rows = list(csv.DictReader(io.StringIO(out_csv.read_text())))
    assert len(rows) == 10 and rows[0]["domain"] == "D0"
    made_pdf = CliRunner().invoke(cli, [*base, "--format", "pdf", "--out", str(out_pdf)])
    assert made_pdf.exit_code == 0, made_pdf.output
    assert out_pdf.read_bytes().startswith(b"%PDF")


def test_analyse_lists_every_problem_and_exits_2(tmp_path: Path) -> None:
    responses = tmp_path / "r.csv"
    key = tmp_path / "k.csv"
    responses.write_text("examinee_id,item_id,chosen_option\nE1,I1,A\nE1,I7,B\n,I1,A\n")
    key.write_text("item_id,key\nI1,A\nI2,\n")
    result = CliRunner().invoke(cli, ["stats", "analyse", str(responses), "--key", str(key)])
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert "key, line 3, key: the key is empty" in lines
    assert "responses, line 3, item_id: item 'I7' is not in the key file" in lines
    assert "responses, line 4, examinee_id: the examinee id is empty" in lines
