"""Hostile uploads: XML bombs, external entities, zip slip, zip bombs, oversized packages."""

from __future__ import annotations

import io
import zipfile

import pytest

from itembank.importing import BankFileInvalid, BankFormat, parse_bank_file
from tests.unit.itembank_import.foreign_files import problems

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE quiz [
  <!ENTITY lol "lol">
  <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<quiz><question type="truefalse"><name><text>&lol4;</text></name></question></quiz>
"""

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE quiz [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<quiz><question type="truefalse"><name><text>&secret;</text></name></question></quiz>
"""

EXTERNAL_DTD = b"""<?xml version="1.0"?>
<!DOCTYPE qti-assessment-item SYSTEM "http://127.0.0.1:9/evil.dtd">
<qti-assessment-item identifier="x"/>
"""


@pytest.mark.parametrize(
    ("data", "fmt"),
    [
        (BILLION_LAUGHS, BankFormat.MOODLE),
        (EXTERNAL_ENTITY, BankFormat.MOODLE),
        (EXTERNAL_DTD, BankFormat.QTI),
    ],
    ids=["billion-laughs", "external-entity", "external-dtd"],
)
def test_document_type_declarations_are_refused(data: bytes, fmt: BankFormat) -> None:
    [problem] = problems(data, fmt)
    assert "declares a document type" in problem.reason
    assert problem.line == 2


def zipped(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_a_zip_slip_is_refused_naming_every_unsafe_member() -> None:
    data = zipped(
        {
            "imsmanifest.xml": b"<manifest/>",
            "../../etc/cron.d/evil.xml": b"x",
            "/abs/item.xml": b"x",
            "items\\..\\..\\win.xml": b"x",
        }
    )
    found = problems(data, BankFormat.QTI)
    assert [p.field for p in found] == [
        "../../etc/cron.d/evil.xml",
        "/abs/item.xml",
        "items\\..\\..\\win.xml",
    ]
    assert all("zip slip" in p.reason for p in found)


def test_a_manifest_href_outside_the_package_is_refused() -> None:
    manifest = (
        b'<manifest><resources><resource identifier="R" type="imsqti_item_xmlv3p0" '
        b'href="../outside.xml"/></resources></manifest>'
    )
    [problem] = problems(zipped({"imsmanifest.xml": manifest}), BankFormat.QTI)
    assert "points outside the package" in problem.reason


def test_a_zip_bomb_is_refused_before_it_is_inflated() -> None:
    data = zipped({"imsmanifest.xml": b"<manifest/>", "items/bomb.xml": b"\0" * (24 << 20)})
    assert len(data) < 100_000
    [problem] = problems(data, BankFormat.QTI)
    assert problem.field == "items/bomb.xml"
    assert "zip bomb" in problem.reason


def test_the_unpacked_size_of_a_package_is_limited() -> None:
    data = zipped({"imsmanifest.xml": b"<manifest/>", "big.xml": b"0123456789" * 50_000})
    with pytest.raises(BankFileInvalid) as caught:
        parse_bank_file(data, BankFormat.QTI, max_bytes=len(data))
    assert "unpacks to" in caught.value.problems[0].reason


def test_a_member_larger_than_its_header_says_is_refused() -> None:
    honest = zipped({"imsmanifest.xml": b"<manifest>" + b" " * 5000 + b"</manifest>"})
    lying = bytearray(honest)
    # The central directory's uncompressed size (offset 24 in the entry) claims 10 bytes.
    central = lying.rfind(b"PK\x01\x02")
    lying[central + 24 : central + 28] = (10).to_bytes(4, "little")
    local = lying.find(b"PK\x03\x04")
    lying[local + 22 : local + 26] = (10).to_bytes(4, "little")
    [problem] = problems(bytes(lying), BankFormat.QTI)
    assert problem.reason.startswith("package member 'imsmanifest.xml' cannot be read")
