"""Calibrated scoring on both databases: calibrate an exam from its responses, keep stored
difficulties fixed, set the scale from a percent cut on a reference form, and score a
learner's attempt by ability with a reported scaled score; uncalibrated items are pretest."""

from __future__ import annotations

from collections.abc import Callable
from uuid import UUID

import numpy as np
import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy.ext.asyncio import AsyncEngine

from itembank.statistics import (
    ReportingScale,
    estimate_abilities,
    scaled_scores,
    theta_cut_from_percent,
)
from service.auth.roles import Role
from tests.support.exam_setup import answer_all, build_exam
from tests.support.statistics_fixtures import (
    NOT_PRESENTED,
    OMITTED,
    SeededExam,
    Simulation,
    add_attempts,
)

Client = AsyncTestClient[Litestar]
Headers = Callable[..., dict[str, str]]
KEY = 1  # the generated bank's single-answer key is B


def _responses(n: int, k: int, shown: int, seed: int) -> Simulation:
    """Rasch responses to forms of ``shown`` random items of the pool (key B)."""
    rng = np.random.default_rng(seed)
    theta = rng.normal(0.0, 1.0, n)
    b = np.linspace(-1.5, 1.5, k)
    right = rng.random((n, k)) < 1.0 / (1.0 + np.exp(-(theta[:, None] - b[None, :])))
    wrong = np.array([0, 2, 3])[rng.integers(0, 3, (n, k))]
    choices = np.where(right, KEY, wrong).astype(np.int64)
    choices[rng.random((n, k)) < 0.01] = OMITTED
    for i in range(n):
        hidden = rng.permutation(k)[shown:]
        choices[i, hidden] = NOT_PRESENTED
    return Simulation(
        choices=choices,
        keys=np.full(k, KEY, dtype=np.int64),
        times=np.full((n, k), 30.0),
        numbers=np.ones(n, dtype=np.int64),
    )


async def test_calibrate_set_scale_and_score_an_attempt_by_ability(
    db_engine: AsyncEngine, client: Client, auth_header: Headers
) -> None:
    setup = await build_exam(client, auth_header, items=24, cutScore=0.6)
    admin = auth_header(Role.ADMIN, subject="admin-1")
    base = f"/exams/{setup.exam_id}"
    listed = (await client.get(f"{base}/calibrations", headers=admin)).json()
    assert listed["calibrated"] == 0 and listed["uncalibrated"] == 24
    items = listed["items"]
    seeded = SeededExam(
        exam_id=UUID(setup.exam_id),
        exam_name="Lumen Practitioner",
        certification_id=UUID(setup.certification_id),
        revision_ids=[UUID(item["revisionId"]) for item in items],
        item_ids=[item["itemId"] for item in items],
        attempt_ids=[],
    )
    await add_attempts(db_engine, seeded, _responses(500, 24, 12, seed=3))

    refused = await client.post(f"{base}/calibrations", headers=auth_header(Role.AUTHOR))
    assert refused.status_code == 403
    run = await client.post(f"{base}/calibrations", headers=admin)
    assert run.status_code == 200, run.text
    # multiple-response items (number % 7 == 3) are never fully right in the simulated
    # answers (one option chosen): no finite difficulty, so not calibrated
    multiple = [i["itemId"] for i in items if int(i["itemId"][2:]) % 7 == 3]
    assert len(multiple) == 4
    assert sorted(run.json()["notEstimable"]) == multiple
    assert run.json()["added"] == 20 and run.json()["kept"] == 0
    stored = (await client.get(f"{base}/calibrations", headers=admin)).json()
    difficulties = {i["itemId"]: i["difficulty"] for i in stored["items"]}
    assert stored["calibrated"] == 20
    assert all(i["n"] > 150 and i["standardError"] > 0 for i in stored["items"] if i["n"])
    located = [difficulties[i["itemId"]] for i in items if i["itemId"] not in multiple]
    assert located[0] < located[len(located) // 2] < located[-1]  # b rises along the pool
    again = (await client.post(f"{base}/calibrations", headers=admin)).json()
    assert (again["added"], again["kept"]) == (0, 20)
    assert again["shift"] == pytest.approx(0.0, abs=1e-6)
    after = (await client.get(f"{base}/calibrations", headers=admin)).json()
    assert {i["itemId"]: i["difficulty"] for i in after["items"]} == difficulties

    strict = await client.put(f"{base}/scale", json={"cutScore": 0.6}, headers=admin)
    assert strict.status_code == 409
    assert sorted(strict.json()["items"]) == multiple
    scale = await client.put(
        f"{base}/scale", json={"cutScore": 0.6, "pretestUncalibrated": True}, headers=admin
    )
    assert scale.status_code == 200, scale.text
    reference = [b for b in difficulties.values() if b is not None]
    theta_cut = theta_cut_from_percent(60, reference)
    assert scale.json()["thetaCut"] == pytest.approx(theta_cut)
    assert (await client.get(f"{base}/scale", headers=admin)).json()["cutScaled"] == 700

    for subject, correct in (("l-good", True), ("l-poor", False)):
        learner = auth_header(Role.LEARNER, subject=subject)
        started = await client.post(f"{base}/attempts", headers=learner)
        assert started.status_code == 201, started.text
        attempt = started.json()
        await answer_all(client, attempt, learner, correct=correct)
        submitted = await client.post(f"/attempts/{attempt['id']}/submit", headers=learner)
        assert submitted.status_code == 200, submitted.text
        result = submitted.json()["result"]
        assert result["percent"] is None and result["cutScore"] == 700
        reported = result["reported"]
        assert result["passed"] is correct
        assert (reported["score"] >= 700) is correct
        # the same number from the pure estimate on the stored difficulties of the form seen
        form = (await client.get(f"/attempts/{attempt['id']}", headers=learner)).json()
        assert form["result"]["reported"] == reported
        assert reported["itemsScored"] + reported["pretestItems"] == result["maxScore"]


def test_reported_score_rule_is_the_core_rule() -> None:
    """The service stores what ``scaled_scores`` gives: a perfect score on three items of
    difficulty 0 (WLE) is above a cut at theta 0 and reports at least the cut."""
    estimate = estimate_abilities(np.ones((1, 3)), None, np.zeros(3))
    (score,) = scaled_scores(estimate.theta, 0.0, ReportingScale())
    assert score is not None and score >= 700
