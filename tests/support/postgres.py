"""A throw-away PostgreSQL server for the test session.

The suite must exercise the production database for real, so when no server is given through
``ACCREDO_TEST_DATABASE_URL`` it runs ``initdb`` and ``pg_ctl`` in a temporary directory
(as the ``postgres`` user when the session runs as root, since PostgreSQL refuses to run as
root) and removes it afterwards. If that fails the session fails with the reason: a skipped
PostgreSQL run would hide exactly the bugs it exists to catch.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

SUPERUSER = "accredo"


class PostgresUnavailable(RuntimeError):
    pass


def _find_binary(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)
    if candidates:
        return candidates[0]
    raise PostgresUnavailable(
        f"`{name}` was not found; install the PostgreSQL server (Debian: apt-get install "
        "postgresql) or set ACCREDO_TEST_DATABASE_URL to an existing server"
    )


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _as_server_user(command: Sequence[str]) -> list[str]:
    if os.geteuid() != 0:
        return list(command)
    runuser = shutil.which("runuser")
    if runuser:
        return [runuser, "-u", "postgres", "--", *command]
    return ["su", "postgres", "-s", "/bin/sh", "-c", " ".join(command)]


def _run(command: Sequence[str], what: str) -> None:
    result = subprocess.run(
        _as_server_user(command), capture_output=True, text=True, check=False, timeout=120
    )
    if result.returncode != 0:
        raise PostgresUnavailable(
            f"{what} failed (exit {result.returncode}): {result.stderr.strip() or result.stdout}"
        )


@dataclass
class TemporaryPostgres:
    directory: Path
    port: int
    pg_ctl: str

    @property
    def admin_url(self) -> str:
        return f"postgresql+asyncpg://{SUPERUSER}@127.0.0.1:{self.port}/postgres"

    def url_for(self, database: str) -> str:
        return f"postgresql+asyncpg://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def stop(self) -> None:
        try:
            _run(
                [self.pg_ctl, "-D", str(self.directory / "data"), "-m", "immediate", "stop"],
                "pg_ctl stop",
            )
        finally:
            shutil.rmtree(self.directory, ignore_errors=True)


def start_temporary_postgres() -> TemporaryPostgres:
    initdb = _find_binary("initdb")
    pg_ctl = _find_binary("pg_ctl")
    directory = Path(tempfile.mkdtemp(prefix="accredo-pg-"))
    if os.geteuid() == 0:
        try:
            server_user = pwd.getpwnam("postgres")
        except KeyError as exc:
            raise PostgresUnavailable(
                "running as root but there is no `postgres` user to run the server as"
            ) from exc
        os.chown(directory, server_user.pw_uid, server_user.pw_gid)
    data = directory / "data"
    port = _free_port()
    _run(
        [initdb, "-D", str(data), "-U", SUPERUSER, "--auth=trust", "-E", "UTF8", "--no-sync"],
        "initdb",
    )
    options = (
        f"-p {port} -k {directory} -c listen_addresses=127.0.0.1 -c fsync=off "
        "-c synchronous_commit=off -c full_page_writes=off -c max_connections=300"
    )
    try:
        _run(
            [pg_ctl, "-D", str(data), "-o", options, "-l", str(directory / "log"), "-w", "start"],
            "pg_ctl start",
        )
    except PostgresUnavailable:
        log = directory / "log"
        detail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
        shutil.rmtree(directory, ignore_errors=True)
        raise PostgresUnavailable(f"PostgreSQL did not start: {detail}") from None
    return TemporaryPostgres(directory=directory, port=port, pg_ctl=pg_ctl)
