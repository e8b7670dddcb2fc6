"""Drive headless Chromium over the DevTools protocol on a pipe (``--remote-debugging-pipe``).

The browser reads commands from file descriptor 3 and writes replies and events to 4, each a
JSON message ended by a NUL byte: no WebSocket library, no driver binary, no network port.
Enough of the protocol to open a page, read it with script, pick a file for an
``<input type=file>``, click, and wait for the next page to load.
"""

from __future__ import annotations

import json
import os
import select
import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

import pytest

TIMEOUT = 30.0


def chromium_path() -> str:
    path = shutil.which("chromium")
    if path is None:
        pytest.fail("chromium is required: apt-get install chromium (Debian)", pytrace=False)
    return path


def _headless(profile: Path) -> list[str]:
    """A quiet headless Chromium on its own profile: no GPU, no updates, no first-run pages."""
    return [
        chromium_path(),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        f"--user-data-dir={profile}",
    ]


class BrowserError(RuntimeError):
    """A DevTools command failed, or the browser did not answer in time."""


class Page:
    """One tab, attached with a flat session."""

    def __init__(self, browser: Browser, session_id: str) -> None:
        self.browser = browser
        self.session_id = session_id

    def send(self, method: str, **params: Any) -> dict[str, Any]:
        return self.browser.send(method, session_id=self.session_id, **params)

    def navigate(self, url: str) -> None:
        self.browser.drop_events()
        self.send("Page.navigate", url=url)
        self.wait_for_load()

    def wait_for_load(self) -> None:
        self.browser.wait_event("Page.loadEventFired", self.session_id)

    def evaluate(self, expression: str) -> Any:
        reply = self.send(
            "Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True
        )
        if "exceptionDetails" in reply:
            raise BrowserError(f"script failed: {reply['exceptionDetails']}")
        return reply["result"].get("value")

    def set_file(self, selector: str, path: Path) -> None:
        root = self.send("DOM.getDocument")["root"]["nodeId"]
        node = self.send("DOM.querySelector", nodeId=root, selector=selector)["nodeId"]
        if not node:
            raise BrowserError(f"no element {selector!r}")
        self.send("DOM.setFileInputFiles", nodeId=node, files=[str(path)])

    def click(self, selector: str) -> None:
        """A real mouse click at the element's centre (works with page scripts disabled)."""
        root = self.send("DOM.getDocument")["root"]["nodeId"]
        node = self.send("DOM.querySelector", nodeId=root, selector=selector)["nodeId"]
        if not node:
            raise BrowserError(f"no element {selector!r}")
        self.send("DOM.scrollIntoViewIfNeeded", nodeId=node)
        quad = self.send("DOM.getBoxModel", nodeId=node)["model"]["content"]
        x, y = sum(quad[0::2]) / 4, sum(quad[1::2]) / 4
        for kind in ("mousePressed", "mouseReleased"):
            self.send("Input.dispatchMouseEvent", type=kind, x=x, y=y, button="left", clickCount=1)


class Browser:
    def __init__(self, process: subprocess.Popen[bytes], to_browser: int, from_browser: int):
        self.process = process
        self.to_browser = to_browser
        self.from_browser = from_browser
        self.buffer = b""
        self.next_id = 0
        self.events: list[dict[str, Any]] = []

    def _read_message(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self.buffer:
            # Wait only until the deadline: a plain read would block for ever on a browser
            # that stopped answering, and the test would hang instead of failing.
            remaining = deadline - time.monotonic()
            readable, _, _ = select.select([self.from_browser], [], [], max(remaining, 0))
            if not readable:
                raise BrowserError("the browser did not answer in time")
            chunk = os.read(self.from_browser, 1 << 16)
            if not chunk:
                raise BrowserError("the browser closed its pipe")
            self.buffer += chunk
        message, self.buffer = self.buffer.split(b"\0", 1)
        parsed: dict[str, Any] = json.loads(message)
        return parsed

    def send(self, method: str, session_id: str | None = None, **params: Any) -> dict[str, Any]:
        self.next_id += 1
        command: dict[str, Any] = {"id": self.next_id, "method": method, "params": params}
        if session_id is not None:
            command["sessionId"] = session_id
        os.write(self.to_browser, json.dumps(command).encode() + b"\0")
        deadline = time.monotonic() + TIMEOUT
        while True:
            message = self._read_message(deadline)
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise BrowserError(f"{method}: {message['error']}")
                result: dict[str, Any] = message.get("result", {})
                return result
            if "method" in message:
                self.events.append(message)

    def drop_events(self) -> None:
        self.events.clear()

    def wait_event(self, method: str, session_id: str) -> dict[str, Any]:
        deadline = time.monotonic() + TIMEOUT
        while True:
            for index, event in enumerate(self.events):
                if event["method"] == method and event.get("sessionId") == session_id:
                    return self.events.pop(index)
            message = self._read_message(deadline)
            if "method" in message:
                self.events.append(message)

    def new_page(self, *, scripts: bool = True) -> Page:
        target = self.send("Target.createTarget", url="about:blank")["targetId"]
        session = self.send("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        page = Page(self, session)
        for domain in ("Page.enable", "Runtime.enable", "DOM.enable"):
            page.send(domain)
        if not scripts:
            page.send("Emulation.setScriptExecutionDisabled", value=True)
        return page


@contextmanager
def chromium(profile: Path) -> Iterator[Browser]:
    to_read, to_browser = os.pipe()
    from_browser, to_write = os.pipe()
    command = [*_headless(profile), "--remote-debugging-pipe"]
    # The browser wants the pipe on descriptors 3 (its input) and 4 (its output).
    shell = f'exec "$@" 3<&{to_read} 4>&{to_write}'
    process = subprocess.Popen(
        ["bash", "-c", shell, "chromium", *command],
        pass_fds=(to_read, to_write),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(to_read)
    os.close(to_write)
    browser = Browser(process, to_browser, from_browser)
    try:
        yield browser
    finally:
        with suppress(BrowserError):
            browser.send("Browser.close")
        os.close(to_browser)
        os.close(from_browser)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=15)


def dump_dom(url: str, profile: Path, *, budget_ms: int = 3000) -> tuple[str, str]:
    """The DOM of ``url`` after its scripts ran (``--dump-dom``), and the browser's log.

    A one-shot headless run, for tests that only read a page; ``chromium`` drives a page.
    """
    browser = subprocess.run(
        [
            *_headless(profile),
            "--enable-logging=stderr",
            "--v=0",
            f"--virtual-time-budget={budget_ms}",
            "--dump-dom",
            url,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert browser.returncode == 0, browser.stderr[-2000:]
    return browser.stdout, browser.stderr
