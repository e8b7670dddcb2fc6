"""An exam's DIF compares its learners' customer accounts: the account a learner was in when
the attempt finished, an item planted with DIF between two accounts is the one flagged, and a
small account reads "insufficient data" (both databases)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from itembank.statistics import ExamResponses, analyse_decisions, analyse_exam
from service.accounts import store as accounts
from service.auth.roles import Role
from service.db.engine import create_engine
from service.db.session import transaction
from service.settings import Settings
from service.statistics.services import settings_for
from service.statistics.store import ExamInfo
from tests.support.statistics_fixtures import OPTIONS, Simulation, seed_exam

Client = AsyncTestClient[Litestar]
Headers = Callable[..., dict[str, str]]

ITEMS = 10
DIF_ITEM = 5
SIZES = {"acme": 380, "bolt": 320, "tiny": 40, None: 30}
MOVED_LATER = 20  # acme learners moved to bolt after their attempt: still acme for DIF


def _labels() -> list[str | None]:
    return [label for label, size in SIZES.items() for _ in range(size)]


def _simulate(labels: list[str | None], seed: int = 21) -> Simulation:
    """Rasch responses of equal-ability groups; item DIF_ITEM is 1.5 logits harder for bolt."""
    rng = np.random.default_rng(seed)
    n = len(labels)
    theta = rng.normal(0.3, 1.0, n)
    b = np.tile(np.linspace(-1.5, 1.5, ITEMS), (n, 1))
    b[np.array([label == "bolt" for label in labels]), DIF_ITEM] += 1.5
    correct = rng.random((n, ITEMS)) < 1.0 / (1.0 + np.exp(-(theta[:, None] - b)))
    right = rng.integers(0, len(OPTIONS), ITEMS)
    wrong = (right[None, :] + rng.integers(1, len(OPTIONS), (n, ITEMS))) % len(OPTIONS)
    return Simulation(
        choices=np.where(correct, right[None, :], wrong).astype(np.int64),
        keys=right,
        times=rng.lognormal(3.5, 0.4, (n, ITEMS)),
        numbers=np.ones(n, dtype=np.int64),
    )


async def test_dif_by_account_flags_the_planted_item(
    client: Client, settings: Settings, auth_header: Headers
) -> None:
    labels = _labels()
    simulation = _simulate(labels)
    engine = create_engine(settings.database_url)
    try:
        seeded = await seed_exam(engine, simulation)
        learners = [f"learner-{attempt_id}" for attempt_id in seeded.attempt_ids]
        before = datetime.now(UTC) - timedelta(days=1)
        after = datetime.now(UTC) + timedelta(hours=1)
        async with transaction(engine) as session:
            ids = {
                label: (await accounts.insert_account(session, label.title(), label, None)).id
                for label in SIZES
                if label is not None
            }
            for learner, label in zip(learners, labels, strict=True):
                if label is not None:
                    await accounts.save_membership(
                        session, learner, ids[label], None, now=before, by="admin-1"
                    )
            for learner in learners[:MOVED_LATER]:
                await accounts.save_membership(
                    session, learner, ids["bolt"], None, now=after, by="admin-1"
                )
    finally:
        await engine.dispose()

    body = (
        await client.get(f"/exams/{seeded.exam_id}/statistics", headers=auth_header(Role.AUTHOR))
    ).json()
    decisions = body["decisions"]
    assert decisions["difNote"] is None
    by_focal = {analysis["focal"]: analysis for analysis in decisions["dif"]}
    assert set(by_focal) == {"bolt", "tiny"}
    assert {analysis["reference"] for analysis in decisions["dif"]} == {"acme"}

    bolt = {item["itemId"]: item for item in by_focal["bolt"]["items"]}
    # group sizes as of the attempts: the later move does not count
    assert {(item["nReference"], item["nFocal"]) for item in bolt.values()} == {(380, 320)}
    planted = seeded.item_ids[DIF_ITEM]
    assert bolt[planted]["category"] == "C" and bolt[planted]["favours"] == "reference"
    assert all(item["category"] != "C" for name, item in bolt.items() if name != planted)
    assert {item["status"] for item in by_focal["tiny"]["items"]} == {"insufficient data"}

    # the same numbers as the pure core over the same responses and groups
    data = ExamResponses.build(
        item_ids=[str(r) for r in seeded.revision_ids], scores=simulation.scores
    )
    info = ExamInfo(seeded.exam_id, "x", 60.0, "practitioner", 0.6, 0.7)
    pure = analyse_decisions(
        data, analyse_exam(data, settings_for(info)), cut_percent=60.0, groups=labels
    )
    pure_bolt = next(analysis for analysis in pure.dif if analysis.focal == "bolt")
    pure_item = next(
        item for item in pure_bolt.items if item.item_id == str(seeded.revision_ids[DIF_ITEM])
    )
    assert bolt[planted]["delta"] == pytest.approx(pure_item.delta)


async def test_no_accounts_means_no_dif_groups(
    client: Client, settings: Settings, auth_header: Headers
) -> None:
    labels: list[str | None] = [None] * 200
    engine = create_engine(settings.database_url)
    try:
        seeded = await seed_exam(engine, _simulate(labels, seed=3))
    finally:
        await engine.dispose()
    body = (
        await client.get(f"/exams/{seeded.exam_id}/statistics", headers=auth_header(Role.AUTHOR))
    ).json()
    assert body["decisions"]["dif"] == []
    assert body["decisions"]["difNote"] == "no groups were given"
