"""Set up prometheus-client's multiprocess mode for ``accredo serve`` (imports no metrics).

granian forks its workers from the serving process, and prometheus-client picks its storage
(in-process or memory-mapped files shared by processes) once, when it is first imported. So
the directory must be named in the environment before anything imports it; this module is
imported by the command line and must not import ``prometheus_client`` itself.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"


def prepare_multiprocess_dir(directory: Path) -> None:
    """An empty directory for the workers' sample files, named in the environment they inherit."""
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True)
    os.environ[MULTIPROC_ENV] = str(directory.resolve())
