"""Coverage and program measures match numbers counted by hand from a small written scenario.

The scenario (tests/support/account_scenario.py) is written before the app starts, at chosen
times; the app then only reads, with its clock set where each check needs it. Every expected
number below is counted from the scenario's table, not from the code.
"""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
from collections.abc import AsyncIterator, Callable
from datetime import timedelta

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from service.accounts.page_counts import STATE_KEY, flush
from service.app import create_app
from service.auth.roles import Role
from service.clock import SettableClock
from service.db.models import CredentialRow
from service.db.session import transaction
from service.settings import Settings
from tests.support.account_scenario import DAY, T0, Scenario, build_scenario
from tests.support.credential_fixtures import engine_for

Headers = Callable[..., dict[str, str]]
Client = AsyncTestClient[Litestar]
NOW = T0 + 100 * DAY
RANGE = {"since": T0.date().isoformat(), "until": (T0 + 120 * DAY).date().isoformat()}


def _pdf_text(pdftotext: str, document: bytes) -> str:
    result = subprocess.run([pdftotext, "-", "-"], input=document, capture_output=True, check=True)
    return result.stdout.decode()


@pytest.fixture
async def engine(settings: Settings) -> AsyncIterator[AsyncEngine]:
    engine = engine_for(settings)
    yield engine
    await engine.dispose()


@pytest.fixture
async def scenario(engine: AsyncEngine, settings: Settings) -> Scenario:
    return await build_scenario(engine, settings)


@pytest.fixture
def clock() -> SettableClock:
    return SettableClock(NOW)


@pytest.fixture
async def app_client(
    scenario: Scenario, settings: Settings, clock: SettableClock
) -> AsyncIterator[Client]:
    async with AsyncTestClient(app=create_app(settings, clock=clock)) as client:
        yield client


async def test_one_accounts_coverage_is_counted_by_hand(
    app_client: Client, scenario: Scenario, auth_header: Headers, clock: SettableClock
) -> None:
    admin = auth_header(Role.ADMIN)
    acme = await app_client.get(
        f"/accounts/{scenario.acme}/coverage?expiringWithinDays=30", headers=admin
    )
    assert acme.status_code == 200, acme.text
    body = acme.json()
    assert (body["learners"], body["certifiedLearners"], body["coverage"]) == (4, 2, 0.5)
    assert body["attemptsInProgress"] == 1
    assert (body["firstAttempts"], body["firstAttemptPassRate"]) == (5, 0.6)
    by_name = {c["certification"]: c for c in body["certifications"]}
    assert {
        k: by_name["Foundation F"][k] for k in ("current", "expiring", "expired", "revoked")
    } == {
        "current": 1,
        "expiring": 0,
        "expired": 0,
        "revoked": 1,
    }
    assert {
        k: by_name["Practitioner P"][k] for k in ("current", "expiring", "expired", "revoked")
    } == {
        "current": 2,
        "expiring": 1,
        "expired": 0,
        "revoked": 0,
    }
    assert {t["tier"]: t["current"] for t in body["tiers"]} == {
        "foundation": 1,
        "practitioner": 2,
        "expert": 0,
    }
    assert [
        (g["jobRole"], g["expectedTier"], g["learners"], g["learnerIds"]) for g in body["gaps"]
    ] == [
        ("admin", "foundation", 1, ["a3"]),
        ("analyst", "practitioner", 2, []),
    ]

    globex = (
        await app_client.get(
            f"/accounts/{scenario.globex}/coverage?expiringWithinDays=30", headers=admin
        )
    ).json()
    assert (globex["learners"], globex["coverage"]) == (1, 1.0)
    practitioner = next(c for c in globex["certifications"] if c["tier"] == "practitioner")
    assert (practitioner["current"], practitioner["expiring"]) == (1, 1)

    clock.set(T0 + 106 * DAY)  # b1's credential ended at T0+105d+2h
    globex = (await app_client.get(f"/accounts/{scenario.globex}/coverage", headers=admin)).json()
    practitioner = next(c for c in globex["certifications"] if c["tier"] == "practitioner")
    assert (practitioner["current"], practitioner["expired"], globex["coverage"]) == (0, 1, 0.0)
    assert [(g["jobRole"], g["learnerIds"]) for g in globex["gaps"]] == [("analyst", ["b1"])]


