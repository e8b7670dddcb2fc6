"""SVG scanning and editing for Open Badges 3.0 baking (OB 3.0 section 5.3.2).

The SVG is never re-serialised: a parser only locates byte offsets (the root start tag,
any existing credential elements) and the edit splices text in at those offsets, so the
image's own markup, prefixes and formatting survive unchanged.

SVGs are uploads, so the parser refuses a DOCTYPE with an internal subset and any entity
declaration: without declared entities there is no entity expansion ("billion laughs"),
and as external DTDs and entities are never loaded nothing is fetched. A plain
`<!DOCTYPE svg PUBLIC ...>` line, as drawing programs write, is accepted. This is the
protection defusedxml would give, without the dependency.
"""

from dataclasses import dataclass, field
from xml.parsers import expat

from credentials.baking.errors import BakingError

OB3_NAMESPACE = "https://purl.imsglobal.org/ob/v3p0"
SVG_NAMESPACE = "http://www.w3.org/2000/svg"
OB3_PREFIX = "openbadges"
_NAMESPACE_SEPARATOR = " "
_CREDENTIAL = f"{OB3_NAMESPACE}{_NAMESPACE_SEPARATOR}credential"
_SVG_ROOT = f"{SVG_NAMESPACE}{_NAMESPACE_SEPARATOR}svg"


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int


@dataclass(slots=True)
class SvgScan:
    """Where things are in the UTF-8 bytes of an SVG, and the first baked credential."""

    root_tag: Span = Span(0, 0)
    root_self_closing: bool = False
    root_namespaces: dict[str, str] = field(default_factory=dict)
    credential_elements: list[Span] = field(default_factory=list)
    credential: str | None = None


def scan_svg(document: bytes) -> SvgScan:
    """Parse `document` safely and report the offsets baking needs."""
    return _Scanner(document).run()


def start_tag_end(document: bytes, tag_start: int) -> int:
    """Offset just past the `>` closing the start tag at `tag_start`.

    Attribute values may contain `>`, so quoted runs are skipped; the parser has already
    proved the tag well-formed, hence the quotes are balanced.
    """
    quote = 0
    for index in range(tag_start, len(document)):
        byte = document[index]
        if quote:
            if byte == quote:
                quote = 0
        elif byte in (0x22, 0x27):
            quote = byte
        elif byte == 0x3E:
            return index + 1
    raise BakingError("not well-formed XML: unterminated start tag")


class _Scanner:
    def __init__(self, document: bytes) -> None:
        self._document = document
        self._scan = SvgScan()
        self._pending_namespaces: dict[str, str] = {}
        self._depth = 0
        self._credential_start: int | None = None
        self._credential_depth = 0
        self._credential_text: list[str] | None = None
        self._parser = expat.ParserCreate(
            encoding="UTF-8", namespace_separator=_NAMESPACE_SEPARATOR
        )
        self._parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        self._parser.StartDoctypeDeclHandler = self._refuse_doctype
        self._parser.EntityDeclHandler = self._refuse_entity
        self._parser.ExternalEntityRefHandler = self._refuse_external_entity
        self._parser.StartNamespaceDeclHandler = self._namespace_declared
        self._parser.StartElementHandler = self._element_started
        self._parser.EndElementHandler = self._element_ended
        self._parser.CharacterDataHandler = self._characters

    def run(self) -> SvgScan:
        try:
            self._parser.Parse(self._document, True)
        except expat.ExpatError as error:
            raise BakingError(f"not well-formed XML: {error}") from error
        return self._scan

    def _refuse_doctype(
        self, name: str, system_id: str | None, public_id: str | None, has_internal_subset: int
    ) -> None:
        if has_internal_subset:
            raise BakingError("SVG with a DOCTYPE internal subset refused: it can declare entities")

    def _refuse_entity(self, *_: object) -> None:
        raise BakingError("SVG with an entity declaration refused")

    def _refuse_external_entity(self, *_: object) -> int:
        raise BakingError("SVG referencing an external entity refused")

    def _namespace_declared(self, prefix: str | None, uri: str | None) -> None:
        self._pending_namespaces[prefix or ""] = uri or ""

    def _element_started(self, name: str, attributes: dict[str, str]) -> None:
        position = self._parser.CurrentByteIndex
        self._depth += 1
        if self._depth == 1:
            if name != _SVG_ROOT:
                raise BakingError(f"not an SVG image: the root element is {name!r}")
            tag_end = start_tag_end(self._document, position)
            self._scan.root_tag = Span(position, tag_end)
            self._scan.root_self_closing = self._document[tag_end - 2 : tag_end] == b"/>"
            self._scan.root_namespaces = dict(self._pending_namespaces)
        self._pending_namespaces = {}
        if name == _CREDENTIAL and self._credential_start is None:
            self._credential_start = position
            self._credential_depth = self._depth
            if self._scan.credential is None and self._credential_text is None:
                verify = attributes.get("verify", "").strip()
                self._credential_text = [] if not verify else None
                if verify:
                    self._scan.credential = verify

    def _element_ended(self, name: str) -> None:
        if self._credential_start is not None and self._depth == self._credential_depth:
            self._close_credential()
        self._depth -= 1

    def _close_credential(self) -> None:
        start = self._credential_start
        assert start is not None
        tag_end = start_tag_end(self._document, start)
        if self._document[tag_end - 2 : tag_end] == b"/>":
            end = tag_end
        else:
            end = self._document.index(b">", self._parser.CurrentByteIndex) + 1
        self._scan.credential_elements.append(Span(start, end))
        if self._credential_text is not None:
            text = "".join(self._credential_text).strip()
            self._scan.credential = text or None
            self._credential_text = None
        self._credential_start = None

    def _characters(self, data: str) -> None:
        if self._credential_text is not None and self._depth == self._credential_depth:
            self._credential_text.append(data)


def replace_credential_element(document: bytes, element: bytes) -> bytes:
    """`document` with every credential element removed and `element` first inside the root.

    The spec wants `xmlns:openbadges` on the `<svg>` tag, so a root that already binds
    that prefix to another namespace (an Open Badges 2.0 bake) cannot be baked safely.
    """
    scan = scan_svg(document)
    bound = scan.root_namespaces.get(OB3_PREFIX)
    if bound is not None and bound != OB3_NAMESPACE:
        raise BakingError(
            f"the SVG root binds the prefix {OB3_PREFIX!r} to {bound!r}, not {OB3_NAMESPACE!r}"
        )
    declaration = b"" if bound else f' xmlns:{OB3_PREFIX}="{OB3_NAMESPACE}"'.encode()
    root = scan.root_tag
    if scan.root_self_closing:
        opening = document[root.start : root.end - 2].rstrip() + declaration + b">"
        closing = b"</" + _tag_name(document, root.start) + b">"
        root_replacement = opening + element + closing
    else:
        root_replacement = document[root.start : root.end - 1] + declaration + b">" + element
    edits = [(span, b"") for span in scan.credential_elements]
    edits.append((root, root_replacement))
    result = document
    for span, replacement in sorted(edits, key=lambda edit: edit[0].start, reverse=True):
        result = result[: span.start] + replacement + result[span.end :]
    return result


def _tag_name(document: bytes, tag_start: int) -> bytes:
    end = tag_start + 1
    while end < len(document) and document[end : end + 1] not in b" \t\r\n/>":
        end += 1
    return document[tag_start + 1 : end]
