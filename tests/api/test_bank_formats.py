"""Moodle XML, GIFT, Aiken and QTI through the API on both databases: all or nothing, every
problem with its line or element path, mappings, skipped types, and export round trips."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from defusedxml import ElementTree as SafeElementTree
from litestar import Litestar
from litestar.testing import AsyncTestClient

from service.auth.roles import Role
from tests.api.test_banks import new_bank
from tests.support.bank_files import as_yaml, make_document
from tests.unit.itembank_import.foreign_files import fixture
from tests.unit.itembank_import.test_hostile_uploads import BILLION_LAUGHS

Client = AsyncTestClient[Litestar]
Headers = Callable[..., dict[str, str]]
DEFAULTS = "kind=recall&domain=general&tiers=foundation,expert"


async def items_of(client: Client, bank_id: str, headers: dict[str, str]) -> dict[str, Any]:
    response = await client.get(f"/banks/{bank_id}/items?limit=500", headers=headers)
    assert response.status_code == 200, response.text
    return {item["externalId"]: item for item in response.json()["items"]}


async def test_gift_with_defaults_lists_skipped_questions_and_assumptions(
    client: Client, auth_header: Headers
) -> None:
    author = auth_header(Role.AUTHOR)
    bank_id = await new_bank(client, author)
    response = await client.post(
        f"/banks/{bank_id}/imports?filename=net.gift&{DEFAULTS}&status=active",
        content=fixture("constructs.gift"),
        headers=author,
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["created"] == 6
    assert [(s["type"], s["line"], s.get("title")) for s in body["skipped"]] == [
        ("essay", 36, "Essay"),
        ("numerical", 38, "Number"),
        ("shortanswer", 40, "Short"),
        ("match", 42, "Match"),
        ("description", 44, None),
    ]
    first = body["assumptions"][0]
    assert first == {
        "item": "NET-001",
        "line": 5,
        "assumed": {
            "domain": "category networking/routing",
            "tiers": "default",
            "status": "default",
        },
    }
    items = await items_of(client, bank_id, author)
    assert items["NET-001"]["kind"] == "scenario"
    assert items["net-TF"]["status"] == "active"


async def test_moodle_xml_multipart_with_a_mapping_field(
    client: Client, auth_header: Headers
) -> None:
    author = auth_header(Role.AUTHOR)
    bank_id = await new_bank(client, author)
    mapping = {
        "rules": [
            {"category": "$course$/Data Modeling", "domain": "data.modeling", "kind": "diagnostic"},
            {"category": "$course$/Security", "kind": "scenario"},
        ],
        "defaults": {"tiers": ["practitioner"]},
    }
    response = await client.post(
        f"/banks/{bank_id}/imports",
        files={"file": ("dm.xml", fixture("constructs.moodle.xml"), "application/xml")},
        data={"mapping": json.dumps(mapping), "idPrefix": "DM"},
        headers=author,
    )
    assert response.status_code == 201, response.text
    assert [s["type"] for s in response.json()["skipped"]] == ["essay", "calculatedmulti"]
    items = await items_of(client, bank_id, author)
    assert sorted(items) == ["DM-001", "DM-Foreign-keys", "DM-Least-privilege"]
    assert (items["DM-001"]["domain"], items["DM-001"]["kind"]) == ("data.modeling", "diagnostic")
    assert (items["DM-Least-privilege"]["domain"], items["DM-Least-privilege"]["kind"]) == (
        "security",
        "scenario",
    )


async def test_one_bad_question_imports_nothing_and_every_problem_is_listed(
    client: Client, auth_header: Headers
) -> None:
    author = auth_header(Role.AUTHOR)
    bank_id = await new_bank(client, author)
    cases = [
        ("broken.gift", [1, 5, 7, 11]),
        ("broken.aiken", [3, 5, 7, 18, 21]),
        ("broken.moodle.xml", [3, 12, 27, 28]),
    ]
    for name, lines in cases:
        response = await client.post(
            f"/banks/{bank_id}/imports?filename={name}&{DEFAULTS}",
            content=fixture(name),
            headers=author,
        )
        assert response.status_code == 422, response.text
        body = response.json()
        assert body["detail"].endswith("nothing was imported")
        assert [error.get("line") for error in body["errors"]] == lines
    moodle = body["errors"]
    assert [error["field"] for error in moodle] == [
        "question[1]/answer/@fraction",
        "question[2]/answer/@fraction",
        "question[4]/answer/@fraction",
        "question[4]/answer[2]/text",
    ]
    assert await items_of(client, bank_id, author) == {}


async def test_an_undecided_kind_is_refused_unless_a_default_is_set(
    client: Client, auth_header: Headers
) -> None:
    author = auth_header(Role.AUTHOR)
    bank_id = await new_bank(client, author)
    url = f"/banks/{bank_id}/imports?filename=ops.aiken&domain=ops&tiers=expert"
    refused = await client.post(url, content=fixture("constructs.aiken"), headers=author)
    assert refused.status_code == 422
    assert [(e["item"], e["line"], e["field"]) for e in refused.json()["errors"]] == [
        ("ops-0001", 1, "kind"),
        ("ops-0002", 7, "kind"),
    ]
    accepted = await client.post(
        url + "&kind=recall", content=fixture("constructs.aiken"), headers=author
    )
    assert accepted.status_code == 201, accepted.text
    assert accepted.json()["created"] == 2


async def test_mistakes_in_the_request_settings_are_named(
    client: Client, auth_header: Headers
) -> None:
    author = auth_header(Role.AUTHOR)
    bank_id = await new_bank(client, author)
    base = f"/banks/{bank_id}/imports?filename=b.gift"
    cases = [
        ("&mapping=" + quote("{not json"), ["mapping"]),
        (
            "&mapping=" + quote('{"rules": [{"tag": "x", "kind": "essay"}]}'),
            ["mapping.rules[1].kind"],
        ),
        ("&kind=essay&tiers=gold", ["kind", "tiers"]),
        ("&format=docx", ["format"]),
    ]
    for query, fields in cases:
        response = await client.post(base + query, content=b"Q?{=a ~b}", headers=author)
        assert response.status_code == 422, response.text
        assert [error["field"] for error in response.json()["errors"]] == fields


async def test_hostile_files_are_refused(client: Client, auth_header: Headers) -> None:
    author = auth_header(Role.AUTHOR)
    bank_id = await new_bank(client, author)
    bomb = await client.post(
        f"/banks/{bank_id}/imports?filename=quiz.xml&{DEFAULTS}",
        content=BILLION_LAUGHS,
        headers=author,
    )
    assert bomb.status_code == 422
    assert "document type" in bomb.json()["errors"][0]["message"]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("imsmanifest.xml", b"<manifest/>")
        archive.writestr("../../evil.xml", b"x")
    slip = await client.post(
        f"/banks/{bank_id}/imports?{DEFAULTS}",
        content=buffer.getvalue(),
        headers={**author, "Content-Type": "application/zip"},
    )
    assert slip.status_code == 422
    assert slip.json()["errors"][0]["field"] == "../../evil.xml"


async def test_every_export_format_reimports_unchanged(
    client: Client, auth_header: Headers
) -> None:
    admin = auth_header(Role.ADMIN)
    bank_id = await new_bank(client, admin, name="Réseaux & sécurité")
    document = make_document(30)
    document["item_sets"] = [{"id": "CS-1", "stimulus": "A shared *case*."}]
    document["items"][0]["item_set"] = "CS-1"
    document["items"][1]["item_set"] = "CS-1"
    created = await client.post(
        f"/banks/{bank_id}/imports",
        content=as_yaml(document),
        headers={**admin, "Content-Type": "application/yaml"},
    )
    assert created.status_code == 201, created.text
    for fmt, media, extension in (
        ("csv", "text/csv", "csv"),
        ("qti", "application/zip", "zip"),
        ("moodle", "application/xml", "xml"),
        ("json", "application/json", "json"),
    ):
        exported = await client.get(f"/banks/{bank_id}/export?format={fmt}", headers=admin)
        assert exported.status_code == 200, exported.text
        assert exported.headers["content-type"].startswith(media)
        assert exported.headers["content-disposition"] == (
            f'attachment; filename="Reseaux _ securite.{extension}"; '
            f"filename*=UTF-8''R%C3%A9seaux%20%26%20s%C3%A9curit%C3%A9.{extension}"
        )
        report = await client.post(
            f"/banks/{bank_id}/imports?filename=export.{extension}",
            content=exported.content,
            headers=admin,
        )
        assert report.status_code == 201, report.text
        body = report.json()
        if fmt == "moodle":
            # Moodle has no case studies: the two items of the set come back revised.
            assert (body["unchanged"], body["revised"]) == (28, 2)
        else:
            assert (body["created"], body["revised"], body["unchanged"]) == (0, 0, 30)
        assert body.get("skipped", []) == []
        assert body["stateChanged"] == 0


async def test_the_qti_package_holds_a_test_per_exam_of_the_bank(
    client: Client, auth_header: Headers
) -> None:
    from tests.support.exam_setup import build_exam

    exam = await build_exam(client, auth_header, items=40)
    exported = await client.get(f"/banks/{exam.bank_id}/export?format=qti", headers=exam.admin)
    assert exported.status_code == 200, exported.text
    archive = zipfile.ZipFile(io.BytesIO(exported.content))
    test = SafeElementTree.fromstring(archive.read(f"tests/EXAM-{exam.exam_id}.xml"))
    assert test.get("title") == "Lumen Practitioner"
    sections = [e for e in test.iter() if _local(e.tag) == "qti-assessment-section"]
    assert [s.get("title") for s in sections] == ["data.modeling", "reporting.filters"]
    for section in sections:
        [selection] = [e for e in section if _local(e.tag) == "qti-selection"]
        assert selection.get("select") == "3"
        refs = [e for e in section if _local(e.tag) == "qti-assessment-item-ref"]
        assert len(refs) == 10  # every active item of the domain, all in the package
        assert all(archive.read(ref.get("href", "")[3:]) for ref in refs)
    [limits] = [e for e in test.iter() if _local(e.tag) == "qti-time-limits"]
    assert limits.get("max-time") == "1800"
    manifest = archive.read("imsmanifest.xml").decode()
    assert manifest.count('type="imsqti_item_xmlv3p0"') == 40
    assert manifest.count('type="imsqti_test_xmlv3p0"') == 1


def _local(tag: str) -> str:
    """`{namespace}qti-prompt` -> `qti-prompt`."""
    return tag.rsplit("}", 1)[-1]
