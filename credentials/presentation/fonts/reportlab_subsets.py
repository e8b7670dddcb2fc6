"""A reportlab TrueType font that makes and deflates each glyph subset once per process.

reportlab embeds, in every document, a subset of each font holding the glyphs that document
uses, and builds it from scratch each time: it copies the tables out of the font file and
deflates about 25 KB per font (most of it the constant 'name', 'prep' and 'cvt ' tables).
That was about half of a certificate's render. But which characters a certificate uses
hardly varies: reportlab always puts all of printable ASCII in the first subset, and only a
holder or issuer name with other letters (é, ł, Ω ...) adds to it. So the subset bytes and
their deflated form are kept per exact subset (the characters in the order reportlab
assigned them codes), and every later document with the same subset embeds the same bytes.
The same goes for the parts of the subset's font dictionary that reportlab formats number by
number in every document: the widths and the deflated ToUnicode map.

The output is what reportlab writes itself: the same subset program, deflated the way
reportlab deflates it. Building a subset reads the font file through a shared read position,
so misses are built under a lock (reportlab's own faces race there when threads render at
once).
"""

import zlib
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from threading import Lock
from typing import Any, Generic, TypeVar

from reportlab.pdfbase import pdfdoc
from reportlab.pdfbase.ttfonts import TTFont, TTFontFace

SUBSETS_KEPT = 128
"""Distinct subsets kept per font: about 40 KB each (raw, deflated, widths and map), so at
most some 15 MB for the three fonts, and in practice far less (issuer and achievement names
repeat; only holder names with uncommon letters add subsets)."""


@dataclass(frozen=True, slots=True)
class _Subset:
    program: bytes
    deflated: bytes


@dataclass(frozen=True, slots=True)
class _Dictionary:
    widths: bytes
    to_unicode: bytes
    """The ToUnicode map, deflated."""


class _Formatted(pdfdoc.PDFObject):  # type: ignore[misc]
    """A PDF value formatted once, in the first document that used it."""

    def __init__(self, formatted: bytes) -> None:
        self._formatted = formatted

    def format(self, document: Any) -> bytes:
        return self._formatted


K = TypeVar("K")
V = TypeVar("V")


class _Kept(Generic[K, V]):
    """The values last used, up to `SUBSETS_KEPT`; `make` runs under the lock."""

    def __init__(self) -> None:
        self._values: OrderedDict[K, V] = OrderedDict()
        self._lock = Lock()

    def get(self, key: K, make: Callable[[], V]) -> V:
        with self._lock:
            value = self._values.get(key)
            if value is None:
                value = self._values[key] = make()
                if len(self._values) > SUBSETS_KEPT:
                    self._values.popitem(last=False)
            else:
                self._values.move_to_end(key)
            return value

    def keys(self) -> list[K]:
        return list(self._values)


class _Deflated:
    """A stream filter whose output was computed when the subset was first made."""

    pdfname = "FlateDecode"

    def __init__(self, deflated: bytes) -> None:
        self._deflated = deflated

    def encode(self, content: bytes) -> bytes:
        return self._deflated


class _SubsetKeepingFace(TTFontFace):  # type: ignore[misc]
    def __init__(self, filename: str) -> None:
        super().__init__(filename)
        self.subsets: _Kept[tuple[int, ...], _Subset] = _Kept()

    def subset(self, codes: list[int]) -> _Subset:
        def make() -> _Subset:
            program = super(_SubsetKeepingFace, self).makeSubset(codes)
            return _Subset(program, zlib.compress(program))

        return self.subsets.get(tuple(codes), make)

    def makeSubset(self, subset: list[int]) -> bytes:  # noqa: N802 -- reportlab's name
        return self.subset(subset).program

    def addSubsetObjects(self, doc: Any, fontname: str, subset: list[int]) -> Any:  # noqa: N802
        descriptor = super().addSubsetObjects(doc, fontname, subset)
        if doc.compression:
            program = doc.idToObject[doc.idToObject[descriptor.name]["FontFile2"].name]
            program.filters = [_Deflated(self.subset(subset).deflated)]
        return descriptor


class SubsetKeepingTTFont(TTFont):  # type: ignore[misc]
    """`TTFont` whose subsets are made and deflated once per process (see module doc)."""

    def __init__(self, name: str, filename: str) -> None:
        super().__init__(name, filename)
        self.face = _SubsetKeepingFace(filename)
        self._dictionaries: _Kept[tuple[str, tuple[int, ...]], _Dictionary] = _Kept()

    def addObjects(self, doc: Any) -> None:  # noqa: N802 -- reportlab's name
        state = self.state.get(doc)  # reportlab drops it in addObjects
        subsets = [
            (self.getSubsetInternalName(n, doc)[1:], list(codes))
            for n, codes in enumerate(state.subsets if state is not None else [])
        ]
        super().addObjects(doc)
        fonts = doc.idToObject["BasicFonts"].dict
        for name, codes in subsets:
            font = fonts[name]
            to_unicode = doc.idToObject[font.ToUnicode.name]

            def make(font: Any = font, to_unicode: Any = to_unicode) -> _Dictionary:
                return _Dictionary(
                    widths=font.Widths.format(doc),
                    to_unicode=pdfdoc.PDFZCompress.encode(to_unicode.content),
                )

            kept = self._dictionaries.get((font.BaseFont, tuple(codes)), make)
            font.Widths = _Formatted(kept.widths)
            if doc.compression:
                to_unicode.filters = [_Deflated(kept.to_unicode)]
