"""QTI 3.0: single items with any namespace spelling, packages, feedback, fixed choices."""

from __future__ import annotations

import io
import zipfile

from itembank.importing import BankFormat, detect_format
from itembank.items import ResponseFormat
from tests.unit.itembank_import.foreign_files import (
    fixture,
    key_texts,
    parse,
    problems,
)

MANIFEST = """<?xml version="1.0" encoding="UTF-8"?>
<manifest xmlns="http://www.imsglobal.org/xsd/qti/qtiv3p0/imscp_v1p1"
    xmlns:lom="http://ltsc.ieee.org/xsd/LOM" identifier="M1">
  <resources>
    <resource identifier="R1" type="imsqti_item_xmlv3p0" href="items/route.xml">
      <metadata><lom:lom><lom:general>
        <lom:keyword><lom:string>kind:diagnostic</lom:string></lom:keyword>
        <lom:keyword><lom:string>tier:expert</lom:string></lom:keyword>
        <lom:keyword><lom:string>routing</lom:string></lom:keyword>
      </lom:general></lom:lom></metadata>
      <file href="items/route.xml"/>
    </resource>
    <resource identifier="R2" type="imsqti_item_xmlv3p0" href="items/port.xml">
      <file href="items/port.xml"/>
    </resource>
    {extra}
  </resources>
</manifest>
"""


def package(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_a_prefixed_item_with_prompt_fixed_choice_and_modal_feedback() -> None:
    bank = parse(fixture("prefixed.qti.xml"), BankFormat.QTI)
    [item] = bank.items
    assert item.external_id == "route-table"
    assert item.content.response_format is ResponseFormat.MULTIPLE
    assert item.content.stem == (
        "A router holds **several** kinds of routes.\n\nWhich two are learned without "
        "configuration?"
    )
    assert [option.id for option in item.content.options] == [
        "ChoiceA",
        "ChoiceB",
        "ChoiceC",
        "ChoiceD",
    ]
    assert key_texts(item) == ["Connected routes", "Local routes"]
    assert item.content.options[1].rationale == "Someone types those in."
    [assumption] = bank.assumptions
    assert assumption.notes == (
        "choice ChoiceD is fixed in place in the file: Accredo shuffles every option",
        "modal feedback CORRECT does not name a choice and is not kept",
    )


def test_a_package_reads_items_in_manifest_order_with_keywords_as_metadata() -> None:
    data = package(
        {
            "imsmanifest.xml": MANIFEST.replace("{extra}", "").encode(),
            "items/route.xml": fixture("prefixed.qti.xml"),
            "items/port.xml": fixture("text_entry.qti.xml"),
        }
    )
    bank = parse(data, BankFormat.QTI)
    [item] = bank.items
    assert item.content.kind.value == "diagnostic"
    assert [tier.value for tier in item.content.tiers] == ["expert"]
    assert item.tags == ("routing",)
    [skipped] = bank.skipped
    assert (skipped.question_type, skipped.element, skipped.line) == (
        "qti-text-entry-interaction",
        "items/port.xml",
        2,
    )


def test_problems_in_a_package_name_the_member_and_line() -> None:
    broken = fixture("prefixed.qti.xml").replace(b"ChoiceC</qti:", b"ChoiceZ</qti:")
    data = package(
        {
            "imsmanifest.xml": MANIFEST.replace(
                "{extra}",
                '<resource identifier="R3" type="imsqti_item_xmlv3p0" href="items/gone.xml"/>',
            ).encode(),
            "items/route.xml": broken,
            "items/port.xml": b"<qti-assessment-item>\n<unclosed>\n</qti-assessment-item>",
        }
    )
    found = problems(data, BankFormat.QTI)
    assert [(p.field, p.line) for p in found] == [
        ("items/port.xml", 3),
        ("items/route.xml: qti-correct-response", 5),
        ("imsmanifest.xml", 16),
    ]
    assert "not well-formed XML" in found[0].reason
    assert "names ChoiceZ, which is not a choice" in found[1].reason
    assert "'items/gone.xml', which is not in the package" in found[2].reason


def test_a_package_without_manifest_or_with_qti2_items_is_refused() -> None:
    found = problems(package({"item.xml": fixture("prefixed.qti.xml")}), BankFormat.QTI)
    assert "no imsmanifest.xml" in found[0].reason
    qti2 = b'<assessmentItem xmlns="http://www.imsglobal.org/xsd/imsqti_v2p1" identifier="x"/>'
    assert detect_format("item.xml", None, qti2) is BankFormat.QTI
    assert "QTI 2.x" in problems(qti2, BankFormat.QTI)[0].reason
    canvas = package(
        {
            "imsmanifest.xml": b'<manifest><resources><resource identifier="R" '
            b'type="imsqti_xmlv1p2" href="quiz.xml"/></resources></manifest>',
            "quiz.xml": b"<questestinterop/>",
        }
    )
    [problem] = problems(canvas, BankFormat.QTI)
    assert "resource types found: imsqti_xmlv1p2" in problem.reason


def test_shuffle_off_and_single_cardinality() -> None:
    data = (
        fixture("prefixed.qti.xml")
        .replace(b'shuffle="true"', b'shuffle="false"')
        .replace(
            b'cardinality="multiple" base-type="identifier">',
            b'cardinality="single" base-type="identifier">',
            1,
        )
        .replace(b"<qti:qti-value>ChoiceC</qti:qti-value>", b"")
    )
    bank = parse(data, BankFormat.QTI)
    [item] = bank.items
    assert item.content.response_format is ResponseFormat.SINGLE
    assert key_texts(item) == ["Connected routes"]
    assert bank.assumptions[0].notes[0] == (
        "shuffle is off in the file: Accredo shuffles the options of every form"
    )
