"""Seed an exam with finished attempts by inserting rows directly (no attempts API needed).

``simulate`` draws Rasch-like responses to 4-option single-answer items; ``seed_exam``
writes a bank, items, revisions, a certification, an exam, attempts and one response row
per presented item (a choice of -2 = "not presented": no row, as for an item the attempt's
form did not contain). Inserts are bulk and chunked, so the benchmark's million rows fit.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

import numpy as np
from numpy.typing import NDArray
from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncEngine
from uuid_utils.compat import uuid7

from itembank import ItemContent, Kind, Option, ResponseFormat, Tier
from service.bank.content_codec import content_to_json
from service.db.models import (
    AttemptRow,
    BankRow,
    CertificationRow,
    ExamRow,
    ItemRevisionRow,
    ItemRow,
    ResponseRow,
)
from service.db.session import transaction

OPTIONS = ("A", "B", "C", "D")
NOT_PRESENTED = -2
OMITTED = -1
CHUNK = 20_000


@dataclass(frozen=True)
class Simulation:
    choices: NDArray[np.int64]
    """attempts x items: option index, -1 unanswered, -2 not presented."""
    keys: NDArray[np.int64]
    times: NDArray[np.float64]
    numbers: NDArray[np.int64]

    @property
    def scores(self) -> NDArray[np.uint8]:
        result: NDArray[np.uint8] = (self.choices == self.keys[None, :]).astype(np.uint8)
        return result

    def passed(self, cut_percent: float) -> NDArray[np.bool_]:
        presented = (self.choices != NOT_PRESENTED).sum(axis=1)
        return np.asarray(self.scores.sum(axis=1) * 100 >= cut_percent * presented)


def simulate(n: int, k: int, *, seed: int = 1, repeaters: float = 0.1) -> Simulation:
    """Abilities N(0.5, 1), difficulties spread over -2..2; item 0 is mis-keyed (its stored
    key is a distractor the strong examinees avoid), item 1 nearly everyone gets right."""
    rng = np.random.default_rng(seed)
    theta = rng.normal(0.5, 1.0, n)
    b = np.linspace(-2.0, 2.0, k)
    b[1 % k] = -5.0
    correct = rng.random((n, k)) < 1.0 / (1.0 + np.exp(-(theta[:, None] - b[None, :])))
    right = rng.integers(0, len(OPTIONS), k)
    wrong = (right[None, :] + rng.choice([1, 1, 2, 3], size=(n, k))) % len(OPTIONS)
    choices = np.where(correct, right[None, :], wrong).astype(np.int64)
    choices[rng.random((n, k)) < 0.02] = OMITTED
    keys = right.copy()
    keys[0] = (right[0] + 1) % len(OPTIONS)
    times = rng.lognormal(3.5, 0.4, (n, k))
    times[rng.random((n, k)) < 0.05] = np.nan
    numbers = np.where(rng.random(n) < repeaters, 2, 1).astype(np.int64)
    return Simulation(choices=choices, keys=keys, times=times, numbers=numbers)


@dataclass(frozen=True)
class SeededExam:
    exam_id: UUID
    exam_name: str
    certification_id: UUID
    revision_ids: list[UUID]
    item_ids: list[str]
    attempt_ids: list[UUID]


def _content(j: int, key: int) -> dict[str, Any]:
    """Stored content in the shape the bank writes (`content_to_json`), not a hand-made copy."""
    return content_to_json(
        ItemContent(
            kind=Kind.SCENARIO,
            domain=f"domain-{j % 3}",
            tiers=(Tier.PRACTITIONER,),
            stem=f"Question {j}?",
            response_format=ResponseFormat.SINGLE,
            options=tuple(Option(id=o, text=f"option {o}", rationale="") for o in OPTIONS),
            keys=(OPTIONS[key],),
        )
    )


def _chunks(rows: list[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    for start in range(0, len(rows), CHUNK):
        yield rows[start : start + CHUNK]


async def seed_exam(
    engine: AsyncEngine,
    simulation: Simulation,
    *,
    name: str = "Statistics exam",
    tier: str = "practitioner",
    band: tuple[float, float] = (0.6, 0.7),
    cut_percent: float = 60.0,
) -> SeededExam:
    k = simulation.keys.shape[0]
    now = datetime.now(UTC)
    bank_id, cert_id, exam_id = uuid7(), uuid7(), uuid7()
    item_ids = [f"Q{j:03d}" for j in range(k)]
    item_row_ids = [uuid7() for _ in range(k)]
    revision_ids = [uuid7() for _ in range(k)]
    async with transaction(engine) as session:
        await session.execute(
            insert(BankRow), [{"id": bank_id, "name": f"{name} bank", "created_by": "fixture"}]
        )
        await session.execute(
            insert(ItemRow),
            [
                {
                    "id": item_row_ids[j],
                    "bank_id": bank_id,
                    "external_id": item_ids[j],
                    "status": "active",
                    "kind": "scenario",
                    "domain": f"domain-{j % 3}",
                    "stem": f"Question {j}?",
                    "tags": [],
                    "current_revision": 1,
                    "fingerprint": f"{j:064d}",
                }
                for j in range(k)
            ],
        )
        await session.execute(
            insert(ItemRevisionRow),
            [
                {
                    "id": revision_ids[j],
                    "item_id": item_row_ids[j],
                    "number": 1,
                    "fingerprint": f"{j:064d}",
                    "content": _content(j, int(simulation.keys[j])),
                    "created_by": "fixture",
                }
                for j in range(k)
            ],
        )
        await session.execute(
            insert(CertificationRow),
            [
                {
                    "id": cert_id,
                    "name": f"{name} certification",
                    "tier": tier,
                    "description": "",
                    "criteria": "",
                    "renewal_window_days": 90,
                    "pass_band_low": band[0],
                    "pass_band_high": band[1],
                }
            ],
        )
        await session.execute(
            insert(ExamRow),
            [
                {
                    "id": exam_id,
                    "certification_id": cert_id,
                    "bank_id": bank_id,
                    "name": name,
                    "blueprint": {},
                    "recall_cap": 0.2,
                    "time_limit_seconds": 3600,
                    "cut_score": cut_percent / 100,
                    "tiers": ["practitioner"],
                    "multiple_response_scoring": "all_or_nothing",
                    "shuffle_items": True,
                    "shuffle_options": True,
                    "review": "items",
                    "mastery_threshold": 0.7,
                    "retake_policy": {},
                    "beta": False,
                    "show_result_in_credential": False,
                }
            ],
        )
    seeded = SeededExam(
        exam_id=exam_id,
        exam_name=name,
        certification_id=cert_id,
        revision_ids=revision_ids,
        item_ids=item_ids,
        attempt_ids=[],
    )
    attempt_ids = await add_attempts(
        engine, seeded, simulation, cut_percent=cut_percent, submitted_at=now
    )
    return SeededExam(**{**seeded.__dict__, "attempt_ids": attempt_ids})


async def add_attempts(
    engine: AsyncEngine,
    seeded: SeededExam,
    simulation: Simulation,
    *,
    cut_percent: float = 60.0,
    submitted_at: datetime | None = None,
    status: str = "scored",
) -> list[UUID]:
    """Insert one finished attempt per row of ``simulation`` (same items as the exam)."""
    when = submitted_at or datetime.now(UTC)
    n, k = simulation.choices.shape
    scores = simulation.scores
    passed = simulation.passed(cut_percent)
    attempt_ids = [uuid7() for _ in range(n)]
    form = [
        {
            "position": j + 1,
            "revisionId": str(seeded.revision_ids[j]),
            "itemId": seeded.item_ids[j],
            "domain": f"domain-{j % 3}",
            "kind": "scenario",
            "itemSetId": None,
            "optionOrder": list(OPTIONS),
        }
        for j in range(k)
    ]
    attempts = []
    for i in range(n):
        presented = simulation.choices[i] != NOT_PRESENTED
        raw = int(scores[i].sum())
        attempts.append(
            {
                "id": attempt_ids[i],
                "exam_id": seeded.exam_id,
                "learner_id": f"learner-{attempt_ids[i]}",
                "number": int(simulation.numbers[i]),
                "status": status,
                "in_progress_key": None,
                "started_at": when - timedelta(minutes=30),
                "deadline": when + timedelta(minutes=30),
                "submitted_at": when,
                "time_multiplier": 1.0,
                "seed": i,
                "form": [entry for entry, shown in zip(form, presented, strict=True) if shown],
                "via_override": False,
                "raw_score": float(raw),
                "max_score": float(presented.sum()),
                "percent": 100.0 * raw / max(1, int(presented.sum())),
                "passed": bool(passed[i]),
            }
        )
    async with transaction(engine) as session:
        for chunk in _chunks(attempts):
            await session.execute(insert(AttemptRow), chunk)
    # Responses are built and written a block of attempts at a time, so memory stays
    # bounded by CHUNK rows whatever the size of the simulation.
    per_block = max(1, CHUNK // k)
    async with transaction(engine) as session:
        for first in range(0, n, per_block):
            block = simulation.choices[first : first + per_block]
            rows_i, rows_j = np.nonzero(block != NOT_PRESENTED)
            picked = block[rows_i, rows_j].tolist()
            seconds = simulation.times[first : first + per_block][rows_i, rows_j].tolist()
            await session.execute(
                insert(ResponseRow),
                [
                    {
                        "id": uuid7(),
                        "attempt_id": attempt_ids[first + i],
                        "revision_id": seeded.revision_ids[j],
                        "chosen": [] if choice == OMITTED else [OPTIONS[choice]],
                        "saved_at": when,
                        "seconds_spent": None if spent != spent else spent,
                    }
                    for i, j, choice, spent in zip(
                        rows_i.tolist(), rows_j.tolist(), picked, seconds, strict=True
                    )
                ],
            )
    return attempt_ids
