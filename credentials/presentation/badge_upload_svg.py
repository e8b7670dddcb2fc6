"""SVG badge uploads: parsed with defusedxml, rebuilt from an allow-list, re-serialised.

The upload is never stored as sent. It is parsed by defusedxml (no entity declarations, no
external entities or DTDs are loaded; a DOCTYPE with an internal subset is refused, a plain
`<!DOCTYPE svg PUBLIC ...>` line as drawing programs write is accepted and dropped), then a
new tree is built holding only the allowed SVG elements and attributes
(`badge_upload_svg_policy`) and serialised afresh. (The rebuilt elements carry
bare names and the root an explicit `xmlns`, because ElementTree cannot write a default
namespace next to attributes in no namespace.) Comments, processing
instructions and anything unknown are not carried over.

Hostile content (script, handlers, outside references...) is collected as `active` findings:
an upload with any is refused by `badge_upload`, while a stored badge is kept in
its cleaned form, which never contains them. Embedded `data:` raster images are decoded and
re-encoded like raster uploads.
"""

import base64
import binascii
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from xml.parsers import expat

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

from credentials.presentation.badge_upload_errors import BadgeRefused
from credentials.presentation.badge_upload_raster import clean_raster
from credentials.presentation.badge_upload_svg_policy import (
    ACTIVE_ELEMENTS,
    ALLOWED_ATTRIBUTES,
    ALLOWED_ELEMENTS,
    ALLOWED_XML_ATTRIBUTES,
    CSS_ACTIVE_MARKERS,
    EMBEDDED_IMAGE_TYPES,
    IMAGE_ELEMENTS,
    SVG_NAMESPACE,
    XHTML_NAMESPACE,
    XLINK_NAMESPACE,
    XML_NAMESPACE,
)

MAX_SVG_DEPTH = 64
"""Deeper nesting is refused: no badge needs it, and serialising it would recurse."""
MAX_EMBEDDED_IMAGES = 8
"""Each embedded raster is decoded; this bounds the work one upload can cause."""
_URL = re.compile(r"url\(([^)]*)\)?", re.IGNORECASE)
"""Each `url(` to the next `)` or the end: linear, however many unclosed `url(` there are."""
_DATA_URL = re.compile(r"data:([^;,]*)((?:;[^;,]*)*),(.*)", re.IGNORECASE | re.DOTALL)
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")
_SCRIPT_SCHEMES = ("javascript:", "vbscript:")

ET.register_namespace("xlink", XLINK_NAMESPACE)


@dataclass(frozen=True, slots=True)
class SvgCleaning:
    """The rebuilt SVG, the hostile content left out of it, and the inert content dropped."""

    content: bytes
    active: tuple[str, ...]
    dropped: tuple[str, ...]


def clean_svg(data: bytes) -> SvgCleaning:
    """Rebuild `data` from the allow-list; raises `BadgeRefused` if it cannot be read."""
    root, instructions = _parse(data)
    cleaner = _Cleaner(document_namespace=_split(root.tag)[0])
    for target in instructions:
        cleaner.instruction(target)
    clean_root = cleaner.root(root)
    clean_root.set("xmlns", SVG_NAMESPACE)
    text = ET.tostring(clean_root, encoding="unicode")
    content = ('<?xml version="1.0" encoding="UTF-8"?>\n' + text + "\n").encode("utf-8")
    return SvgCleaning(content, tuple(cleaner.active), tuple(sorted(cleaner.dropped)))


class _SafeParser(DefusedXMLParser):
    """defusedxml's parser; also refuses DOCTYPE internal subsets and records PIs."""

    def __init__(self) -> None:
        super().__init__(
            target=ET.TreeBuilder(), forbid_dtd=False, forbid_entities=True, forbid_external=True
        )
        self.instructions: list[str] = []
        self.parser.StartDoctypeDeclHandler = self._refuse_internal_subset
        self.parser.ProcessingInstructionHandler = self._instruction

    def _refuse_internal_subset(
        self, name: str, system_id: str | None, public_id: str | None, internal_subset: int
    ) -> None:
        if internal_subset:
            raise BadgeRefused(
                ["the SVG has a DOCTYPE with an internal subset (it can declare entities)"]
            )

    def _instruction(self, target: str, _data: str) -> None:
        self.instructions.append(target)


def _parse(data: bytes) -> tuple[ET.Element, list[str]]:
    parser = _SafeParser()
    try:
        parser.feed(data)
        root = parser.close()
    except BadgeRefused:
        raise
    except DefusedXmlException as error:
        reason = f"the SVG declares entities or refers to outside ones: {error}"
        raise BadgeRefused([reason]) from error
    except (ET.ParseError, expat.ExpatError) as error:
        raise BadgeRefused([f"the body is not well-formed XML: {error}"]) from error
    except (ValueError, LookupError) as error:
        raise BadgeRefused([f"the body cannot be read as XML: {error}"]) from error
    return root, parser.instructions


def _split(tag: str) -> tuple[str, str]:
    if tag.startswith("{"):
        namespace, _, local = tag[1:].partition("}")
        return namespace, local
    return "", tag


