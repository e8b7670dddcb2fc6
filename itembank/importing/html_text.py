"""HTML question text (Moodle, QTI) as the Markdown Accredo stores.

Paragraphs, line breaks, lists, bold, italics and code become their Markdown spelling;
other elements (images, links, tables, sub/superscript, MathML) are kept as inline HTML,
which Markdown allows, so nothing a writer wrote is lost. Text that would read as a tag
(`<html class=...>` written as text) stays escaped.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

_BLOCKS = frozenset({"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "section"})
_INLINE = {"strong": "**", "b": "**", "em": "*", "i": "*", "code": "`"}
_DROPPED = frozenset({"span", "font", "ul", "ol", "tbody", "thead", "html", "body"})
_VOID = frozenset({"img", "hr", "input", "source", "wbr"})
_LOOKS_LIKE_TAG = re.compile(r"<(?=[A-Za-z/!?])")
_SPACES = re.compile(r"[ \t\r\n\f]+")
_BLANK_LINES = re.compile(r"\n{3,}")
_TAG_OR_ENTITY = re.compile(r"<[A-Za-z/!]|&[A-Za-z#][A-Za-z0-9]*;")


def looks_like_html(text: str) -> bool:
    return _TAG_OR_ENTITY.search(text) is not None


def html_to_markdown(html: str) -> str:
    """The Markdown for an HTML fragment; plain text without markup comes back unchanged."""
    if not looks_like_html(html):
        return html.strip()
    converter = _Converter()
    converter.feed(html)
    converter.close()
    text = "".join(converter.parts)
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    return _BLANK_LINES.sub("\n\n", text).strip()


class _Converter(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._pre = 0
        self._lists: list[list[int]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCKS:
            self.parts.append("\n\n")
        elif tag == "br":
            self.parts.append("\n")
        elif tag in _INLINE:
            self.parts.append(_INLINE[tag])
        elif tag == "pre":
            self._pre += 1
            self.parts.append("\n\n```\n")
        elif tag in ("ul", "ol"):
            self._lists.append([0 if tag == "ol" else -1])
            self.parts.append("\n")
        elif tag == "li":
            marker = "- "
            if self._lists and self._lists[-1][0] >= 0:
                self._lists[-1][0] += 1
                marker = f"{self._lists[-1][0]}. "
            self.parts.append(f"\n{marker}")
        elif tag not in _DROPPED:
            self.parts.append(self.get_starttag_text() or "")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.parts.append("\n")
        elif tag not in _DROPPED:
            self.parts.append(self.get_starttag_text() or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCKS:
            self.parts.append("\n\n")
        elif tag in _INLINE:
            self.parts.append(_INLINE[tag])
        elif tag == "pre":
            self._pre = max(0, self._pre - 1)
            self.parts.append("\n```\n\n")
        elif tag in ("ul", "ol"):
            if self._lists:
                self._lists.pop()
            self.parts.append("\n\n")
        elif tag not in _DROPPED and tag not in _VOID and tag != "li":
            self.parts.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        if not self._pre:
            data = _SPACES.sub(" ", data)
            if self.parts and self.parts[-1].endswith("\n"):
                data = data.lstrip(" ")
        self.parts.append(_LOOKS_LIKE_TAG.sub("&lt;", data))

    def handle_comment(self, data: str) -> None:
        """Comments are the writer's notes to themselves; learners never saw them."""
