"""HTML question text (Moodle, QTI) as the Markdown Accredo stores.

Paragraphs, line breaks, lists, bold, italics and code become their Markdown spelling;
a small allow-list of other elements (images, links, tables, sub/superscript, underline,
strike-through) is kept as inline HTML, which Markdown allows, so what a writer wrote is not
lost. Item text reaches learners' clients, which may render that HTML, so it is rebuilt, never
copied: only allowed attributes survive, URLs must be `http(s)`, `mailto` or a relative path
(images may also be `data:image/...`), values are re-escaped, and `script`, `style`, `iframe`,
`object` and the like are dropped together with their content. Any other element is dropped
and its text kept. Text that would read as a tag (`<html class=...>` written as text) stays
escaped.
"""

from __future__ import annotations

import re
from html import escape
from html.parser import HTMLParser

_BLOCKS = frozenset({"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "section"})
_INLINE = {"strong": "**", "b": "**", "em": "*", "i": "*", "code": "`"}
_DROPPED = frozenset({"span", "font", "ul", "ol", "tbody", "thead", "html", "body"})
_VOID = frozenset({"img", "hr", "wbr"})
_KEPT_ATTRIBUTES: dict[str, frozenset[str]] = {
    "a": frozenset({"href", "title"}),
    "img": frozenset({"src", "alt", "title", "width", "height"}),
    "table": frozenset(),
    "caption": frozenset(),
    "tr": frozenset(),
    "td": frozenset({"colspan", "rowspan"}),
    "th": frozenset({"colspan", "rowspan"}),
    "sub": frozenset(),
    "sup": frozenset(),
    "u": frozenset(),
    "s": frozenset(),
    "del": frozenset(),
    "ins": frozenset(),
    "hr": frozenset(),
    "wbr": frozenset(),
}
_SILENCED = frozenset({"script", "style", "iframe", "object", "embed", "noscript", "template"})
_URL_ATTRIBUTES = frozenset({"href", "src"})
_SAFE_URL = re.compile(r"^(?:https?:|mailto:|[^:]*$)", re.IGNORECASE)
_SAFE_IMAGE_DATA = re.compile(r"^data:image/(?:png|jpeg|gif|webp);base64,[A-Za-z0-9+/=\s]*$")
_CONTROL = re.compile(r"[\x00-\x20\x7f]+")
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
        self._silenced = 0
        self._lists: list[list[int]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SILENCED:
            self._silenced += 1
            return
        if self._silenced:
            return
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
        elif tag in _KEPT_ATTRIBUTES:
            self.parts.append(_rebuilt_tag(tag, attrs))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._silenced or tag in _SILENCED:
            return
        if tag == "br":
            self.parts.append("\n")
        elif tag in _KEPT_ATTRIBUTES:
            self.parts.append(_rebuilt_tag(tag, attrs))

    def handle_endtag(self, tag: str) -> None:
        if tag in _SILENCED:
            self._silenced = max(0, self._silenced - 1)
            return
        if self._silenced:
            return
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
        elif tag in _KEPT_ATTRIBUTES and tag not in _VOID:
            self.parts.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        if self._silenced:
            return
        if not self._pre:
            data = _SPACES.sub(" ", data)
            if self.parts and self.parts[-1].endswith("\n"):
                data = data.lstrip(" ")
        self.parts.append(_LOOKS_LIKE_TAG.sub("&lt;", data))

    def handle_comment(self, data: str) -> None:
        """Comments are the writer's notes to themselves; learners never saw them."""


def _rebuilt_tag(tag: str, attrs: list[tuple[str, str | None]]) -> str:
    """The tag with only its allowed attributes, each value checked and re-escaped."""
    kept = []
    for name, value in attrs:
        if name not in _KEPT_ATTRIBUTES[tag] or value is None:
            continue
        if name in _URL_ATTRIBUTES and not _safe_url(tag, value):
            continue
        kept.append(f' {name}="{escape(value, quote=True)}"')
    return f"<{tag}{''.join(kept)}>"


def _safe_url(tag: str, value: str) -> bool:
    """`http(s)`, `mailto` or relative; an image may also be inline raster data."""
    url = _CONTROL.sub("", value)
    if tag == "img" and url.lower().startswith("data:"):
        return _SAFE_IMAGE_DATA.match(url) is not None
    return _SAFE_URL.match(url) is not None
