"""Parse uploaded XML safely, keeping the line of every element for problem reports.

defusedxml's parser refuses document type declarations (so no entity can be declared, no
billion-laughs expansion and no external entity or DTD fetch: nothing touches the network
or the file system). The tree is the standard library's; `XmlTree.line` gives each
element's start-tag line, which the standard parser does not keep.
"""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

from itembank.importing.problems import BankFileInvalid, file_problem


class _LineRecorder(ElementTree.TreeBuilder):
    def __init__(self) -> None:
        super().__init__()
        self.lines: dict[int, int] = {}
        self.expat: object = None

    def start(self, tag: str, attrs: dict[str, str]) -> ElementTree.Element:
        element = super().start(tag, attrs)
        self.lines[id(element)] = self.expat.CurrentLineNumber  # type: ignore[attr-defined]
        return element


@dataclass(frozen=True, slots=True)
class XmlTree:
    root: ElementTree.Element
    lines: dict[int, int]

    def line(self, element: ElementTree.Element) -> int | None:
        return self.lines.get(id(element))


def parse_xml(data: bytes, what: str = "the file") -> XmlTree:
    """The parsed document, or `BankFileInvalid` saying why it is not acceptable XML."""
    recorder = _LineRecorder()
    parser = DefusedXMLParser(target=recorder, forbid_dtd=True)
    recorder.expat = parser.parser
    try:
        parser.feed(data)
        root = parser.close()
    except DefusedXmlException:
        raise file_problem(
            f"{what} declares a document type (<!DOCTYPE ...>) or entities, which are refused "
            "for safety (they allow entity-expansion bombs and reading other files); remove "
            "the declaration",
            line=_line(parser),
        ) from None
    except ElementTree.ParseError as error:
        line, column = error.position
        raise file_problem(
            f"{what} is not well-formed XML: {_message(error)} (line {line}, column {column + 1})",
            line=line,
        ) from None
    except RecursionError:
        raise file_problem(f"{what} is nested far too deeply to be a bank file") from None
    return XmlTree(root=root, lines=recorder.lines)


def _line(parser: DefusedXMLParser) -> int | None:
    try:
        return int(parser.parser.CurrentLineNumber)
    except (AttributeError, TypeError):
        return None


def _message(error: ElementTree.ParseError) -> str:
    text = str(error)
    return text.split(": line ", 1)[0]


def local_name(tag: str) -> str:
    """`{http://www.imsglobal.org/xsd/imsqtiasi_v3p0}qti-prompt` -> `qti-prompt`."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


__all__ = ["BankFileInvalid", "XmlTree", "local_name", "parse_xml"]