async def test_every_account_sorted_by_coverage_as_json_and_csv(
    app_client: Client, scenario: Scenario, auth_header: Headers
) -> None:
    admin = auth_header(Role.ADMIN)
    ascending = (await app_client.get("/accounts/coverage?sort=coverage", headers=admin)).json()
    assert [(a["externalId"], a["coverage"], a["missing"]) for a in ascending["items"]] == [
        ("crm-acme", 0.5, 1),
        ("crm-globex", 1.0, 0),
    ]
    assert ascending["total"] == 2
    descending = await app_client.get(
        "/accounts/coverage.csv?sort=coverage&order=desc", headers=admin
    )
    rows = list(csv.DictReader(io.StringIO(descending.text)))
    assert [(r["external_id"], r["learners"], r["certified_learners"]) for r in rows] == [
        ("crm-globex", "1", "1"),
        ("crm-acme", "4", "2"),
    ]
    one = await app_client.get(f"/accounts/{scenario.acme}/coverage.csv", headers=admin)
    lines = list(csv.DictReader(io.StringIO(one.text)))
    gap = next(r for r in lines if r["kind"] == "gap" and r["job_role"] == "admin")
    assert (gap["missing"], gap["missing_learner_ids"]) == ("1", "a3")
    foundation = next(r for r in lines if r["certification"] == "Foundation F")
    assert (foundation["current"], foundation["revoked"]) == ("1", "1")


async def test_program_measures_are_counted_by_hand(
    app_client: Client, scenario: Scenario, auth_header: Headers
) -> None:
    admin = auth_header(Role.ADMIN)
    response = await app_client.get("/measures", params=RANGE, headers=admin)
    assert response.status_code == 200, response.text
    by_name = {m["certification"]: m for m in response.json()["certifications"]}
    foundation, practitioner = by_name["Foundation F"], by_name["Practitioner P"]

    assert (foundation["attempts"], foundation["submitted"], foundation["completionRate"]) == (
        5,
        3,
        0.6,
    )
    assert (foundation["firstAttempts"], foundation["firstAttemptPassRate"]) == (4, 0.5)
    assert foundation["passBand"] == {
        "low": 0.7,
        "high": 0.8,
        "tooEasyAbove": 0.85,
        "verdict": "below",
    }
    assert [
        (r["attemptNumber"], r["attempts"], r["passed"]) for r in foundation["passRateByAttempt"]
    ] == [(1, 4, 2)]
    assert foundation["certified"] == 2
    assert foundation["medianDaysToCertify"] == pytest.approx((1 / 24 + 3 / 24) / 2)
    assert (foundation["renewalsDue"], foundation["renewalRate"]) == (0, None)
    holders = foundation["activeHolders"]
    assert (holders[0]["holders"], holders[-1]["holders"]) == (0, 1)

    assert (practitioner["attempts"], practitioner["completionRate"]) == (5, 1.0)
    assert practitioner["firstAttemptPassRate"] == pytest.approx(2 / 3)
    assert practitioner["passBand"]["verdict"] == "within"
    assert [
        (r["attemptNumber"], r["attempts"], r["passed"]) for r in practitioner["passRateByAttempt"]
    ] == [
        (1, 3, 2),
        (2, 2, 2),
    ]
    assert practitioner["certified"] == 3
    assert practitioner["medianDaysToCertify"] == pytest.approx(2 / 24)
    assert (practitioner["renewalsDue"], practitioner["renewedBeforeExpiry"]) == (3, 1)
    assert practitioner["renewalRate"] == pytest.approx(1 / 3)
    points = practitioner["activeHolders"]
    assert points[1]["at"].startswith((T0.date() + timedelta(days=11)).isoformat())
    assert (points[1]["holders"], points[-1]["holders"]) == (3, 1)

    acme_only = await app_client.get(
        "/measures",
        params={**RANGE, "accountId": str(scenario.acme), "tier": "practitioner"},
        headers=admin,
    )
    [acme_practitioner] = acme_only.json()["certifications"]
    assert (acme_practitioner["attempts"], acme_practitioner["firstAttemptPassRate"]) == (4, 0.5)
    assert acme_practitioner["passBand"]["verdict"] == "below"
    assert (acme_practitioner["renewalsDue"], acme_practitioner["renewalRate"]) == (2, 0.5)


async def test_measures_csv_and_pdf_report(
    app_client: Client, scenario: Scenario, auth_header: Headers
) -> None:
    admin = auth_header(Role.ADMIN)
    as_csv = await app_client.get("/measures/report.csv", params=RANGE, headers=admin)
    rows = {r["certification"]: r for r in csv.DictReader(io.StringIO(as_csv.text))}
    assert rows["Practitioner P"]["pass_rate_attempt_2"] == "1"
    assert rows["Foundation F"]["completion_rate"] == "0.6"
    assert rows["Foundation F"]["pass_band_verdict"] == "below"
    pdf = await app_client.get("/measures/report.pdf", params=RANGE, headers=admin)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    pdftotext = shutil.which("pdftotext")
    assert pdftotext is not None, "poppler-utils (pdftotext) is required"
    text = _pdf_text(pdftotext, pdf.content)
    for expected in (
        "Program report",
        "Foundation F",
        "Practitioner P",
        "50.0% of 4 (below)",
        "Pass rate by attempt number",
        "Active certified holders",
        "1 of 3",
    ):
        assert expected in text, expected


