"""Overrides cannot stack, cannot lift the lock after a pass without their own flag, and are
not granted to learners never seen unless the admin says the learner is new."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from litestar import Litestar
from litestar.testing import AsyncTestClient

from service.auth.roles import Role
from tests.support.exam_setup import ExamFixture, answer_all, build_exam

Client = AsyncTestClient[Litestar]
Headers = Callable[..., dict[str, str]]


async def _sit(client: Client, exam_id: str, learner: dict[str, str], *, correct: bool) -> Any:
    started = await client.post(f"/exams/{exam_id}/attempts", headers=learner)
    assert started.status_code == 201, started.text
    attempt = started.json()
    await answer_all(client, attempt, learner, correct=correct)
    submitted = await client.post(f"/attempts/{attempt['id']}/submit", headers=learner)
    assert submitted.status_code == 200, submitted.text
    return submitted.json()


async def _grant(client: Client, setup: ExamFixture, **body: Any) -> Any:
    return await client.post(
        f"/exams/{setup.exam_id}/retake-overrides",
        json={"reason": "appeal upheld", **body},
        headers=setup.admin,
    )


async def test_a_second_unused_override_is_refused(client: Client, auth_header: Headers) -> None:
    setup = await build_exam(client, auth_header)
    learner = auth_header(Role.LEARNER, subject="l-1")
    await _sit(client, setup.exam_id, learner, correct=False)
    first = await _grant(client, setup, learnerId="l-1")
    assert first.status_code == 201, first.text
    second = await _grant(client, setup, learnerId="l-1", reason="asked again")
    assert second.status_code == 409, second.text
    assert second.json()["type"].endswith("override-already-granted")
    assert second.json()["overrideId"] == first.json()["id"]
    await _sit(client, setup.exam_id, learner, correct=False)
    # Spent: a new one may be granted now, and only one again.
    assert (await _grant(client, setup, learnerId="l-1")).status_code == 201
    assert (await _grant(client, setup, learnerId="l-1")).status_code == 409


async def test_a_passed_learner_cannot_sit_again_without_the_pass_lock_flag(
    client: Client, auth_header: Headers
) -> None:
    setup = await build_exam(client, auth_header)
    learner = auth_header(Role.LEARNER, subject="l-1")
    passed = await _sit(client, setup.exam_id, learner, correct=True)
    assert passed["result"]["passed"] is True
    plain = await _grant(client, setup, learnerId="l-1")
    assert plain.status_code == 422, plain.text
    assert plain.json()["type"].endswith("override-needs-explicit-flag")
    assert plain.json()["errors"][0]["field"] == "liftPassLock"
    refused = await client.post(f"/exams/{setup.exam_id}/attempts", headers=learner)
    assert refused.status_code == 409
    assert refused.json()["reason"] == "passed_before_renewal"
    no_reason = await _grant(client, setup, learnerId="l-1", liftPassLock=True, reason=" ")
    assert no_reason.status_code == 422
    assert no_reason.json()["errors"][0]["field"] == "reason"
    lifted = await _grant(
        client, setup, learnerId="l-1", liftPassLock=True, reason="exam taken under wrong id"
    )
    assert lifted.status_code == 201, lifted.text
    again = await _sit(client, setup.exam_id, learner, correct=True)
    attempts = (await client.get("/learners/l-1/attempts", headers=setup.admin)).json()
    assert [a["viaOverride"] for a in attempts["items"]] == [True, False]
    history = await client.get("/learners/l-1/retake-overrides", headers=setup.admin)
    assert history.status_code == 200
    [entry] = history.json()["items"]
    assert entry["liftsPassLock"] is True and entry["reason"] == "exam taken under wrong id"
    assert entry["usedByAttemptId"] == again["id"] and entry["grantedBy"] == "admin-1"
    # The abuse from issue 12: once more, straight away, without the flag.
    assert (await _grant(client, setup, learnerId="l-1")).status_code == 422
    third = await client.post(f"/exams/{setup.exam_id}/attempts", headers=learner)
    assert third.status_code == 409
    learner_view = await client.get("/learners/l-1/retake-overrides", headers=learner)
    assert learner_view.status_code == 403


async def test_an_override_held_before_a_pass_does_not_lift_the_lock(
    client: Client, auth_header: Headers
) -> None:
    setup = await build_exam(client, auth_header)
    learner = auth_header(Role.LEARNER, subject="l-1")
    started = await client.post(f"/exams/{setup.exam_id}/attempts", headers=learner)
    attempt = started.json()
    assert (await _grant(client, setup, learnerId="l-1")).status_code == 201
    await answer_all(client, attempt, learner, correct=True)
    await client.post(f"/attempts/{attempt['id']}/submit", headers=learner)
    refused = await client.post(f"/exams/{setup.exam_id}/attempts", headers=learner)
    assert refused.status_code == 409, refused.text
    assert refused.json()["reason"] == "passed_before_renewal"


async def test_unknown_learners_need_the_new_learner_flag(
    client: Client, auth_header: Headers
) -> None:
    setup = await build_exam(client, auth_header)
    unknown = await _grant(client, setup, learnerId="typo-l-9")
    assert unknown.status_code == 422, unknown.text
    assert unknown.json()["errors"][0]["field"] == "newLearner"
    assert "typo-l-9" in unknown.json()["errors"][0]["message"]
    declared = await _grant(client, setup, learnerId="new-l-2", newLearner=True)
    assert declared.status_code == 201, declared.text
    assert declared.json()["newLearner"] is True
    accommodated = await client.put(
        "/learners/l-3/accommodation", json={"timeMultiplier": 1.25}, headers=setup.admin
    )
    assert accommodated.status_code == 200
    assert (await _grant(client, setup, learnerId="l-3")).status_code == 201