@dataclass
class _Cleaner:
    document_namespace: str
    active: dict[str, None] = field(default_factory=dict)
    """Findings in document order, each once (a dict is an ordered set)."""
    dropped: set[str] = field(default_factory=set)
    embedded_images: int = 0

    def instruction(self, target: str) -> None:
        if target.lower() == "xml-stylesheet":
            self._hostile("an xml-stylesheet processing instruction (it loads a stylesheet)")
        else:
            self.dropped.add(f"<?{target}?>")

    def root(self, element: ET.Element) -> ET.Element:
        namespace, local = _split(element.tag)
        if local != "svg" or namespace not in (SVG_NAMESPACE, ""):
            raise BadgeRefused([f"the root element is <{local}>, not <svg>: not an SVG image"])
        cleaned = self.element(element, 1)
        assert cleaned is not None
        return cleaned

    def element(self, source: ET.Element, depth: int) -> ET.Element | None:
        if depth > MAX_SVG_DEPTH:
            raise BadgeRefused([f"the SVG nests elements deeper than {MAX_SVG_DEPTH} levels"])
        namespace, local = _split(source.tag)
        if local in ACTIVE_ELEMENTS or namespace == XHTML_NAMESPACE:
            self._hostile(f"a <{local}> element (active content)")
            return None
        if namespace != self.document_namespace or local not in ALLOWED_ELEMENTS:
            self.dropped.add(f"<{local}>")
            return None
        if local == "style" and not self._css_is_safe(source.text or "", "a <style> element"):
            return None
        built = ET.Element(local)
        for name, value in source.attrib.items():
            self.attribute(built, local, name, value)
        built.text = source.text
        for child in source:
            cleaned = self.element(child, depth + 1)
            if cleaned is not None:
                cleaned.tail = child.tail
                built.append(cleaned)
            elif child.tail:
                _append_text(built, child.tail)
        return built

    def attribute(self, built: ET.Element, element: str, name: str, value: str) -> None:
        namespace, local = _split(name)
        where = f"{local!r} on <{element}>"
        if local.lower().startswith("on"):
            self._hostile(f"the event handler attribute {where}")
        elif local == "href" and namespace in ("", XLINK_NAMESPACE):
            target = self._href(element, value)
            if target is not None:
                built.set(name, target)
        elif namespace == XML_NAMESPACE and local in ALLOWED_XML_ATTRIBUTES:
            built.set(name, value)
        elif namespace or local not in ALLOWED_ATTRIBUTES:
            self.dropped.add(f"@{local}")
        elif self._value_is_safe(local, value, where):
            built.set(local, value)

    def _href(self, element: str, value: str) -> str | None:
        target = value.strip()
        if target.startswith("#"):
            return target
        where = f"the href of <{element}>"
        if _is_script_url(target):
            self._hostile(f"a script URL in {where}")
        elif element in IMAGE_ELEMENTS and target[:5].lower() == "data:":
            return self._embedded_image(target, where)
        else:
            self._hostile(f"a reference to an outside resource {target[:80]!r} in {where}")
        return None

    def _embedded_image(self, url: str, where: str) -> str | None:
        match = _DATA_URL.fullmatch(url)
        media_type, parameters, payload = match.groups() if match else ("", "", "")
        media_type = media_type.strip().lower()
        is_base64 = "base64" in parameters.lower().split(";")
        if media_type not in EMBEDDED_IMAGE_TYPES or not is_base64:
            self._hostile(
                f"an embedded image of type {media_type or 'unknown'!r} in {where}: only "
                "base64 PNG, JPEG or WebP images may be embedded"
            )
            return None
        self.embedded_images += 1
        if self.embedded_images > MAX_EMBEDDED_IMAGES:
            raise BadgeRefused([f"the SVG embeds more than {MAX_EMBEDDED_IMAGES} images"])
        try:
            raster = base64.b64decode(_INVISIBLE.sub("", payload), validate=True)
            png = clean_raster(raster, media_type)
        except binascii.Error:
            self._hostile(f"an embedded image with broken base64 in {where}")
            return None
        except BadgeRefused as refused:
            self._hostile(f"an embedded image in {where}: {'; '.join(refused.reasons)}")
            return None
        return "data:image/png;base64," + base64.b64encode(png).decode("ascii")

    def _value_is_safe(self, name: str, value: str, where: str) -> bool:
        if name == "style" or "url(" in value.lower() or "\\" in value:
            return self._css_is_safe(value, f"the attribute {where}")
        if _is_script_url(value):
            self._hostile(f"a script URL in the attribute {where}")
            return False
        return True

    def _css_is_safe(self, css: str, where: str) -> bool:
        """No CSS escapes, no loading rules, and `url()` only to a local `#fragment`."""
        compact = _INVISIBLE.sub("", css).lower()
        findings = [f"{marker!r}" for marker in CSS_ACTIVE_MARKERS if marker in compact]
        if "\\" in css:
            findings.append("a CSS escape sequence")
        targets = (target.strip().strip("'\"").strip() for target in _URL.findall(css))
        findings += [
            f"url({target[:80]!r}) to an outside resource"
            for target in targets
            if not target.startswith("#")
        ]
        for finding in findings:
            self._hostile(f"{finding} in {where}")
        return not findings

    def _hostile(self, finding: str) -> None:
        self.active[finding] = None


def _is_script_url(value: str) -> bool:
    compact = _INVISIBLE.sub("", value).lower()
    return compact.startswith(_SCRIPT_SCHEMES)


def _append_text(parent: ET.Element, text: str) -> None:
    if len(parent):
        last = parent[-1]
        last.tail = (last.tail or "") + text
    else:
        parent.text = (parent.text or "") + text
