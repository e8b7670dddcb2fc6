"""Write a bank as a QTI 3.0 content package: items, their keys and metadata, exam tests.

The zip holds `imsmanifest.xml`, one `qti-assessment-item` per item under `items/`, one
`qti-assessment-stimulus` per item set under `stimuli/`, and one `qti-assessment-test` per
exam under `tests/`. An item's `label` is its Accredo id (QTI identifiers are stricter);
its stem, options and rationales are kept as written, Markdown, in elements of class
`accredo-markdown`, so Accredo reads them back unchanged; rationales are
`qti-feedback-inline` shown for the chosen option. The manifest's LOM keywords for an item
are its tags and its Accredo metadata (`kind:`, `domain:`, `tier:`, `status:`).

An exam's test mirrors its blueprint: one section per domain, holding the refs of that
domain's active items of the exam's tiers and a `qti-selection` of the blueprint's count.
QTI selection cannot express per-kind counts or the recall cap, so those are stated in a
comment and a rubric block; Accredo's own form assembly enforces them.
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ElementTree
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass

from itembank.blueprint import Blueprint
from itembank.importing.qti_reader import MARKDOWN_CLASS
from itembank.items import Item, ItemSet, ItemStatus, ResponseFormat, Tier

QTI_NAMESPACE = "http://www.imsglobal.org/xsd/imsqtiasi_v3p0"
CP_NAMESPACE = "http://www.imsglobal.org/xsd/qti/qtiv3p0/imscp_v1p1"
LOM_NAMESPACE = "http://ltsc.ieee.org/xsd/LOM"
_QTI_SCHEMA = (
    f"{QTI_NAMESPACE} https://purl.imsglobal.org/spec/qti/v3p0/schema/xsd/imsqti_asiv3p0_v1p0.xsd"
)
_XSI = "http://www.w3.org/2001/XMLSchema-instance"
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*")
_FIXED_TIME = (2024, 1, 1, 0, 0, 0)
ElementTree.register_namespace("imsmd", LOM_NAMESPACE)
ElementTree.register_namespace("xsi", _XSI)
"""Zip entry timestamps: the same bank gives byte-identical packages."""


@dataclass(frozen=True, slots=True)
class ExamTest:
    """An exam to write as a `qti-assessment-test`."""

    identifier: str
    title: str
    blueprint: Blueprint
    time_limit_seconds: int | None = None
    tiers: frozenset[Tier] | None = None
    """The tiers an item must carry (one of them) to be drawn; None: every tier."""


def qti_identifier(external_id: str) -> str:
    """A QTI identifier for an Accredo id (which may start with a digit or contain ':')."""
    if _IDENTIFIER.fullmatch(external_id):
        return external_id
    return "I-" + external_id.replace(":", "_")


def export_qti_package(
    items: Sequence[Item], exams: Sequence[ExamTest] = (), package_title: str = "Accredo bank"
) -> bytes:
    buffer = io.BytesIO()
    manifest = _Manifest(package_title)
    files: dict[str, bytes] = {}
    stimuli: dict[str, tuple[str, str]] = {}
    for declared in _item_sets(items):
        href = f"stimuli/{_file_name(declared.id, files, 'stimuli/')}.xml"
        files[href] = _document(_stimulus(declared), QTI_NAMESPACE)
        stimuli[declared.id] = (href, manifest.stimulus(declared, href))
    refs: list[tuple[Item, str, str]] = []
    for item in items:
        href = f"items/{_file_name(item.external_id, files, 'items/')}.xml"
        item_set = item.content.item_set
        stimulus = stimuli[item_set.id] if item_set is not None else None
        files[href] = _document(_item(item, f"../{stimulus[0]}" if stimulus else ""), QTI_NAMESPACE)
        refs.append((item, href, manifest.item(item, href, stimulus[1] if stimulus else None)))
    for exam in exams:
        href = f"tests/{_file_name(exam.identifier, files, 'tests/')}.xml"
        files[href] = _document(_test(exam, refs), QTI_NAMESPACE)
        manifest.test(exam, href, [resource for _, _, resource in refs])
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        _write(archive, "imsmanifest.xml", _document(manifest.root, CP_NAMESPACE))
        for name, data in files.items():
            _write(archive, name, data)
    return buffer.getvalue()


def _write(archive: zipfile.ZipFile, name: str, data: bytes) -> None:
    info = zipfile.ZipInfo(name, date_time=_FIXED_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    archive.writestr(info, data)


def _item_sets(items: Sequence[Item]) -> list[ItemSet]:
    seen: dict[str, ItemSet] = {}
    for item in items:
        if item.content.item_set is not None:
            seen.setdefault(item.content.item_set.id, item.content.item_set)
    return list(seen.values())


def _safe(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]", "_", name)


def _file_name(name: str, taken: dict[str, bytes], folder: str) -> str:
    base = _safe(name)
    candidate, number = base, 2
    while f"{folder}{candidate}.xml" in taken:
        candidate, number = f"{base}-{number}", number + 1
    return candidate


def _document(root: ElementTree.Element, namespace: str) -> bytes:
    """Elements are built without a namespace and the root declares it as the default one
    (ElementTree's own `default_namespace` refuses the unprefixed attributes QTI uses)."""
    root.set("xmlns", namespace)
    ElementTree.indent(root, space="  ")
    body = ElementTree.tostring(root, encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{body}\n'.encode()


def _q(name: str) -> str:
    """A QTI element name; the document's default namespace is QTI's (see `_document`)."""
    return name


def _markdown(parent: ElementTree.Element, tag: str, text: str) -> None:
    element = ElementTree.SubElement(parent, _q(tag), {"class": MARKDOWN_CLASS})
    element.text = text


def _item(item: Item, stimulus_href: str) -> ElementTree.Element:
    content = item.content
    single = content.response_format is ResponseFormat.SINGLE
    cardinality = "single" if single else "multiple"
    root = ElementTree.Element(
        _q("qti-assessment-item"),
        {
            "identifier": qti_identifier(item.external_id),
            "label": item.external_id,
            "title": item.external_id,
            "adaptive": "false",
            "time-dependent": "false",
            f"{{{_XSI}}}schemaLocation": _QTI_SCHEMA,
        },
    )
    if content.item_set is not None:
        ElementTree.SubElement(
            root,
            _q("qti-assessment-stimulus-ref"),
            identifier=qti_identifier(content.item_set.id),
            href=stimulus_href,
        )
    declaration = ElementTree.SubElement(
        root,
        _q("qti-response-declaration"),
        {"identifier": "RESPONSE", "cardinality": cardinality, "base-type": "identifier"},
    )
    correct = ElementTree.SubElement(declaration, _q("qti-correct-response"))
    for key in content.keys:
        ElementTree.SubElement(correct, _q("qti-value")).text = key
    score = ElementTree.SubElement(
        root,
        _q("qti-outcome-declaration"),
        {"identifier": "SCORE", "cardinality": "single", "base-type": "float"},
    )
    default = ElementTree.SubElement(score, _q("qti-default-value"))
    ElementTree.SubElement(default, _q("qti-value")).text = "0"
    has_feedback = any(option.rationale for option in content.options)
    if has_feedback:
        ElementTree.SubElement(
            root,
            _q("qti-outcome-declaration"),
            {"identifier": "FEEDBACK", "cardinality": cardinality, "base-type": "identifier"},
        )
    body = ElementTree.SubElement(root, _q("qti-item-body"))
    _markdown(body, "div", content.stem)
    interaction = ElementTree.SubElement(
        body,
        _q("qti-choice-interaction"),
        {
            "response-identifier": "RESPONSE",
            "shuffle": "true",
            "max-choices": "1" if single else "0",
        },
    )
    for option in content.options:
        choice = ElementTree.SubElement(interaction, _q("qti-simple-choice"), identifier=option.id)
        _markdown(choice, "span", option.text)
        if option.rationale:
            feedback = ElementTree.SubElement(
                choice,
                _q("qti-feedback-inline"),
                {"outcome-identifier": "FEEDBACK", "identifier": option.id, "show-hide": "show"},
            )
            _markdown(feedback, "span", option.rationale)
    _response_processing(root, has_feedback)
    return root


def _response_processing(root: ElementTree.Element, feedback: bool) -> None:
    """Score 1 for the exact set of keys (all or nothing), and show the chosen options' feedback."""
    processing = ElementTree.SubElement(root, _q("qti-response-processing"))
    condition = ElementTree.SubElement(processing, _q("qti-response-condition"))
    branch = ElementTree.SubElement(condition, _q("qti-response-if"))
    match = ElementTree.SubElement(branch, _q("qti-match"))
    ElementTree.SubElement(match, _q("qti-variable"), identifier="RESPONSE")
    ElementTree.SubElement(match, _q("qti-correct"), identifier="RESPONSE")
    _set_score(branch, "1")
    _set_score(ElementTree.SubElement(condition, _q("qti-response-else")), "0")
    if feedback:
        chosen = ElementTree.SubElement(
            processing, _q("qti-set-outcome-value"), identifier="FEEDBACK"
        )
        ElementTree.SubElement(chosen, _q("qti-variable"), identifier="RESPONSE")


def _set_score(parent: ElementTree.Element, value: str) -> None:
    setter = ElementTree.SubElement(parent, _q("qti-set-outcome-value"), identifier="SCORE")
    base = ElementTree.SubElement(setter, _q("qti-base-value"), {"base-type": "float"})
    base.text = value


def _stimulus(item_set: ItemSet) -> ElementTree.Element:
    root = ElementTree.Element(
        _q("qti-assessment-stimulus"),
        {"identifier": qti_identifier(item_set.id), "label": item_set.id, "title": item_set.id},
    )
    body = ElementTree.SubElement(root, _q("qti-stimulus-body"))
    _markdown(body, "div", item_set.stimulus)
    return root


def _test(exam: ExamTest, refs: Sequence[tuple[Item, str, str]]) -> ElementTree.Element:
    blueprint = exam.blueprint
    root = ElementTree.Element(
        _q("qti-assessment-test"),
        {"identifier": qti_identifier(exam.identifier), "title": exam.title},
    )
    part = ElementTree.SubElement(
        root,
        _q("qti-test-part"),
        {"identifier": "PART-1", "navigation-mode": "nonlinear", "submission-mode": "simultaneous"},
    )
    if exam.time_limit_seconds:
        ElementTree.SubElement(
            part, _q("qti-time-limits"), {"max-time": str(exam.time_limit_seconds)}
        )
    kinds = _kind_rules(blueprint)
    part.append(ElementTree.Comment(f" {kinds} "))
    for number, (domain, count) in enumerate(blueprint.domain_counts.items(), start=1):
        section = ElementTree.SubElement(
            part,
            _q("qti-assessment-section"),
            {"identifier": f"S{number}", "title": domain, "visible": "true"},
        )
        ElementTree.SubElement(section, _q("qti-selection"), select=str(count))
        ElementTree.SubElement(section, _q("qti-ordering"), shuffle="true")
        rubric = ElementTree.SubElement(
            section, _q("qti-rubric-block"), {"use": "instructions", "view": "scorer"}
        )
        ElementTree.SubElement(
            rubric, _q("p")
        ).text = f"{count} item(s) of domain {domain}{_tier_rule(exam.tiers)}. {kinds}"
        for item, href, resource in refs:
            if not _drawable(item, domain, exam.tiers):
                continue
            ElementTree.SubElement(
                section,
                _q("qti-assessment-item-ref"),
                {"identifier": resource, "href": f"../{href}"},
            )
    return root


def _drawable(item: Item, domain: str, tiers: frozenset[Tier] | None) -> bool:
    """Whether the exam may draw `item` into the section of `domain`: the section lists only
    what a form of the exam could hold, so another tier's items never appear in its test."""
    if item.content.domain != domain or item.status is not ItemStatus.ACTIVE:
        return False
    return tiers is None or not tiers.isdisjoint(item.content.tiers)


def _tier_rule(tiers: frozenset[Tier] | None) -> str:
    if tiers is None:
        return ""
    return " at tier " + " or ".join(sorted(tier.value for tier in tiers))


def _kind_rules(blueprint: Blueprint) -> str:
    limits = []
    if blueprint.kind_counts is not None:
        limits.append(
            "kind counts: "
            + ", ".join(f"{kind.value} {count}" for kind, count in blueprint.kind_counts.items())
        )
    if blueprint.kind_ranges is not None:
        ranges = ", ".join(
            f"{kind.value} {bounds.minimum}-{'' if bounds.maximum is None else bounds.maximum}"
            for kind, bounds in blueprint.kind_ranges.items()
        )
        limits.append(f"kind ranges: {ranges}")
    limits.append(f"at most {blueprint.recall_limit} recall item(s) per form")
    return "; ".join(limits)


class _Manifest:
    def __init__(self, title: str) -> None:
        self.root = ElementTree.Element("manifest", identifier="MANIFEST-ACCREDO")
        metadata = ElementTree.SubElement(self.root, "metadata")
        ElementTree.SubElement(metadata, "schema").text = "QTI Package"
        ElementTree.SubElement(metadata, "schemaversion").text = "3.0.0"
        lom = ElementTree.SubElement(metadata, f"{{{LOM_NAMESPACE}}}lom")
        general = ElementTree.SubElement(lom, f"{{{LOM_NAMESPACE}}}general")
        heading = ElementTree.SubElement(general, f"{{{LOM_NAMESPACE}}}title")
        ElementTree.SubElement(heading, f"{{{LOM_NAMESPACE}}}string").text = title
        ElementTree.SubElement(self.root, "organizations")
        self._resources = ElementTree.SubElement(self.root, "resources")
        self._used: set[str] = set()

    def _resource(self, identifier: str, kind: str, href: str) -> tuple[ElementTree.Element, str]:
        candidate, number = identifier, 2
        while candidate in self._used:
            candidate, number = f"{identifier}-{number}", number + 1
        self._used.add(candidate)
        resource = ElementTree.SubElement(
            self._resources,
            "resource",
            {"identifier": candidate, "type": kind, "href": href},
        )
        return resource, candidate

    def item(self, item: Item, href: str, stimulus: str | None) -> str:
        resource, identifier = self._resource(
            f"RES-{qti_identifier(item.external_id)}", "imsqti_item_xmlv3p0", href
        )
        content = item.content
        keywords = [
            f"kind:{content.kind.value}",
            f"domain:{content.domain}",
            *(f"tier:{tier.value}" for tier in content.tiers),
            f"status:{item.status.value}",
            *item.tags,
        ]
        metadata = ElementTree.SubElement(resource, "metadata")
        lom = ElementTree.SubElement(metadata, f"{{{LOM_NAMESPACE}}}lom")
        general = ElementTree.SubElement(lom, f"{{{LOM_NAMESPACE}}}general")
        entry = ElementTree.SubElement(general, f"{{{LOM_NAMESPACE}}}identifier")
        ElementTree.SubElement(entry, f"{{{LOM_NAMESPACE}}}catalog").text = "accredo"
        ElementTree.SubElement(entry, f"{{{LOM_NAMESPACE}}}entry").text = item.external_id
        for keyword in keywords:
            element = ElementTree.SubElement(general, f"{{{LOM_NAMESPACE}}}keyword")
            ElementTree.SubElement(element, f"{{{LOM_NAMESPACE}}}string").text = keyword
        ElementTree.SubElement(resource, "file", href=href)
        if stimulus is not None:
            ElementTree.SubElement(resource, "dependency", identifierref=stimulus)
        return identifier

    def stimulus(self, item_set: ItemSet, href: str) -> str:
        resource, identifier = self._resource(
            f"STIM-{qti_identifier(item_set.id)}", "imsqti_stimulus_xmlv3p0", href
        )
        ElementTree.SubElement(resource, "file", href=href)
        return identifier

    def test(self, exam: ExamTest, href: str, items: Sequence[str]) -> None:
        resource, _ = self._resource(
            f"TEST-{qti_identifier(exam.identifier)}", "imsqti_test_xmlv3p0", href
        )
        ElementTree.SubElement(resource, "file", href=href)
        for identifier in items:
            ElementTree.SubElement(resource, "dependency", identifierref=identifier)
