"""A reportlab TrueType font that makes and deflates each glyph subset once per process.

reportlab embeds, in every document, a subset of each font holding the glyphs that document
uses, and builds it from scratch each time: it copies the tables out of the font file and
deflates about 25 KB per font (most of it the constant 'name', 'prep' and 'cvt ' tables).
That was about half of a certificate's render. But which characters a certificate uses
hardly varies: reportlab always puts all of printable ASCII in the first subset, and only a
holder or issuer name with other letters (é, ł, Ω ...) adds to it. So the subset bytes and
their deflated form are kept per exact subset (the characters in the order reportlab
assigned them codes), and every later document with the same subset embeds the same bytes.

The output is what reportlab writes itself: the same subset program, deflated the way
reportlab deflates it. Building a subset reads the font file through a shared read position,
so misses are built under a lock (reportlab's own faces race there when threads render at
once).
"""

import zlib
from collections import OrderedDict
from dataclasses import dataclass
from threading import Lock
from typing import Any

from reportlab.pdfbase.ttfonts import TTFont, TTFontFace

SUBSETS_KEPT = 256
"""Distinct subsets kept per font (about 36 KB each, raw and deflated)."""


@dataclass(frozen=True, slots=True)
class _Subset:
    program: bytes
    deflated: bytes


class _Deflated:
    """A stream filter whose output was computed when the subset was first made."""

    pdfname = "FlateDecode"

    def __init__(self, deflated: bytes) -> None:
        self._deflated = deflated

    def encode(self, content: bytes) -> bytes:
        return self._deflated

    def decode(self, encoded: bytes) -> bytes:
        return zlib.decompress(encoded)


class _SubsetKeepingFace(TTFontFace):  # type: ignore[misc]
    def __init__(self, filename: str) -> None:
        super().__init__(filename)
        self._subsets: OrderedDict[tuple[int, ...], _Subset] = OrderedDict()
        self._lock = Lock()

    def subset(self, codes: list[int]) -> _Subset:
        key = tuple(codes)
        with self._lock:
            kept = self._subsets.get(key)
            if kept is None:
                program = super().makeSubset(codes)
                kept = _Subset(program, zlib.compress(program))
                self._subsets[key] = kept
                if len(self._subsets) > SUBSETS_KEPT:
                    self._subsets.popitem(last=False)
            else:
                self._subsets.move_to_end(key)
            return kept

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