async def test_page_views_and_linkedin_pings_are_counted_without_the_visitor(
    app_client: Client, scenario: Scenario, auth_header: Headers, engine: AsyncEngine
) -> None:
    page = f"/credentials/{scenario.a1_foundation_public_id}"
    for _ in range(2):
        assert (await app_client.get(page, headers={"Accept": "text/html"})).status_code == 200
    html = (await app_client.get(page, headers={"Accept": "text/html"})).text
    assert f'ping="https://accredo.test{page}/linkedin-clicks/add"' in html
    assert (
        await app_client.get(page, headers={"Accept": "application/ld+json"})
    ).status_code == 200
    ping = await app_client.post(
        f"{page}/linkedin-clicks/add", content=b"PING", headers={"Content-Type": "text/ping"}
    )
    assert ping.status_code == 204, ping.text
    missing = await app_client.post("/credentials/nope/linkedin-clicks/add", content=b"PING")
    assert missing.status_code == 404
    # The app's engine lives on the client's event loop; flush the app's counter with ours.
    counter = app_client.app.state[STATE_KEY]
    assert await flush(engine, counter) == 4
    assert await flush(engine, counter) == 0
    # A later round adds to the day's stored rows (the upsert's conflict path).
    assert (await app_client.get(page, headers={"Accept": "text/html"})).status_code == 200
    assert await flush(engine, counter) == 1
    measures = (
        await app_client.get("/measures", params=RANGE, headers=auth_header(Role.ADMIN))
    ).json()
    foundation = next(m for m in measures["certifications"] if m["tier"] == "foundation")
    assert (foundation["pageViews"], foundation["linkedinClicks"]) == (4, 1)


async def test_credentials_keep_the_account_they_were_earned_under(
    app_client: Client, scenario: Scenario, auth_header: Headers, engine: AsyncEngine
) -> None:
    moved = await app_client.put(
        "/account-memberships/a1",
        json={"accountId": str(scenario.globex), "jobRole": "analyst"},
        headers=auth_header(Role.ADMIN),
    )
    assert moved.status_code == 200, moved.text
    async with transaction(engine) as session:
        earned = (
            await session.scalars(
                select(CredentialRow.account_id).where(CredentialRow.learner_id.in_(["a1", "z"]))
            )
        ).all()
        unaccounted = await session.scalar(
            select(CredentialRow.account_id).where(CredentialRow.learner_id == "b1")
        )
    assert set(earned) == {scenario.acme}
    assert unaccounted == scenario.globex
    globex = (
        await app_client.get(
            f"/accounts/{scenario.globex}/coverage", headers=auth_header(Role.ADMIN)
        )
    ).json()
    assert globex["learners"] == 2


async def test_learners_see_no_accounts_coverage_or_measures(
    app_client: Client, scenario: Scenario, auth_header: Headers
) -> None:
    learner = auth_header(Role.LEARNER, subject="a1")
    author = auth_header(Role.AUTHOR)
    for path in (
        "/accounts",
        f"/accounts/{scenario.acme}",
        f"/accounts/{scenario.acme}/members",
        f"/accounts/{scenario.acme}/coverage",
        f"/accounts/{scenario.acme}/coverage.csv",
        "/accounts/coverage",
        "/account-memberships/a2",
        "/measures",
        "/measures/report.pdf",
    ):
        for caller in (learner, author):
            assert (await app_client.get(path, headers=caller)).status_code == 403, path
        assert (await app_client.get(path)).status_code == 401, path


async def test_a_bad_range_is_a_problem_naming_it(
    app_client: Client, scenario: Scenario, auth_header: Headers
) -> None:
    admin = auth_header(Role.ADMIN)
    backwards = await app_client.get(
        "/measures", params={"since": "2026-03-01", "until": "2026-02-01"}, headers=admin
    )
    assert backwards.status_code == 422
    assert backwards.json()["errors"] == [
        {"message": "must not be after `until`", "field": "since"}
    ]
    for edge in ({"until": "0001-01-01"}, {"since": "9999-12-31", "until": "9999-12-31"}):
        out_of_range = await app_client.get("/measures", params=edge, headers=admin)
        assert out_of_range.status_code == 422, edge
        assert (
            out_of_range.json()["errors"][0]["message"]
            == "must be between 1970-01-01 and 9000-12-31"
        )
    unknown = await app_client.get(
        "/measures",
        params={"certificationId": "00000000-0000-0000-0000-000000000000"},
        headers=admin,
    )
    assert unknown.status_code == 404
