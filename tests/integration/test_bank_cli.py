"""``accredo bank import|export`` against both databases, through the real command line."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from service.cli import cli
from tests.conftest import TEST_SECRET
from tests.support.bank_files import as_yaml, make_document


@pytest.fixture
def cli_env(database_url: str, tmp_path: Path) -> dict[str, str]:
    return {
        "ACCREDO_DATABASE_URL": database_url,
        "ACCREDO_SECRET_KEY": TEST_SECRET,
        "ACCREDO_DATA_DIR": str(tmp_path),
    }


def test_import_creates_the_bank_and_export_round_trips(
    cli_env: dict[str, str], tmp_path: Path
) -> None:
    runner = CliRunner()
    source = tmp_path / "bank.yaml"
    source.write_bytes(as_yaml(make_document(12)))
    first = runner.invoke(cli, ["bank", "import", str(source), "--bank", "Ops"], env=cli_env)
    assert first.exit_code == 0, first.output
    assert "created 12, revised 0, unchanged 0" in first.output

    exported = tmp_path / "export.yaml"
    result = runner.invoke(
        cli, ["bank", "export", "--bank", "Ops", "-o", str(exported)], env=cli_env
    )
    assert result.exit_code == 0, result.output
    again = runner.invoke(cli, ["bank", "import", str(exported), "--bank", "Ops"], env=cli_env)
    assert "created 0, revised 0, unchanged 12" in again.output


def test_bad_file_exits_non_zero_and_lists_every_problem(
    cli_env: dict[str, str], tmp_path: Path
) -> None:
    document = make_document(5)
    document["items"][1]["kind"] = "essay"
    document["items"][3]["stem"] = ""
    source = tmp_path / "bad.yaml"
    source.write_bytes(as_yaml(document))
    result = CliRunner().invoke(cli, ["bank", "import", str(source), "--bank", "Ops"], env=cli_env)
    assert result.exit_code == 1
    assert "2 problems; nothing was imported" in result.output
    assert "item Q-00002, field kind" in result.output
    assert "item Q-00004, field stem" in result.output
    missing = CliRunner().invoke(cli, ["bank", "export", "--bank", "Ops"], env=cli_env)
    assert missing.exit_code != 0
    assert "no bank named 'Ops'" in missing.output


def test_token_create_prints_a_usable_token(cli_env: dict[str, str]) -> None:
    from service.auth.tokens import decode_token

    result = CliRunner().invoke(
        cli,
        ["token", "create", "--sub", "l-9", "--role", "learner", "--name", "Lee", "--ttl", "60"],
        env=cli_env,
    )
    assert result.exit_code == 0, result.output
    principal = decode_token(result.output.strip(), secret_key=TEST_SECRET)
    assert principal.subject == "l-9" and principal.name == "Lee"


def test_foreign_formats_with_mapping_options_and_every_export_format(
    cli_env: dict[str, str], tmp_path: Path
) -> None:
    from tests.unit.itembank_import.foreign_files import fixture

    runner = CliRunner()
    gift = tmp_path / "net.txt"
    gift.write_bytes(fixture("constructs.gift"))
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text(
        "rules:\n  - category: $course$/Networking\n    kind: scenario\n"
        "defaults:\n  tiers: [practitioner]\n"
    )
    result = runner.invoke(
        cli,
        [
            *("bank", "import", str(gift), "--bank", "Net", "--mapping", str(mapping)),
            *("--domain", "net", "--tier", "expert", "--id-prefix", "N"),
        ],
        env=cli_env,
    )
    assert result.exit_code == 0, result.output
    assert "created 6, revised 0, unchanged 0" in result.output
    assert "skipped essay 'Essay' (line 36)" in result.output
    assert "N-Weighted: kind from rule 1 (category networking)" in result.output
    assert "tiers from default" in result.output

    for fmt, name in (("qti", "net.zip"), ("moodle", "net.xml"), ("csv", "net.csv")):
        exported = tmp_path / name
        written = runner.invoke(
            cli,
            ["bank", "export", "--bank", "Net", "--format", fmt, "-o", str(exported)],
            env=cli_env,
        )
        assert written.exit_code == 0, written.output
        again = runner.invoke(cli, ["bank", "import", str(exported), "--bank", "Net"], env=cli_env)
        assert again.exit_code == 0, again.output
        assert "created 0, revised 0, unchanged 6" in again.output


def test_a_broken_aiken_file_lists_every_line_and_an_explicit_format_wins(
    cli_env: dict[str, str], tmp_path: Path
) -> None:
    from tests.unit.itembank_import.foreign_files import fixture

    source = tmp_path / "questions.data"
    source.write_bytes(fixture("broken.aiken"))
    result = CliRunner().invoke(
        cli,
        [
            *("bank", "import", str(source), "--bank", "Ops", "--format", "aiken"),
            *("--kind", "recall", "--domain", "ops", "--tier", "expert"),
        ],
        env=cli_env,
    )
    assert result.exit_code == 1
    assert "5 problems; nothing was imported" in result.output
    for line in (3, 5, 7, 18, 21):
        assert f"line {line}" in result.output
    bad_option = CliRunner().invoke(
        cli,
        ["bank", "import", str(source), "--bank", "Ops", "--kind", "essay"],
        env=cli_env,
    )
    assert bad_option.exit_code == 1
    assert "field kind" in bad_option.output


def test_token_create_refuses_a_subject_the_service_would_refuse(cli_env: dict[str, str]) -> None:
    result = CliRunner().invoke(
        cli, ["token", "create", "--sub", "s" * 201, "--role", "learner"], env=cli_env
    )
    assert result.exit_code == 2
    assert "longer than 200 characters" in result.output
