"""Run the real server (``accredo serve`` under granian) in a subprocess on a free port."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class RunningServer:
    process: subprocess.Popen[bytes]
    base_url: str

    def kill(self) -> None:
        """SIGKILL the whole process group: no shutdown hooks, no flushing, like a crash."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()


def start_server(
    env: dict[str, str],
    workdir: Path,
    timeout: float = 30.0,
    port: int | None = None,
    workers: int = 1,
) -> RunningServer:
    """``port`` lets a caller put the same port in ``ACCREDO_PUBLIC_BASE_URL`` beforehand."""
    log = (workdir / "server.log").open("ab")
    port = port or free_port()
    command = [
        *(sys.executable, "-m", "service", "serve", "--host", "127.0.0.1", "--port", str(port)),
        *("--workers", str(workers)),
    ]
    process = subprocess.Popen(
        command,
        cwd=workdir,
        env={**os.environ, **env},
        stdout=log,
        stderr=log,
        start_new_session=True,
    )
    base_url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited early with code {process.returncode}")
        try:
            if httpx.get(f"{base_url}/health", timeout=1).status_code == 200:
                return RunningServer(process, base_url)
        except httpx.HTTPError:
            time.sleep(0.2)
    RunningServer(process, base_url).kill()
    raise RuntimeError("the server did not answer /health in time")


@dataclass
class RunningWorker:
    """``accredo webhooks worker`` in a subprocess of its own session."""

    process: subprocess.Popen[bytes]

    def stop(self, timeout: float = 15.0) -> int:
        """SIGTERM, as a process manager stops it; returns the exit code."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=30)
        return self.process.returncode


def start_webhook_worker(env: dict[str, str], workdir: Path) -> RunningWorker:
    log = (workdir / "webhook-worker.log").open("ab")
    process = subprocess.Popen(
        [sys.executable, "-m", "service", "webhooks", "worker"],
        cwd=workdir,
        env={**os.environ, **env},
        stdout=log,
        stderr=log,
        start_new_session=True,
    )
    return RunningWorker(process)
