"""Bank API on both databases: all-or-nothing imports, revisions, filters, export round trip."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from litestar import Litestar
from litestar.testing import AsyncTestClient

from service.auth.roles import Role
from tests.support.bank_files import as_json, as_yaml, make_document

Client = AsyncTestClient[Litestar]
Headers = Callable[..., dict[str, str]]
YAML = {"Content-Type": "application/yaml"}


async def new_bank(client: Client, headers: dict[str, str], name: str = "Lumen") -> str:
    response = await client.post("/banks", json={"name": name}, headers=headers)
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


async def upload(
    client: Client, bank_id: str, body: bytes, headers: dict[str, str], **extra: str
) -> Any:
    return await client.post(
        f"/banks/{bank_id}/imports", content=body, headers={**headers, **extra}
    )


async def test_create_list_and_duplicate_names(client: Client, auth_header: Headers) -> None:
    author = auth_header(Role.AUTHOR, subject="writer-1")
    bank_id = await new_bank(client, author)
    listed = (await client.get("/banks", headers=author)).json()
    assert (listed["total"], listed["limit"], listed["offset"]) == (1, 100, 0)
    assert [(b["id"], b["name"], b["createdBy"], b["itemCount"]) for b in listed["items"]] == [
        (bank_id, "Lumen", "writer-1", 0)
    ]
    duplicate = await client.post("/banks", json={"name": "Lumen"}, headers=author)
    assert duplicate.status_code == 409
    typo = await client.post("/banks", json={"name": "X", "descripton": ""}, headers=author)
    assert typo.status_code == 422
    assert typo.json()["errors"] == [{"message": "unknown field", "field": "descripton"}]


async def test_banks_list_in_pages_by_name(client: Client, auth_header: Headers) -> None:
    author = auth_header(Role.AUTHOR)
    for name in ("Cobalt", "Amber", "Birch"):
        await new_bank(client, author, name)
    window = (await client.get("/banks?limit=2&offset=1", headers=author)).json()
    assert [bank["name"] for bank in window["items"]] == ["Birch", "Cobalt"]
    assert (window["total"], window["limit"], window["offset"]) == (3, 2, 1)
    too_many = await client.get("/banks?limit=501", headers=author)
    assert too_many.status_code == 400


async def test_learners_cannot_touch_banks(client: Client, auth_header: Headers) -> None:
    response = await client.get("/banks", headers=auth_header(Role.LEARNER))
    assert response.status_code == 403


async def test_import_reimport_and_revision_counts(client: Client, auth_header: Headers) -> None:
    author = auth_header(Role.AUTHOR)
    bank_id = await new_bank(client, author)
    document = make_document(40)
    first = await upload(client, bank_id, as_yaml(document), author, **YAML)
    assert first.status_code == 201, first.text
    assert first.json() == {
        "created": 40,
        "revised": 0,
        "unchanged": 0,
        "stateChanged": 0,
        "notInFile": [],
    }
    again = await upload(client, bank_id, as_yaml(document), author, **YAML)
    assert again.json()["unchanged"] == 40 and again.json()["created"] == 0

    changed = copy.deepcopy(document)
    changed["items"][0]["stem"] = "A clearer stem for question 1?"
    changed["items"][1]["status"] = "retired"
    del changed["items"][2]
    report = (await upload(client, bank_id, as_yaml(changed), author, **YAML)).json()
    assert report == {
        "created": 0,
        "revised": 1,
        "unchanged": 38,
        "stateChanged": 1,
        "notInFile": ["Q-00003"],
    }
    detail = (await client.get(f"/banks/{bank_id}/items/Q-00001", headers=author)).json()
    assert [r["number"] for r in detail["revisions"]] == [2, 1]
    assert detail["content"]["stem"] == "A clearer stem for question 1?"
    assert detail["revisions"][1]["content"]["stem"].startswith("Question 1:")


async def test_one_bad_item_in_a_thousand_changes_nothing(
    client: Client, auth_header: Headers
) -> None:
    author = auth_header(Role.AUTHOR)
    bank_id = await new_bank(client, author)
    document = make_document(1000)
    document["items"][500]["kind"] = "recal"
    document["items"][700]["options"] = document["items"][700]["options"][:1]
    response = await upload(client, bank_id, as_yaml(document), author, **YAML)
    assert response.status_code == 422
    body = response.json()
    assert body["detail"].startswith("the bank file has 3 problems; nothing was imported")
    problems = {(e["item"], e["field"]) for e in body["errors"]}
    assert ("Q-00501", "kind") in problems
    assert any(item == "Q-00701" and field.startswith("options") for item, field in problems)
    assert all(isinstance(e["line"], int) and e["line"] > 1 for e in body["errors"])
    listed = (await client.get(f"/banks/{bank_id}/items", headers=author)).json()
    assert listed["total"] == 0


async def test_failed_reimport_keeps_the_previous_state(
    client: Client, auth_header: Headers
) -> None:
    author = auth_header(Role.AUTHOR)
    bank_id = await new_bank(client, author)
    document = make_document(30)
    await upload(client, bank_id, as_json(document), author, **{"Content-Type": "application/json"})
    broken = copy.deepcopy(document)
    broken["items"][0]["stem"] = "Changed stem that must not land"
    broken["items"][29]["key"] = "Z"
    response = await upload(
        client, bank_id, as_json(broken), author, **{"Content-Type": "application/json"}
    )
    assert response.status_code == 422
    detail = (await client.get(f"/banks/{bank_id}/items/Q-00001", headers=author)).json()
    assert len(detail["revisions"]) == 1
    assert "Changed stem" not in detail["content"]["stem"]


async def test_csv_and_multipart_uploads(client: Client, auth_header: Headers) -> None:
    author = auth_header(Role.AUTHOR)
    bank_id = await new_bank(client, author)
    rows = [
        "id,kind,domain,tiers,format,stem,option_a,option_b,option_c,key,tags,status",
        'C-1,scenario,reporting.filters,foundation,single,"Pick one, please",Yes,No,Maybe,B,a;b,'
        "active",
        "C-2,recall,data.modeling,foundation,multiple,Which are joins?,Inner,Left,Sideways,A;B,,"
        "active",
    ]
    csv_body = ("\n".join(rows) + "\n").encode()
    as_csv = await upload(client, bank_id, csv_body, author, **{"Content-Type": "text/csv"})
    assert as_csv.status_code == 201, as_csv.text
    assert as_csv.json()["created"] == 2
    multipart = await client.post(
        f"/banks/{bank_id}/imports",
        files={"file": ("more.yaml", as_yaml(make_document(3)), "application/octet-stream")},
        headers=author,
    )
    assert multipart.status_code == 201, multipart.text
    assert multipart.json()["created"] == 3


async def test_unknown_format_and_oversized_files_are_refused(
    client: Client, auth_header: Headers
) -> None:
    author = auth_header(Role.AUTHOR)
    bank_id = await new_bank(client, author)
    unknown = await upload(client, bank_id, b"items: []", author, **{"Content-Type": "text/plain"})
    assert unknown.status_code == 422
    assert unknown.json()["errors"][0]["message"]
    workbook = await client.post(
        f"/banks/{bank_id}/imports?filename=bank.xlsx", content=b"PK\x03\x04", headers=author
    )
    assert workbook.status_code == 422
    assert "CSV" in workbook.json()["errors"][0]["message"]
    not_utf8 = await upload(client, bank_id, b"items:\n  - id: \xff\xfe", author, **YAML)
    assert not_utf8.status_code == 422
    assert "UTF-8" in not_utf8.json()["errors"][0]["message"]


async def test_filters_and_pagination(client: Client, auth_header: Headers) -> None:
    author = auth_header(Role.AUTHOR)
    bank_id = await new_bank(client, author)
    await upload(client, bank_id, as_yaml(make_document(40)), author, **YAML)

    async def listing(query: str) -> dict[str, Any]:
        response = await client.get(f"/banks/{bank_id}/items?{query}", headers=author)
        assert response.status_code == 200, response.text
        return dict(response.json())

    recall = await listing("kind=recall")
    assert recall["total"] > 0 and all(i["kind"] == "recall" for i in recall["items"])
    domain = await listing("domain=security")
    assert domain["total"] == 10 and {i["domain"] for i in domain["items"]} == {"security.access"}
    tagged = await listing("tag=group1")
    assert tagged["total"] == len([n for n in range(1, 41) if n % 3 == 1])
    text = await listing("q=requirement 17%3F")
    assert [i["externalId"] for i in text["items"]] == ["Q-00017"]
    page = await listing("limit=15&offset=30")
    assert page["total"] == 40 and len(page["items"]) == 10
    assert page["items"][0]["externalId"] == "Q-00031"
    bad = await client.get(f"/banks/{bank_id}/items?kind=essay", headers=author)
    assert bad.status_code == 400


async def test_revise_retire_reactivate(client: Client, auth_header: Headers) -> None:
    author = auth_header(Role.AUTHOR, subject="writer-2")
    bank_id = await new_bank(client, author)
    document = make_document(5)
    await upload(client, bank_id, as_yaml(document), author, **YAML)
    item = copy.deepcopy(document["items"][1])
    item["options"][3]["text"] = "A much better distractor"
    revised = await client.put(f"/banks/{bank_id}/items/Q-00002", json=item, headers=author)
    assert revised.status_code == 200, revised.text
    assert revised.json()["item"]["currentRevision"] == 2
    assert revised.json()["revisions"][0]["createdBy"] == "writer-2"

    item["optoins"] = item.pop("options")
    typo = await client.put(f"/banks/{bank_id}/items/Q-00002", json=item, headers=author)
    assert typo.status_code == 422
    assert any(e["field"] == "optoins" for e in typo.json()["errors"])

    retired = await client.post(f"/banks/{bank_id}/items/Q-00002/retire", headers=author)
    assert retired.json()["status"] == "retired"
    assert retired.json()["currentRevision"] == 2
    back = await client.post(f"/banks/{bank_id}/items/Q-00002/reactivate", headers=author)
    assert back.json()["status"] == "active"
    missing = await client.post(f"/banks/{bank_id}/items/NOPE/retire", headers=author)
    assert missing.status_code == 404


async def test_export_then_import_changes_nothing(client: Client, auth_header: Headers) -> None:
    admin = auth_header(Role.ADMIN)
    bank_id = await new_bank(client, admin)
    await upload(client, bank_id, as_yaml(make_document(25)), admin, **YAML)
    for fmt, media in (("yaml", "application/yaml"), ("json", "application/json")):
        exported = await client.get(f"/banks/{bank_id}/export?format={fmt}", headers=admin)
        assert exported.status_code == 200
        assert exported.headers["content-type"].startswith(media)
        report = await upload(client, bank_id, exported.content, admin, **{"Content-Type": media})
        assert report.json() == {
            "created": 0,
            "revised": 0,
            "unchanged": 25,
            "stateChanged": 0,
            "notInFile": [],
        }


async def test_composition_counts_active_items(client: Client, auth_header: Headers) -> None:
    author = auth_header(Role.AUTHOR)
    bank_id = await new_bank(client, author)
    document = make_document(20)
    document["items"][0]["status"] = "draft"
    await upload(client, bank_id, as_yaml(document), author, **YAML)
    report = (await client.get(f"/banks/{bank_id}/composition", headers=author)).json()
    assert report["activeTotal"] == 19
    assert report["itemsByStatus"] == {"draft": 1, "active": 19, "retired": 0}
    kinds = report["activeByKind"]
    assert sum(kinds.values()) == 19
    assert report["recallShare"] == round(kinds["recall"] / 19, 4)
    assert sum(d["activeTotal"] for d in report["domains"]) == 19
