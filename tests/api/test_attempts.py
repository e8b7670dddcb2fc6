"""A learner's sitting end to end: delivery without keys, answers, timing, scoring, review."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from service.attempts.sweeper import sweep_once
from service.auth.roles import Role
from service.db.models import AttemptRow, CredentialOutboxRow
from tests.support.exam_setup import answer_all, build_exam, start_attempt

Client = AsyncTestClient[Litestar]
Headers = Callable[..., dict[str, str]]


async def shift_attempt(engine: AsyncEngine, attempt_id: str, **values: Any) -> None:
    async with engine.begin() as connection:
        await connection.execute(
            update(AttemptRow).where(AttemptRow.id == UUID(attempt_id)).values(**values)
        )


async def test_start_delivers_items_without_keys(client: Client, auth_header: Headers) -> None:
    setup = await build_exam(client, auth_header)
    learner = auth_header(Role.LEARNER, subject="l-1", name="Lee", email="lee@example.org")
    attempt = await start_attempt(client, setup.exam_id, learner)
    assert attempt["status"] == "in_progress" and attempt["number"] == 1
    assert len(attempt["items"]) == 6
    started = datetime.fromisoformat(attempt["startedAt"])
    assert datetime.fromisoformat(attempt["deadline"]) - started == timedelta(minutes=30)
    text = str(attempt)
    assert "keys" not in text and "rationale" not in text and "why" not in text
    assert all(
        set(item) == {"position", "itemSet", "stem", "format", "options", "chosen"}
        for item in attempt["items"]
    )
    again = await client.get(f"/attempts/{attempt['id']}", headers=learner)
    assert again.json()["items"] == attempt["items"]


async def test_answers_are_idempotent_validated_and_private(
    client: Client, auth_header: Headers
) -> None:
    setup = await build_exam(client, auth_header)
    learner = auth_header(Role.LEARNER, subject="l-1")
    attempt = await start_attempt(client, setup.exam_id, learner)
    url = f"/attempts/{attempt['id']}/answers/1"
    first = await client.put(url, json={"chosen": ["A"]}, headers=learner)
    same = await client.put(url, json={"chosen": ["A"]}, headers=learner)
    assert first.status_code == same.status_code == 200
    changed = await client.put(url, json={"chosen": ["B"], "secondsSpent": 12.5}, headers=learner)
    assert changed.json()["chosen"] == ["B"]
    bad = await client.put(url, json={"chosen": ["Z", "Z"]}, headers=learner)
    assert bad.status_code == 422 and len(bad.json()["errors"]) >= 2
    out_of_range = await client.put(
        f"/attempts/{attempt['id']}/answers/99", json={"chosen": []}, headers=learner
    )
    assert out_of_range.status_code == 404
    intruder = auth_header(Role.LEARNER, subject="l-2")
    assert (await client.get(f"/attempts/{attempt['id']}", headers=intruder)).status_code == 404
    assert (await client.put(url, json={"chosen": ["A"]}, headers=intruder)).status_code == 404
    submit_url = f"/attempts/{attempt['id']}/submit"
    assert (await client.post(submit_url, headers=intruder)).status_code == 404
    view = (await client.get(f"/attempts/{attempt['id']}", headers=learner)).json()
    assert view["items"][0]["chosen"] == ["B"] and view["answered"] == 1


async def test_submit_scores_and_owes_one_credential_for_a_pass(
    db_engine: AsyncEngine, client: Client, auth_header: Headers
) -> None:
    setup = await build_exam(client, auth_header)
    learner = auth_header(Role.LEARNER, subject="l-1")
    attempt = await start_attempt(client, setup.exam_id, learner)
    await answer_all(client, attempt, learner, correct=True)
    submitted = await client.post(f"/attempts/{attempt['id']}/submit", headers=learner)
    assert submitted.status_code == 200, submitted.text
    body = submitted.json()
    assert body["status"] == "scored" and body["items"] is None
    result = body["result"]
    assert result["passed"] is True and result["percent"] == 100.0 and result["maxScore"] == 6
    assert {d["name"] for d in result["byDomain"]} == {"reporting.filters", "data.modeling"}
    assert result["studyPlan"]["domains"] == [] and result["studyPlan"]["passed"] is True
    assert all(item["correct"] and item["keys"] for item in result["items"])
    twice = await client.post(f"/attempts/{attempt['id']}/submit", headers=learner)
    assert twice.status_code == 200
    async with db_engine.connect() as connection:
        owed = (await connection.execute(select(CredentialOutboxRow.attempt_id))).all()
    assert [str(row[0]) for row in owed] == [attempt["id"]]
    late = await client.put(
        f"/attempts/{attempt['id']}/answers/1", json={"chosen": ["A"]}, headers=learner
    )
    assert late.status_code == 409


async def test_review_setting_limits_what_learners_see(
    client: Client, auth_header: Headers
) -> None:
    setup = await build_exam(client, auth_header, review="score")
    learner = auth_header(Role.LEARNER, subject="l-1")
    attempt = await start_attempt(client, setup.exam_id, learner)
    await answer_all(client, attempt, learner, correct=False)
    result = (await client.post(f"/attempts/{attempt['id']}/submit", headers=learner)).json()
    assert result["result"]["passed"] is False
    assert result["result"]["items"] is None and result["result"]["byDomain"] is None
    assert "keys" not in str(result)


async def test_deadline_grace_lazy_expiry_and_sweeper(
    db_engine: AsyncEngine, client: Client, auth_header: Headers
) -> None:
    setup = await build_exam(client, auth_header)
    learner = auth_header(Role.LEARNER, subject="l-1")
    attempt = await start_attempt(client, setup.exam_id, learner)
    await answer_all(client, attempt, learner, correct=True)
    now = datetime.now(UTC)
    await shift_attempt(db_engine, attempt["id"], deadline=now - timedelta(seconds=10))
    within_grace = await client.put(
        f"/attempts/{attempt['id']}/answers/1", json={"chosen": ["B"]}, headers=learner
    )
    assert within_grace.status_code == 200
    await shift_attempt(db_engine, attempt["id"], deadline=now - timedelta(seconds=31))
    refused = await client.put(
        f"/attempts/{attempt['id']}/answers/1", json={"chosen": ["A"]}, headers=learner
    )
    assert refused.status_code == 409
    assert refused.json()["attemptStatus"] == "expired"
    view = (await client.get(f"/attempts/{attempt['id']}", headers=learner)).json()
    assert view["status"] == "expired" and view["result"]["passed"] is True

    other = auth_header(Role.LEARNER, subject="l-2")
    abandoned = await start_attempt(client, setup.exam_id, other)
    await shift_attempt(db_engine, abandoned["id"], deadline=now - timedelta(minutes=5))
    assert await sweep_once(db_engine, timedelta(seconds=30)) == 1
    swept = (await client.get(f"/attempts/{abandoned['id']}", headers=other)).json()
    assert swept["status"] == "expired" and swept["result"]["passed"] is False


async def test_one_attempt_in_progress_and_retake_waits(
    db_engine: AsyncEngine, client: Client, auth_header: Headers
) -> None:
    setup = await build_exam(client, auth_header)
    learner = auth_header(Role.LEARNER, subject="l-1")
    first = await start_attempt(client, setup.exam_id, learner)
    busy = await client.post(f"/exams/{setup.exam_id}/attempts", headers=learner)
    assert busy.status_code == 409 and busy.json()["reason"] == "attempt_in_progress"
    await answer_all(client, first, learner, correct=False)
    await client.post(f"/attempts/{first['id']}/submit", headers=learner)
    waiting = await client.post(f"/exams/{setup.exam_id}/attempts", headers=learner)
    assert waiting.status_code == 409
    assert waiting.json()["reason"] == "failure_wait"
    earliest = datetime.fromisoformat(waiting.json()["earliestStart"])
    assert timedelta(hours=23) < earliest - datetime.now(UTC) <= timedelta(days=1)

    day_ago = datetime.now(UTC) - timedelta(days=1, minutes=1)
    await shift_attempt(db_engine, first["id"], started_at=day_ago, submitted_at=day_ago)
    second = await start_attempt(client, setup.exam_id, learner)
    assert second["number"] == 2
    await client.post(f"/attempts/{second['id']}/submit", headers=learner)
    second_wait = (await client.post(f"/exams/{setup.exam_id}/attempts", headers=learner)).json()
    assert second_wait["reason"] == "failure_wait"
    assert datetime.fromisoformat(second_wait["earliestStart"]) - datetime.now(UTC) > timedelta(
        days=13
    )


async def test_admin_override_accommodation_and_listings(
    client: Client, auth_header: Headers
) -> None:
    setup = await build_exam(client, auth_header)
    learner = auth_header(Role.LEARNER, subject="l-1")
    accommodation = await client.put(
        "/learners/l-1/accommodation",
        json={"timeMultiplier": 1.5, "note": "dyslexia"},
        headers=setup.admin,
    )
    assert accommodation.status_code == 200
    first = await start_attempt(client, setup.exam_id, learner)
    started = datetime.fromisoformat(first["startedAt"])
    assert datetime.fromisoformat(first["deadline"]) - started == timedelta(minutes=45)
    await client.post(f"/attempts/{first['id']}/submit", headers=learner)
    refused = await client.post(f"/exams/{setup.exam_id}/attempts", headers=learner)
    assert refused.status_code == 409
    grant = await client.post(
        f"/exams/{setup.exam_id}/retake-overrides",
        json={"learnerId": "l-1", "reason": "power cut during the exam"},
        headers=setup.admin,
    )
    assert grant.status_code == 201
    second = await start_attempt(client, setup.exam_id, learner)
    await client.post(f"/attempts/{second['id']}/submit", headers=learner)
    assert (
        await client.post(f"/exams/{setup.exam_id}/attempts", headers=learner)
    ).status_code == 409
    listing = (
        await client.get(f"/exams/{setup.exam_id}/attempts?learner=l-1", headers=setup.admin)
    ).json()
    assert listing["total"] == 2
    assert [a["viaOverride"] for a in listing["items"]] == [True, False]
    mine = (await client.get("/me/attempts", headers=learner)).json()
    assert mine["total"] == 2
    assert [a["id"] for a in mine["items"]] == [a["id"] for a in listing["items"]]
    second = (await client.get("/me/attempts?limit=1&offset=1", headers=learner)).json()
    assert (second["total"], second["limit"], second["offset"]) == (2, 1, 1)
    assert [a["id"] for a in second["items"]] == [listing["items"][1]["id"]]
    theirs = (await client.get("/learners/l-1/attempts?limit=1", headers=setup.admin)).json()
    assert [a["id"] for a in theirs["items"]] == [listing["items"][0]["id"]]
    assert theirs["total"] == 2
    assert (await client.get("/learners/l-1/attempts", headers=learner)).status_code == 403


async def test_pass_locks_until_renewal_and_beta_allows_one(
    client: Client, auth_header: Headers
) -> None:
    setup = await build_exam(client, auth_header, beta=True)
    learner = auth_header(Role.LEARNER, subject="l-1")
    attempt = await start_attempt(client, setup.exam_id, learner)
    await answer_all(client, attempt, learner, correct=True)
    await client.post(f"/attempts/{attempt['id']}/submit", headers=learner)
    refused = (await client.post(f"/exams/{setup.exam_id}/attempts", headers=learner)).json()
    assert set(refused["reason"].split()) <= {"passed_before_renewal", "beta_single_attempt"}
    assert refused["reason"] in {"passed_before_renewal", "beta_single_attempt"}


async def test_attempt_cap_per_rolling_window(
    db_engine: AsyncEngine, client: Client, auth_header: Headers
) -> None:
    setup = await build_exam(
        client,
        auth_header,
        retakePolicy={"waitsAfterFailureDays": [], "maxAttempts": 2, "windowDays": 365},
    )
    learner = auth_header(Role.LEARNER, subject="l-1")
    first = await start_attempt(client, setup.exam_id, learner)
    await client.post(f"/attempts/{first['id']}/submit", headers=learner)
    second = await start_attempt(client, setup.exam_id, learner)
    await client.post(f"/attempts/{second['id']}/submit", headers=learner)
    capped = await client.post(f"/exams/{setup.exam_id}/attempts", headers=learner)
    assert capped.status_code == 409 and capped.json()["reason"] == "attempt_cap"
    earliest = datetime.fromisoformat(capped.json()["earliestStart"])
    expected = datetime.fromisoformat(first["startedAt"]) + timedelta(days=365)
    assert abs(earliest - expected) < timedelta(seconds=1)

    long_ago = datetime.now(UTC) - timedelta(days=366)
    await shift_attempt(db_engine, first["id"], started_at=long_ago, submitted_at=long_ago)
    third = await start_attempt(client, setup.exam_id, learner)
    assert third["number"] == 3


async def test_a_pass_locks_the_exam_until_the_renewal_window_opens(
    db_engine: AsyncEngine, client: Client, auth_header: Headers
) -> None:
    setup = await build_exam(client, auth_header)
    learner = auth_header(Role.LEARNER, subject="l-1")
    attempt = await start_attempt(client, setup.exam_id, learner)
    await answer_all(client, attempt, learner, correct=True)
    passed = (await client.post(f"/attempts/{attempt['id']}/submit", headers=learner)).json()
    locked = await client.post(f"/exams/{setup.exam_id}/attempts", headers=learner)
    assert locked.status_code == 409 and locked.json()["reason"] == "passed_before_renewal"
    opens = datetime.fromisoformat(locked.json()["earliestStart"])
    expected = datetime.fromisoformat(passed["submittedAt"]) + timedelta(days=730 - 90)
    assert abs(opens - expected) < timedelta(seconds=1)

    renewal_open = datetime.now(UTC) - timedelta(days=641)
    await shift_attempt(
        db_engine, attempt["id"], started_at=renewal_open, submitted_at=renewal_open
    )
    renewal = await start_attempt(client, setup.exam_id, learner)
    assert renewal["number"] == 2
