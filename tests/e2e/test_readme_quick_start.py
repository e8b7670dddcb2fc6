"""The README's quick start, run as written against a real server, reaches a credential URL.

The block marked `quick-start` in README.md is extracted and run with bash (`-e`, so any failing
command fails the test) in a temporary directory that holds only what a fresh clone would
have (`.venv`, `itembank/samples`), against `accredo serve` on a free port with the demo data
loaded the way `make run` loads it. If the README's commands rot, this fails.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from tests.support.server import free_port, start_server

ROOT = Path(__file__).resolve().parents[2]
MARKER = "<!-- quick-start:"
SECRET = "readme-quick-start-secret-key-long-enough-0123456789"


def quick_start_block() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    after = text[text.index(MARKER) :]
    match = re.search(r"```sh\n(.*?)```", after, re.DOTALL)
    assert match is not None, "the quick-start marker must precede a ```sh block"
    return match.group(1)


def test_the_block_sets_every_variable_it_uses() -> None:
    block = quick_start_block()
    used = set(re.findall(r"\$\{?([A-Z_][A-Z0-9_]*)", block))
    assigned = set(re.findall(r"^([A-Z_][A-Z0-9_]*)=", block, re.MULTILINE))
    assert used - assigned <= {"ACCREDO_PUBLIC_BASE_URL"}, used - assigned


@pytest.mark.slow
def test_the_readme_quick_start_reaches_a_credential_url(tmp_path: Path) -> None:
    workdir = tmp_path / "clone"
    (workdir / "itembank").mkdir(parents=True)
    (workdir / ".venv").symlink_to(Path(sys.prefix))
    (workdir / "itembank" / "samples").symlink_to(ROOT / "itembank" / "samples")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        "ACCREDO_PUBLIC_BASE_URL": base,
        "ACCREDO_DATA_DIR": str(tmp_path / "var"),
        "ACCREDO_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'var' / 'accredo.db'}",
        "ACCREDO_SECRET_KEY": SECRET,
    }
    full_env = {**os.environ, **env}
    for step in (["db", "upgrade"], ["demo", "load"]):  # what `make run` does before serving
        subprocess.run([sys.executable, "-m", "service", *step], env=full_env, check=True)
    server = start_server(env, tmp_path, port=port)
    try:
        completed = subprocess.run(
            ["bash", "-e", "-o", "pipefail", "-c", quick_start_block()],
            cwd=workdir,
            env=full_env,
            capture_output=True,
            text=True,
            timeout=240,
            check=False,
        )
        output = completed.stdout + completed.stderr
        assert completed.returncode == 0, output
        assert output.splitlines()[0] == "ok", output
        urls = re.findall(rf"credential: ({re.escape(base)}/credentials/\S+)", output)
        assert len(urls) == 1, output
        assert re.search(r"retake from: \d{4}-\d\d-\d\dT", output), output
        assert '"created":67' in output, output
        document = httpx.get(urls[0], params={"format": "json"}, timeout=30)
        assert document.status_code == 200
        assert "OpenBadgeCredential" in document.json()["type"]
        verified = httpx.post(f"{base}/verify", content=document.content, timeout=60)
        assert verified.status_code == 200 and verified.json()["ok"] is True, verified.text
    finally:
        server.stop()
