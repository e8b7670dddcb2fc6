"""The DevTools pipe driver gives up at its deadline instead of blocking on a silent browser.

A browser test that waits for a reply which never comes must fail with a reason; before this
guard the driver sat in a blocking read and the whole suite stalled until CI's own limit.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from tests.support import chromium
from tests.support.chromium import Browser, BrowserError


def test_a_browser_that_never_answers_fails_the_wait_at_the_deadline(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(chromium, "TIMEOUT", 0.3)
    from_browser, silent_end = os.pipe()
    to_browser_read, to_browser = os.pipe()
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    browser = Browser(process, to_browser, from_browser)
    started = time.monotonic()
    try:
        with pytest.raises(BrowserError, match="did not answer in time"):
            browser.send("Browser.getVersion")
        assert time.monotonic() - started < 5
        with pytest.raises(BrowserError, match="did not answer in time"):
            browser.wait_event("Page.loadEventFired", "session")
    finally:
        process.wait(timeout=10)
        for descriptor in (from_browser, silent_end, to_browser_read, to_browser):
            os.close(descriptor)


def test_a_reply_split_across_reads_is_put_back_together() -> None:
    from_browser, browser_end = os.pipe()
    to_browser_read, to_browser = os.pipe()
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    browser = Browser(process, to_browser, from_browser)
    try:
        os.write(browser_end, b'{"method": "Page.loadEventFired", "sessionId": "s"}\0{"id": 1, ')
        os.write(browser_end, b'"result": {"product": "x"}}\0')
        assert browser.send("Browser.getVersion") == {"product": "x"}
        assert browser.wait_event("Page.loadEventFired", "s")["method"] == "Page.loadEventFired"
    finally:
        process.wait(timeout=10)
        for descriptor in (from_browser, browser_end, to_browser_read, to_browser):
            os.close(descriptor)
