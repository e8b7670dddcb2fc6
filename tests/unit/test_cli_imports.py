"""``accredo serve`` sets up the multi-process metrics directory before prometheus-client is
imported (its mode is fixed at import); so importing the command line must not import it."""

from __future__ import annotations

import subprocess
import sys


def test_importing_the_command_line_leaves_prometheus_client_unimported() -> None:
    probe = "import sys, service.cli; print('prometheus_client' in sys.modules)"
    found = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert found.stdout.strip() == "False", found.stderr
