"""Reading the public pages in tests: the verdict, chip, links, and the PDF's text."""

from __future__ import annotations

import html
import re
from pathlib import Path

import anyio

FSI, PDI = "\u2068", "\u2069"


def chip(page: str) -> tuple[str, str]:
    """The status chip's CSS class and its word."""
    found = re.search(r'id="status" class="status ([\w-]+)">([^<]+)<', page)
    assert found is not None, "the page has no status chip"
    return found.group(1), found.group(2)


def element_text(page: str, element_id: str) -> str:
    """The text of the element with ``id`` (tags removed, entities decoded)."""
    found = re.search(rf'<(\w+)[^>]*\bid="{element_id}"[^>]*>(.*?)</\1>', page, re.S)
    assert found is not None, f"no element {element_id!r}"
    return html.unescape(re.sub(r"<[^>]+>", "", found.group(2))).strip()


def meta(page: str, attribute: str, name: str) -> str:
    found = re.search(rf'<meta {attribute}="{re.escape(name)}" content="([^"]*)"', page)
    assert found is not None, f"no meta {name!r}"
    return html.unescape(found.group(1))


def title(page: str) -> str:
    found = re.search(r"<title>(.*?)</title>", page, re.S)
    assert found is not None
    return html.unescape(found.group(1))


def download_links(page: str) -> list[str]:
    section = page[page.index('id="downloads"') :]
    return [html.unescape(href) for href in re.findall(r'<li><a href="([^"]+)"', section)]


async def pdf_text(content: bytes, directory: Path) -> str:
    path = directory / "certificate.pdf"
    path.write_bytes(content)
    done = await anyio.run_process(["pdftotext", "-layout", str(path), "-"], check=True)
    return done.stdout.decode("utf-8")
