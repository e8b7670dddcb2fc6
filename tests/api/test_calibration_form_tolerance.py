"""The scale's ``formTolerance``: forms drawn from a pool of calibrated items hold their
expected share correct at the cut within the tolerance of the reference form's (the cut),
where unconstrained draws spread wider (both databases)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy.ext.asyncio import AsyncEngine

from itembank.statistics import form_difficulty
from service.auth.roles import Role
from tests.api.test_calibration import _responses
from tests.support.exam_setup import build_exam
from tests.support.statistics_fixtures import SeededExam, add_attempts

Client = AsyncTestClient[Litestar]
Headers = Callable[..., dict[str, str]]
LEARNERS = 12


async def _gaps(
    client: Client,
    auth_header: Headers,
    exam_id: str,
    prefix: str,
    difficulties: dict[int, float],
    scale: dict[str, Any],
) -> list[float]:
    """Percent points between each new form's expected share at the cut and the cut."""
    gaps = []
    for n in range(LEARNERS):
        learner = auth_header(Role.LEARNER, subject=f"{prefix}-{n}")
        started = await client.post(f"/exams/{exam_id}/attempts", headers=learner)
        assert started.status_code == 201, started.text
        numbers = [int(item["stem"].split(":")[0].split()[1]) for item in started.json()["items"]]
        b = [difficulties[number] for number in numbers if number in difficulties]
        expected = form_difficulty(b, scale["thetaCut"]).expected_percent_at_cut
        gaps.append(abs(expected - 100 * scale["cutScore"]))
    return gaps


async def test_form_tolerance_holds_each_form_near_the_reference(
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
    await add_attempts(db_engine, seeded, _responses(500, 24, 12, seed=3))
    assert (await client.post(f"{base}/calibrations", headers=admin)).status_code == 200
    stored = (await client.get(f"{base}/calibrations", headers=admin)).json()["items"]
    difficulties = {
        int(i["itemId"][2:]): i["difficulty"] for i in stored if i["difficulty"] is not None
    }

    spec: dict[str, Any] = {"cutScore": 0.6, "pretestUncalibrated": True}
    for bad in (0, 1, 5, -0.1):
        refused = await client.put(
            f"{base}/scale", json={**spec, "formTolerance": bad}, headers=admin
        )
        assert refused.status_code == 422, refused.text
        assert "formTolerance" in refused.text
    free = await client.put(f"{base}/scale", json=spec, headers=admin)
    assert free.status_code == 200, free.text
    assert free.json()["formTolerance"] is None
    spread = await _gaps(client, auth_header, setup.exam_id, "free", difficulties, free.json())
    tolerance = max(spread) / 300  # a third of the widest unconstrained gap, as a fraction
    assert tolerance > 0.005

    held = await client.put(
        f"{base}/scale", json={**spec, "formTolerance": tolerance}, headers=admin
    )
    assert held.status_code == 200, held.text
    assert held.json()["formTolerance"] == tolerance
    assert (await client.get(f"{base}/scale", headers=admin)).json()["formTolerance"] == tolerance
    gaps = await _gaps(client, auth_header, setup.exam_id, "held", difficulties, held.json())
    assert max(gaps) <= 100 * tolerance + 1e-9, (gaps, spread)
