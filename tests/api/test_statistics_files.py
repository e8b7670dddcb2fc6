"""Analysing uploaded response files (admins): the report equals the pure analysis of the same
files, DIF finds the planted item, every problem of the files is named at once, CSV and PDF."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
from collections.abc import Callable

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from itembank.statistics import StatisticsSettings, analyse_exam, read_response_files
from service.auth.roles import Role
from tests.support.response_files import DIF_ITEM, simulate_files

Client = AsyncTestClient[Litestar]
Headers = Callable[..., dict[str, str]]
URL = "/statistics/analyses"


def _files(
    responses: str, key: str, groups: str | None = None
) -> dict[str, tuple[str, bytes, str]]:
    files = {
        "responses": ("responses.csv", responses.encode(), "text/csv"),
        "key": ("key.csv", key.encode(), "text/csv"),
    }
    if groups is not None:
        files["groups"] = ("groups.csv", groups.encode(), "text/csv")
    return files


def _pdf_text(pdftotext: str, document: bytes) -> str:
    result = subprocess.run([pdftotext, "-", "-"], input=document, capture_output=True, check=True)
    return result.stdout.decode()


async def test_long_file_report_matches_the_pure_analysis_and_finds_dif(
    client: Client, auth_header: Headers
) -> None:
    made = simulate_files(600, 12, seed=2)
    response = await client.post(
        URL,
        files=_files(made.responses, made.key, made.groups),
        data={"cutScore": "0.6"},
        headers=auth_header(Role.ADMIN),
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["layout"] == "long"
    assert body["examinees"] == 600
    assert body["cutScore"] == 0.6 and body["decisions"]["cutScore"] == 0.6
    assert body["unseenItems"] == ["I99"]
    pure = read_response_files(made.responses, made.key, made.groups)
    analysis = analyse_exam(pure.responses, StatisticsSettings())
    items = {item["itemId"]: item for item in body["items"]}
    assert set(items) == {f"I{j}" for j in range(12)}
    for item in analysis.items:
        assert items[item.item_id]["p"] == pytest.approx(item.p)
    # unseen (I11 for odd examinees) is not unanswered (blank): n counts the shown only
    assert items["I11"]["n"] == int(made.shown[:, 11].sum()) == 300
    assert items["I11"]["nAnswered"] == int(made.answered[:, 11].sum())
    assert body["summary"]["alpha"] == pytest.approx(analysis.exam.alpha)
    decisions = body["decisions"]
    interval = decisions["alphaInterval"]
    assert interval["lower"] < body["summary"]["alpha"] < interval["upper"]
    assert [d["domain"] for d in decisions["domains"]] == ["D0", "D1"]
    comparison = decisions["twoPl"]["comparison"]
    assert comparison["degreesOfFreedom"] == 11
    assert comparison["twoPl"]["parameters"] == 24
    assert decisions["precision"]["thetaCut"] == pytest.approx(decisions["thetaCut"])
    assert decisions["precision"]["csemTheta"] > 0
    assert decisions["decisions"]["method"].startswith("Rudner")
    assert 0.5 < decisions["decisions"]["accuracy"] <= 1.0
    (dif,) = decisions["dif"]
    assert {dif["reference"], dif["focal"]} == {"R", "F"}
    categories = {item["itemId"]: item["category"] for item in dif["items"]}
    assert categories[f"I{DIF_ITEM}"] == "C"
    assert sum(category == "A" for category in categories.values()) >= 9


async def test_wide_file_keeps_unseen_and_unanswered_apart(
    client: Client, auth_header: Headers
) -> None:
    made = simulate_files(300, 8, seed=5, layout="wide")
    response = await client.post(
        URL, files=_files(made.responses, made.key), headers=auth_header(Role.ADMIN)
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["layout"] == "wide"
    last = next(item for item in body["items"] if item["itemId"] == "I7")
    assert (last["n"], last["nAnswered"]) == (150, int(made.answered[:, 7].sum()))
    assert body["decisions"]["dif"] == []
    assert body["decisions"]["difNote"] == "no groups were given"
    assert body["decisions"]["precision"] is None  # no cut given


async def test_small_groups_read_insufficient_data(client: Client, auth_header: Headers) -> None:
    made = simulate_files(150, 8, seed=7)
    response = await client.post(
        URL, files=_files(made.responses, made.key, made.groups), headers=auth_header(Role.ADMIN)
    )
    assert response.status_code == 200, response.text
    (dif,) = response.json()["decisions"]["dif"]
    assert {item["status"] for item in dif["items"]} == {"insufficient data"}
    assert all(item["category"] is None for item in dif["items"])


async def test_every_problem_of_every_file_at_once(client: Client, auth_header: Headers) -> None:
    responses = "examinee_id,item_id,chosen_option\nE1,I1,A\nE1,I9,B\n,I1,C\nE2,I2,Z\nE1,I1,B\n"
    key = "item_id,key,n_options\nI1,A,4\nI2,B,4\nI3,,4\n"
    groups = "examinee_id,group\nE1,x\nE7,y\n"
    response = await client.post(
        URL, files=_files(responses, key, groups), headers=auth_header(Role.ADMIN)
    )
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    found = {(p.get("file"), p.get("line"), p.get("field")) for p in response.json()["errors"]}
    assert {
        ("key", 4, "key"),
        ("responses", 3, "item_id"),
        ("responses", 4, "examinee_id"),
        ("responses", 5, "chosen_option"),
        ("responses", 6, "item_id"),
        ("groups", 3, "examinee_id"),
    } <= found


async def test_missing_files_and_bad_cut_are_named(client: Client, auth_header: Headers) -> None:
    admin = auth_header(Role.ADMIN)
    missing = await client.post(
        URL, files={"key": ("k.csv", b"item_id,key\nI1,A\n", "text/csv")}, headers=admin
    )
    assert missing.status_code == 422
    assert [p["field"] for p in missing.json()["errors"]] == ["responses"]
    made = simulate_files(100, 5, seed=3)
    cut = await client.post(
        URL, files=_files(made.responses, made.key), data={"cutScore": "60"}, headers=admin
    )
    assert cut.status_code == 422
    assert cut.json()["errors"][0]["field"] == "cutScore"
    not_utf8 = await client.post(
        URL,
        files={
            "responses": ("r.csv", b"\xff\xfe\x00bad", "text/csv"),
            "key": ("k.csv", made.key.encode(), "text/csv"),
        },
        headers=admin,
    )
    assert not_utf8.status_code == 422
    assert not_utf8.json()["errors"][0]["file"] == "responses"


async def test_csv_and_pdf_of_a_file(client: Client, auth_header: Headers) -> None:
    made = simulate_files(400, 10, seed=4)
    admin = auth_header(Role.ADMIN)
    exported = await client.post(
        f"{URL}/csv", files=_files(made.responses, made.key, made.groups), headers=admin
    )
    assert exported.status_code == 200, exported.text
    assert exported.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(exported.text)))
    assert [row["item_id"] for row in rows] == [f"I{j}" for j in range(10)]
    dif_column = next(name for name in rows[0] if name.startswith("dif_"))
    assert rows[DIF_ITEM][dif_column] == "C"
    assert float(rows[0]["two_pl_slope"]) > 0
    pdf = await client.post(
        f"{URL}/pdf",
        files=_files(made.responses, made.key, made.groups),
        data={"cutScore": "0.55"},
        headers=admin,
    )
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF")
    pdftotext = shutil.which("pdftotext")
    assert pdftotext is not None, "poppler-utils (pdftotext) is required"
    text = _pdf_text(pdftotext, pdf.content)
    for expected in ("2PL beside Rasch", "Decision accuracy", "Feldt", "reference", "I99"):
        assert expected in text


async def test_only_admins_analyse_files(client: Client, auth_header: Headers) -> None:
    made = simulate_files(50, 4, seed=1)
    for role in (Role.AUTHOR, Role.LEARNER):
        refused = await client.post(
            URL, files=_files(made.responses, made.key), headers=auth_header(role)
        )
        assert refused.status_code == 403
    assert (await client.post(URL, files=_files(made.responses, made.key))).status_code == 401
