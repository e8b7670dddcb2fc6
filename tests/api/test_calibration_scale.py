"""The scale's cut from the Angoff panel, its refusals, delivery without pretest items, and
switching back to the raw percent (both databases)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy.ext.asyncio import AsyncEngine

from itembank.statistics import theta_cut_from_percent
from service.auth.roles import Role
from tests.api.test_calibration import _responses
from tests.support.bank_files import as_yaml, make_document
from tests.support.exam_setup import answer_all, build_exam
from tests.support.statistics_fixtures import SeededExam, add_attempts

Client = AsyncTestClient[Litestar]
Headers = Callable[..., dict[str, str]]


async def test_angoff_cut_on_the_scale_and_calibrated_delivery(
    db_engine: AsyncEngine, client: Client, auth_header: Headers
) -> None:
    setup = await build_exam(client, auth_header, items=24, cutScore=0.6)
    admin = auth_header(Role.ADMIN, subject="admin-1")
    base = f"/exams/{setup.exam_id}"
    items = (await client.get(f"{base}/calibrations", headers=admin)).json()["items"]
    seeded = SeededExam(
        exam_id=UUID(setup.exam_id),
        exam_name="Lumen Practitioner",
        certification_id=UUID(setup.certification_id),
        revision_ids=[UUID(item["revisionId"]) for item in items],
        item_ids=[item["itemId"] for item in items],
        attempt_ids=[],
    )
    await add_attempts(db_engine, seeded, _responses(500, 24, 12, seed=8))
    assert (await client.post(f"{base}/calibrations", headers=admin)).status_code == 200
    stored = (await client.get(f"{base}/calibrations", headers=admin)).json()["items"]
    uncalibrated = [i["itemId"] for i in stored if i["difficulty"] is None]
    assert uncalibrated

    no_panel = await client.put(
        f"{base}/scale", json={"cutFrom": "angoff", "pretestUncalibrated": True}, headers=admin
    )
    assert no_panel.status_code == 409
    assert no_panel.json()["type"].endswith("angoff-panel-incomplete")
    mixed = await client.put(
        f"{base}/scale", json={"cutFrom": "angoff", "cutScore": 0.5}, headers=admin
    )
    assert mixed.status_code == 422
    unknown = await client.put(
        f"{base}/scale",
        json={"referenceItems": ["Q-00001", "NOPE"], "cutScore": 0.5},
        headers=admin,
    )
    assert unknown.status_code == 422
    assert unknown.json()["errors"][0]["item"] == "NOPE"
    bad_range = await client.put(
        f"{base}/scale",
        json={"cutScore": 0.5, "pretestUncalibrated": True, "cutScaled": 2000, "maximum": 1000},
        headers=admin,
    )
    assert bad_range.status_code == 422

    # retire the items that could not be calibrated: the exam is then fully calibrated
    for item_id in uncalibrated:
        retired = await client.post(f"/banks/{setup.bank_id}/items/{item_id}/retire", headers=admin)
        assert retired.status_code == 200, retired.text
    calibrated = {i["itemId"]: i["difficulty"] for i in stored if i["difficulty"] is not None}
    ratings = {"p1": 0.55, "p2": 0.65}
    for panelist, rating in ratings.items():
        body = {"ratings": [{"itemId": item_id, "rating": rating} for item_id in calibrated]}
        saved = await client.put(f"{base}/angoff/panelists/{panelist}", json=body, headers=admin)
        assert saved.status_code == 200, saved.text
    scale = await client.put(f"{base}/scale", json={"cutFrom": "angoff"}, headers=admin)
    assert scale.status_code == 200, scale.text
    assert scale.json()["cutScore"] == pytest.approx(0.6)
    assert scale.json()["cutFrom"] == "angoff"
    assert scale.json()["thetaCut"] == pytest.approx(
        theta_cut_from_percent(60.0, list(calibrated.values()))
    )

    # new, uncalibrated items join the bank; never delivered (they would be first: least
    # exposed) until the exam allows pretest delivery, then delivered but not scored
    imported = await client.post(
        f"/banks/{setup.bank_id}/imports",
        content=as_yaml(make_document(30)),
        headers={**admin, "Content-Type": "application/yaml"},
    )
    assert imported.status_code == 201, imported.text

    async def sit(subject: str) -> tuple[list[int], dict[str, Any]]:
        learner = auth_header(Role.LEARNER, subject=subject)
        started = await client.post(f"{base}/attempts", headers=learner)
        assert started.status_code == 201, started.text
        attempt = started.json()
        numbers = [int(item["stem"].split(":")[0].split()[1]) for item in attempt["items"]]
        await answer_all(client, attempt, learner, correct=True)
        done = await client.post(f"/attempts/{attempt['id']}/submit", headers=learner)
        return numbers, done.json()["result"]

    now = (await client.get(f"{base}/calibrations", headers=admin)).json()["items"]
    pending = {int(i["itemId"][2:]) for i in now if i["difficulty"] is None}
    assert set(range(25, 31)) <= pending  # (the import also reactivates the retired items)
    numbers, result = await sit("l-1")
    assert not pending & set(numbers)
    assert result["reported"]["pretestItems"] == 0 and result["passed"] is True
    # the panel did not rate the new items, so its cut no longer covers the exam
    stale = await client.put(
        f"{base}/scale", json={"cutFrom": "angoff", "pretestUncalibrated": True}, headers=admin
    )
    assert stale.status_code == 409
    pretest = await client.put(
        f"{base}/scale", json={"cutScore": 0.6, "pretestUncalibrated": True}, headers=admin
    )
    assert pretest.status_code == 200, pretest.text
    numbers, result = await sit("l-2")
    new = sum(1 for number in numbers if number in pending)
    assert new > 0 and result["reported"]["pretestItems"] == new
    assert result["reported"]["itemsScored"] == len(numbers) - new

    assert (await client.delete(f"{base}/scale", headers=admin)).status_code == 204
    assert (await client.get(f"{base}/scale", headers=admin)).json() is None
    _, raw = await sit("l-3")
    assert raw["percent"] == 100.0 and raw["reported"] is None
