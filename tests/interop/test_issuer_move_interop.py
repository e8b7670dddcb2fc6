"""After ``accredo issuer move``, verifiers nobody here wrote still accept what was issued before.

One real server per database: it issues a credential under the old base URL
(``https://old-issuer.test``), is stopped, the operator runs ``accredo issuer move --to`` the
new base, and the server restarts under the new base. Digital Bazaar's verifier, the DCC's
verifier-core and jose then verify the old credential, fetching the old URLs it names (issuer,
key, status list) from the running server with the old ``Host``, as the old DNS name pointed at
this server would (tests/interop/verifiers.mjs ``aliases``). The old credential is revoked and
the verifiers see it; a credential issued after the move names the new base and verifies there.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import anyio
import httpx
import pytest

from service.credentials.cli import verify_target
from tests.interop.test_independent_verifiers import (
    SECRET,
    _admin,
    _auth_header,
    _cli,
    _fetch,
    _pass_exam,
)
from tests.support.databases import PostgresDatabases, SqliteDatabases
from tests.support.exam_setup import build_exam
from tests.support.host_routing import host_routing_client
from tests.support.independent_verifiers import install_verifiers, run_verifiers
from tests.support.server import free_port, start_server

OLD = "https://old-issuer.test"
THIRD_PARTY = ("digitalbazaar", "dcc", "jose")


@dataclass
class Moved:
    new: str
    old_document: dict[str, Any]
    new_document: dict[str, Any]
    move_output: str
    again_output: str
    origins_output: str
    before: dict[str, Any]
    """Verifier reports: the old credential (before revoking it) and the new one."""
    revoked: dict[str, Any]
    ours: dict[str, Any]


def _env(database_url: str, base: str, workdir: Path) -> dict[str, str]:
    return {
        "ACCREDO_DATABASE_URL": database_url,
        "ACCREDO_PUBLIC_BASE_URL": base,
        "ACCREDO_SECRET_KEY": SECRET,
        "ACCREDO_DATA_DIR": str(workdir),
    }


async def _issue_one(base: str, learner: str, exam_id: str | None = None) -> tuple[str, str]:
    async with httpx.AsyncClient(base_url=base, timeout=30) as client:
        if exam_id is None:
            exam_id = (await build_exam(client, _auth_header)).exam_id
        return exam_id, await _pass_exam(client, exam_id, learner)


def _cases(**documents: tuple[dict[str, Any], str]) -> list[dict[str, Any]]:
    return [{"name": n, "ldp": ldp, "jwt": jwt} for n, (ldp, jwt) in documents.items()]


def _our_cli(new: str, url: str) -> dict[str, Any]:
    with host_routing_client(new, (OLD,)) as client:
        return verify_target(url, datetime.now(UTC), client)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
async def moved(
    request: pytest.FixtureRequest,
    sqlite_databases: SqliteDatabases,
    postgres_databases: PostgresDatabases,
    tmp_path_factory: pytest.TempPathFactory,
) -> AsyncIterator[Moved]:
    node = install_verifiers()
    kind = str(request.param)
    databases = sqlite_databases if kind == "sqlite" else postgres_databases
    database_url = await databases.fresh()
    workdir = tmp_path_factory.mktemp(f"issuer-move-{kind}")
    port = free_port()
    new = f"http://127.0.0.1:{port}"

    old_env = _env(database_url, OLD, workdir)
    server = start_server(old_env, workdir, port=port)
    try:
        exam_id, old_id = await _issue_one(new, "before-move")
    finally:
        server.stop()
    code, move_output = await _cli(old_env, "issuer", "move", "--to", new)
    assert code == 0, move_output
    again_code, again_output = await _cli(old_env, "issuer", "move", "--to", new)
    assert again_code == 0, again_output

    new_env = _env(database_url, new, workdir)
    server = start_server(new_env, workdir, port=port)
    try:
        _, new_id = await _issue_one(new, "after-move", exam_id)
        async with httpx.AsyncClient(base_url=new, timeout=30) as client:
            old, fresh = await _fetch(client, old_id), await _fetch(client, new_id)
            cases = _cases(old=(old.document, old.jwt), new=(fresh.document, fresh.jwt))
            before = await anyio.to_thread.run_sync(
                lambda: run_verifiers(node, new, cases, aliases=(OLD,))
            )
            old_url = f"{OLD}/credentials/{old_id}"
            ours: dict[str, Any] = {
                "api": (await client.post("/verify", content=json.dumps(old.document))).json(),
                "cli": await anyio.to_thread.run_sync(lambda: _our_cli(new, old_url)),
                "page": (await client.get(f"/credentials/{old_id}")).text,
            }
            _, origins_output = await _cli(new_env, "issuer", "origins")
            await _admin(client, old_id, "revoke")
            revoked_case = _cases(old=(old.document, old.jwt))
            revoked = await anyio.to_thread.run_sync(
                lambda: run_verifiers(node, new, revoked_case, aliases=(OLD,))
            )
            ours["api-revoked"] = (
                await client.post("/verify", content=json.dumps(old.document))
            ).json()
            ours["cli-revoked"] = await anyio.to_thread.run_sync(lambda: _our_cli(new, old_url))
        yield Moved(
            new,
            old.document,
            fresh.document,
            move_output,
            again_output,
            origins_output,
            before,
            revoked,
            ours,
        )
    finally:
        server.stop()


def _verdicts(report: dict[str, Any]) -> dict[str, bool]:
    return {verifier: outcome["verified"] for verifier, outcome in report.items()}


def test_the_move_is_recorded_once_and_says_what_to_do(moved: Moved) -> None:
    assert f"recorded {OLD} as a previous origin" in moved.move_output
    assert f"ACCREDO_PUBLIC_BASE_URL={moved.new}" in moved.move_output
    assert "keep the DNS name old-issuer.test pointing at this server" in moved.move_output
    assert "nothing changed" in moved.again_output
    assert f"current: {moved.new}" in moved.origins_output
    assert OLD in moved.origins_output


def test_the_old_credential_names_the_old_base_and_the_new_one_the_new(moved: Moved) -> None:
    assert moved.old_document["issuer"]["id"] == f"{OLD}/issuer"
    assert moved.new_document["issuer"]["id"] == f"{moved.new}/issuer"


def test_every_independent_verifier_accepts_the_old_credential_from_the_old_host(
    moved: Moved,
) -> None:
    report = moved.before["old"]
    assert _verdicts(report) == dict.fromkeys(THIRD_PARTY, True), report
    document = moved.old_document
    method = document["proof"][0]["verificationMethod"]
    status_list = document["credentialStatus"]["statusListCredential"]
    for verifier in ("digitalbazaar", "dcc"):
        fetched = set(report[verifier]["fetched"])
        assert {method, f"{OLD}/issuer", status_list} <= fetched, (verifier, fetched)
    assert all(url.startswith(OLD + "/") for r in report.values() for url in r["fetched"])


def test_a_credential_issued_after_the_move_verifies_under_the_new_base(moved: Moved) -> None:
    report = moved.before["new"]
    assert _verdicts(report) == dict.fromkeys(THIRD_PARTY, True), report
    assert all(url.startswith(moved.new + "/") for r in report.values() for url in r["fetched"])


def test_revoking_the_old_credential_shows_in_the_old_origin_s_list(moved: Moved) -> None:
    report = moved.revoked["old"]
    assert _verdicts(report) == dict.fromkeys(THIRD_PARTY, False), report
    statuses = {verifier: outcome.get("statuses") for verifier, outcome in report.items()}
    assert statuses == {key: {"revocation": True} for key in THIRD_PARTY}, report


def test_our_own_verifiers_call_the_old_credential_valid_then_revoked(moved: Moved) -> None:
    ours = moved.ours
    assert ours["api"]["ok"] is True and ours["api"]["status"] == "active", ours["api"]
    assert ours["cli"]["ok"] is True, ours["cli"]
    assert 'class="status status-valid">Valid<' in ours["page"]
    assert ours["api-revoked"]["status"] == "revoked"
    assert ours["cli-revoked"]["ok"] is False
    failing = [step["detail"] for step in ours["cli-revoked"]["steps"] if not step["ok"]]
    assert any("revoked" in detail for detail in failing), failing
