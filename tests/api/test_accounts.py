"""Accounts and memberships through the admin API and CSV uploads, and placement from a token."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from service.app import create_app
from service.auth.roles import Role
from service.clock import SettableClock
from service.settings import Settings
from tests.support.exam_setup import build_exam

Headers = Callable[..., dict[str, str]]
Client = AsyncTestClient[Litestar]
START = datetime(2026, 2, 1, 8, 0, tzinfo=UTC)
CSV = {"Content-Type": "text/csv"}


@pytest.fixture
def clock() -> SettableClock:
    return SettableClock(START)


@pytest.fixture
async def timed(settings: Settings, clock: SettableClock) -> AsyncIterator[Client]:
    async with AsyncTestClient(app=create_app(settings, clock=clock)) as client:
        yield client


async def _account(client: Client, admin: dict[str, str], **spec: Any) -> dict[str, Any]:
    created = await client.post("/accounts", json=spec, headers=admin)
    assert created.status_code == 201, created.text
    return dict(created.json())


async def test_create_update_list_and_refusals(timed: Client, auth_header: Headers) -> None:
    admin = auth_header(Role.ADMIN)
    acme = await _account(
        timed, admin, name="Acme", externalId="0015g00000AcmeX", metadata={"segment": "enterprise"}
    )
    assert (acme["externalId"], acme["metadata"], acme["learners"]) == (
        "0015g00000AcmeX",
        {"segment": "enterprise"},
        0,
    )
    taken = await timed.post(
        "/accounts", json={"name": "Other", "externalId": "0015g00000AcmeX"}, headers=admin
    )
    assert taken.status_code == 409
    assert taken.json()["type"] == "urn:accredo:problem:account-external-id-taken"
    bad = await timed.post(
        "/accounts",
        json={
            "name": "  ",
            "externalId": "x",
            "metadata": {**{f"k{i}": i for i in range(51)}, "long": "y" * 1001},
        },
        headers=admin,
    )
    assert bad.status_code == 422
    assert {(e["field"], e["message"]) for e in bad.json()["errors"]} == {
        ("name", "must not be blank"),
        ("metadata", "must have at most 50 keys"),
        ("metadata.long", "texts must have at most 1000 characters"),
    }
    nested = await timed.post(
        "/accounts",
        json={"name": "N", "externalId": "n", "metadata": {"a": {"b": 1}}},
        headers=admin,
    )
    assert nested.status_code == 422
    assert "metadata" in nested.json()["errors"][0]["field"]
    globex = await _account(timed, admin, name="Globex", externalId="crm-globex")
    renamed = await timed.patch(
        f"/accounts/{globex['id']}",
        json={"name": "Globex Corp", "metadata": {"csm": "Kim"}},
        headers=admin,
    )
    assert renamed.json()["name"] == "Globex Corp" and renamed.json()["metadata"] == {"csm": "Kim"}
    clash = await timed.patch(
        f"/accounts/{globex['id']}", json={"externalId": "0015g00000AcmeX"}, headers=admin
    )
    assert clash.status_code == 409
    cleared = await timed.patch(f"/accounts/{globex['id']}", json={"metadata": None}, headers=admin)
    assert cleared.json()["metadata"] is None
    listed = (await timed.get("/accounts?limit=1", headers=admin)).json()
    assert (listed["total"], [a["name"] for a in listed["items"]]) == (2, ["Acme"])
    missing = await timed.get("/accounts/00000000-0000-0000-0000-000000000000", headers=admin)
    assert missing.status_code == 404


async def test_memberships_add_move_remove_with_history(
    timed: Client, auth_header: Headers, clock: SettableClock
) -> None:
    admin = auth_header(Role.ADMIN, subject="csm-1")
    acme = await _account(timed, admin, name="Acme", externalId="crm-acme")
    globex = await _account(timed, admin, name="Globex", externalId="crm-globex")
    added = await timed.put(
        "/account-memberships/learner-7", json={"accountId": acme["id"]}, headers=admin
    )
    assert added.status_code == 200, added.text
    assert (added.json()["accountExternalId"], added.json()["jobRole"]) == ("crm-acme", None)
    clock.advance(timedelta(days=3))
    moved = await timed.put(
        "/account-memberships/learner-7",
        json={"accountId": globex["id"], "jobRole": "analyst"},
        headers=admin,
    )
    assert moved.json()["joinedAt"].startswith("2026-02-04")
    again = await timed.put(
        "/account-memberships/learner-7",
        json={"accountId": globex["id"], "jobRole": "analyst"},
        headers=admin,
    )
    assert again.status_code == 200
    members = (await timed.get(f"/accounts/{globex['id']}/members", headers=admin)).json()
    assert [(m["learnerId"], m["jobRole"]) for m in members["items"]] == [("learner-7", "analyst")]
    assert (await timed.get(f"/accounts/{acme['id']}", headers=admin)).json()["learners"] == 0
    clock.advance(timedelta(days=1))
    assert (await timed.delete("/account-memberships/learner-7", headers=admin)).status_code == 204
    assert (await timed.delete("/account-memberships/learner-7", headers=admin)).status_code == 404
    history = (await timed.get("/account-memberships/learner-7", headers=admin)).json()
    assert history["current"] is None
    assert [
        (m["fromAccountId"], m["toAccountId"], m["jobRole"], m["movedAt"][:10], m["movedBy"])
        for m in history["moves"]
    ] == [
        (None, acme["id"], None, "2026-02-01", "csm-1"),
        (acme["id"], globex["id"], "analyst", "2026-02-04", "csm-1"),
        (globex["id"], None, None, "2026-02-05", "csm-1"),
    ]
    assert (await timed.get("/account-memberships/never-seen", headers=admin)).status_code == 404
    nowhere = await timed.put(
        "/account-memberships/learner-8",
        json={"accountId": "00000000-0000-0000-0000-000000000000"},
        headers=admin,
    )
    assert nowhere.status_code == 404


ACCOUNTS_CSV = (
    "external_id,name,metadata.segment,metadata.csm\r\n"
    "crm-1,Acme,enterprise,Kim\r\n"
    "crm-2,Globex,,\r\n"
)


async def test_accounts_csv_creates_updates_and_rejects_a_bad_file_whole(
    timed: Client, auth_header: Headers
) -> None:
    admin = auth_header(Role.ADMIN)
    first = await timed.post("/accounts/imports", content=ACCOUNTS_CSV, headers={**admin, **CSV})
    assert first.status_code == 200, first.text
    assert first.json() == {"created": 2, "updated": 0, "unchanged": 0}
    as_form = await timed.post(
        "/accounts/imports",
        files={"file": ("accounts.csv", ACCOUNTS_CSV.replace("Globex", "Globex Corp"), "text/csv")},
        headers=admin,
    )
    assert as_form.json() == {"created": 0, "updated": 1, "unchanged": 1}
    listed = (await timed.get("/accounts", headers=admin)).json()["items"]
    assert {(a["externalId"], a["name"]): a["metadata"] for a in listed} == {
        ("crm-1", "Acme"): {"segment": "enterprise", "csm": "Kim"},
        ("crm-2", "Globex Corp"): None,
    }
    bad = (
        "external_id,name,colour\r\n"
        "crm-3,New Co\r\n"
        "crm-1,\r\n"
        ",Nameless\r\n"
        "crm-3,Twice\r\n"
        "crm-4," + "x" * 201 + "\r\n"
    )
    rejected = await timed.post("/accounts/imports", content=bad, headers={**admin, **CSV})
    assert rejected.status_code == 422
    assert rejected.json()["type"] == "urn:accredo:problem:account-upload-rejected"
    assert [(e.get("line"), e.get("field"), e["message"]) for e in rejected.json()["errors"]] == [
        (1, "colour", "unknown column `colour`"),
    ]
    without_bad_column = bad.replace(",colour", "")
    rejected = await timed.post(
        "/accounts/imports", content=without_bad_column, headers={**admin, **CSV}
    )
    assert [(e.get("line"), e.get("field"), e["message"]) for e in rejected.json()["errors"]] == [
        (3, "name", "must not be empty"),
        (4, "external_id", "must not be empty"),
        (5, "external_id", "repeats the account of line 2"),
        (6, "name", "must have at most 200 characters"),
    ]
    after = (await timed.get("/accounts", headers=admin)).json()
    assert after["total"] == 2
    assert {a["externalId"]: a["name"] for a in after["items"]} == {
        "crm-1": "Acme",
        "crm-2": "Globex Corp",
    }
    not_text = await timed.post("/accounts/imports", content=b"\xff\xfe", headers={**admin, **CSV})
    assert not_text.status_code == 422
    assert not_text.json()["errors"][0]["field"] == "file"


async def test_memberships_csv_is_all_or_nothing(timed: Client, auth_header: Headers) -> None:
    admin = auth_header(Role.ADMIN, subject="csm-2")
    await timed.post("/accounts/imports", content=ACCOUNTS_CSV, headers={**admin, **CSV})
    good = "learner_id,account_external_id,job_role\r\nl1,crm-1,analyst\r\nl2,crm-2,\r\n"
    loaded = await timed.post(
        "/accounts/membership-imports", content=good, headers={**admin, **CSV}
    )
    assert loaded.json() == {"created": 2, "updated": 0, "unchanged": 0}
    bad = (
        "learner_id,account_external_id,job_role\r\n"
        "l1,crm-2,admin\r\n"
        "l3,crm-404,\r\n"
        "l3,crm-1,\r\n"
        ",crm-1,\r\n"
    )
    rejected = await timed.post(
        "/accounts/membership-imports", content=bad, headers={**admin, **CSV}
    )
    assert rejected.status_code == 422
    assert [(e.get("line"), e.get("field"), e["message"]) for e in rejected.json()["errors"]] == [
        (3, "account_external_id", "no account has the external id 'crm-404'"),
        (4, "learner_id", "repeats the learner of line 3"),
        (5, "learner_id", "must not be empty"),
    ]
    l1 = (await timed.get("/account-memberships/l1", headers=admin)).json()
    assert (l1["current"]["accountExternalId"], l1["current"]["jobRole"]) == ("crm-1", "analyst")
    assert (await timed.get("/account-memberships/l3", headers=admin)).status_code == 404
    moved = await timed.post(
        "/accounts/membership-imports",
        content="learner_id,account_external_id\r\nl1,crm-2\r\nl2,crm-2\r\n",
        headers={**admin, **CSV},
    )
    assert moved.json() == {"created": 0, "updated": 1, "unchanged": 1}
    l1 = (await timed.get("/account-memberships/l1", headers=admin)).json()
    assert [m["movedBy"] for m in l1["moves"]] == ["csm-2", "csm-2"]
    assert l1["current"]["jobRole"] is None


async def test_role_expectations_default_and_per_account(
    timed: Client, auth_header: Headers
) -> None:
    admin = auth_header(Role.ADMIN)
    acme = await _account(timed, admin, name="Acme", externalId="crm-acme")
    chosen = {"expectations": [{"jobRole": "analyst", "tier": "practitioner"}]}
    put = await timed.put("/accounts/role-expectations", json=chosen, headers=admin)
    assert put.json() == chosen
    own = {"expectations": [{"jobRole": "admin", "tier": "expert"}]}
    await timed.put(f"/accounts/{acme['id']}/role-expectations", json=own, headers=admin)
    assert (await timed.get("/accounts/role-expectations", headers=admin)).json() == chosen
    assert (
        await timed.get(f"/accounts/{acme['id']}/role-expectations", headers=admin)
    ).json() == own
    twice = {
        "expectations": [{"jobRole": "a", "tier": "expert"}, {"jobRole": "a", "tier": "foundation"}]
    }
    refused = await timed.put("/accounts/role-expectations", json=twice, headers=admin)
    assert refused.status_code == 422
    assert refused.json()["errors"] == [
        {"message": "names a role twice", "field": "expectations[1].jobRole"}
    ]
    unknown_tier = {"expectations": [{"jobRole": "a", "tier": "wizard"}]}
    assert (
        await timed.put("/accounts/role-expectations", json=unknown_tier, headers=admin)
    ).status_code == 422


async def test_a_tokens_account_places_the_learner_on_first_use_only(
    timed: Client, auth_header: Headers
) -> None:
    admin = auth_header(Role.ADMIN)
    await _account(timed, admin, name="Acme", externalId="crm-acme")
    globex = await _account(timed, admin, name="Globex", externalId="crm-globex")
    setup = await build_exam(timed, auth_header)
    sso = auth_header(Role.LEARNER, subject="sso-1", account="crm-acme")
    assert (await timed.get("/me", headers=sso)).json()["account"] == "crm-acme"
    started = await timed.post(f"/exams/{setup.exam_id}/attempts", headers=sso)
    assert started.status_code == 201, started.text
    placed = (await timed.get("/account-memberships/sso-1", headers=admin)).json()
    assert placed["current"]["accountExternalId"] == "crm-acme"
    assert [m["movedBy"] for m in placed["moves"]] == ["first-use"]
    await timed.put("/account-memberships/sso-1", json={"accountId": globex["id"]}, headers=admin)
    # A refused start (one attempt is in progress) still comes with the token: no move back.
    refused = await timed.post(f"/exams/{setup.exam_id}/attempts", headers=sso)
    assert refused.status_code == 409
    after = (await timed.get("/account-memberships/sso-1", headers=admin)).json()
    assert after["current"]["accountExternalId"] == "crm-globex"
    unknown = auth_header(Role.LEARNER, subject="sso-2", account="crm-nobody")
    assert (
        await timed.post(f"/exams/{setup.exam_id}/attempts", headers=unknown)
    ).status_code == 201
    assert (await timed.get("/account-memberships/sso-2", headers=admin)).status_code == 404
    refused_first = auth_header(Role.LEARNER, subject="sso-3", account="crm-acme")
    gone = await timed.post(
        "/exams/00000000-0000-0000-0000-000000000000/attempts", headers=refused_first
    )
    assert gone.status_code == 404
    kept = (await timed.get("/account-memberships/sso-3", headers=admin)).json()
    assert kept["current"]["accountExternalId"] == "crm-acme"
