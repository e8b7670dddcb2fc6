"""``accredo issuer move`` and ``accredo issuer origins`` against both databases, through the
real command line: refusals name every problem, a move is recorded once, re-running it (before
or after the switch) changes nothing, and ``--from`` records a move made after the switch."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from service.cli import cli
from tests.conftest import TEST_SECRET

OLD = "https://old-issuer.test"
NEW = "https://new-issuer.test"


@pytest.fixture
def cli_env(database_url: str, tmp_path: Path) -> dict[str, str]:
    return {
        "ACCREDO_DATABASE_URL": database_url,
        "ACCREDO_SECRET_KEY": TEST_SECRET,
        "ACCREDO_DATA_DIR": str(tmp_path),
        "ACCREDO_PUBLIC_BASE_URL": OLD,
    }


def _run(env: dict[str, str], *args: str, base: str = OLD) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["issuer", *args], env=env | {"ACCREDO_PUBLIC_BASE_URL": base})
    return result.exit_code, result.output


def test_a_bad_target_is_refused_naming_every_problem_and_nothing_is_recorded(
    cli_env: dict[str, str],
) -> None:
    code, output = _run(cli_env, "move", "--to", "ftp://user@new-issuer.test/path?x=1")
    assert code == 1
    for reason in ("http:// or https://", "user name or password", "no path", "no query"):
        assert reason in output, output
    code, output = _run(cli_env, "move", "--to", "http://old-issuer.test")
    assert code == 1 and "differ only in scheme" in output
    code, output = _run(cli_env, "origins")
    assert code == 0 and "no previous origins recorded" in output


def test_a_move_is_recorded_once_and_listed(cli_env: dict[str, str]) -> None:
    code, output = _run(cli_env, "move", "--to", NEW)
    assert code == 0, output
    assert f"recorded {OLD} as a previous origin" in output
    assert f"ACCREDO_PUBLIC_BASE_URL={NEW}" in output
    assert "keep the DNS name old-issuer.test pointing at this server" in output
    code, again = _run(cli_env, "move", "--to", NEW + "/")
    assert code == 0 and "already recorded" in again and "nothing changed" in again
    code, after_switch = _run(cli_env, "move", "--to", NEW, base=NEW)
    assert code == 0 and "already" in after_switch and "nothing changed" in after_switch
    code, listed = _run(cli_env, "origins", base=NEW)
    assert code == 0
    assert f"current: {NEW}" in listed
    assert listed.count(OLD) == 1 and f"moved to {NEW}" in listed


def test_a_move_made_after_the_switch_names_the_old_base_with_from(
    cli_env: dict[str, str],
) -> None:
    code, output = _run(cli_env, "move", "--to", NEW, base=NEW)
    assert code == 1 and "already the public base URL" in output
    code, output = _run(cli_env, "move", "--from", OLD, "--to", NEW, base=NEW)
    assert code == 0 and f"recorded {OLD}" in output


def test_changing_the_target_before_the_switch_retargets_the_record(
    cli_env: dict[str, str],
) -> None:
    assert _run(cli_env, "move", "--to", NEW)[0] == 0
    code, output = _run(cli_env, "move", "--to", "https://other-issuer.test")
    assert code == 0 and "now says it moved to https://other-issuer.test" in output
    assert _run(cli_env, "origins")[1].count(f"  {OLD}  retired") == 1


def test_a_base_url_with_a_path_is_named_as_the_variable_it_came_from(
    cli_env: dict[str, str],
) -> None:
    code, output = _run(cli_env, "move", "--to", NEW, base=f"{OLD}/accredo")
    assert code == 1
    assert "ACCREDO_PUBLIC_BASE_URL: must have no path (got '/accredo')" in output
