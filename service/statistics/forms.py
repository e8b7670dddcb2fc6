"""Split an exam's attempts into form groups and build one response matrix per group.

Why groups: forms are drawn from a pool, so attempts may have seen different items, and
the pure analysis takes a complete attempts x items matrix in which a 0 means "answered
wrongly or not at all". Filling unseen items with 0 would count them as wrong and bias p,
the correlations, alpha and the Rasch estimates. Within a group every attempt was presented
exactly the same item revisions (a response row exists for every delivered item), so each
group's matrix is complete and every statistic keeps its textbook definition.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from uuid import UUID

import numpy as np

from itembank.statistics import ExamResponses
from service.statistics.reading import ExamData, RevisionRecord
from service.statistics.scoring import INVALID_CHOICE, RevisionKey


@dataclass(frozen=True, slots=True)
class FormGroup:
    label: str
    revisions: list[RevisionRecord]
    keys: list[RevisionKey]
    responses: ExamResponses


def form_groups(data: ExamData, *, cut_score_percent: float, tier: str) -> list[FormGroup]:
    """Groups ordered by size (largest first), labelled F1, F2, ...; attempts without any
    response row (nothing was delivered) are left out."""
    keys = {revision_id: RevisionKey.of(r.content) for revision_id, r in data.revisions.items()}
    by_attempt: dict[UUID, list[tuple[UUID, int, int, float]]] = defaultdict(list)
    for attempt_id, revision_id, chosen, seconds in data.responses:
        key = keys[revision_id]
        answer = chosen if isinstance(chosen, list) else []
        by_attempt[attempt_id].append(
            (
                revision_id,
                key.score(answer),
                key.choice(answer),
                np.nan if seconds is None else float(seconds),
            )
        )
    members: dict[frozenset[UUID], list[UUID]] = defaultdict(list)
    for attempt in data.attempts:
        cells = by_attempt.get(attempt.id)
        if cells:
            members[frozenset(cell[0] for cell in cells)].append(attempt.id)
    attempts = {attempt.id: attempt for attempt in data.attempts}
    ordered = sorted(
        members.items(),
        key=lambda entry: (-len(entry[1]), sorted(str(r) for r in entry[0])),
    )
    groups = []
    for index, (revision_set, attempt_ids) in enumerate(ordered, start=1):
        revisions = sorted(
            (data.revisions[r] for r in revision_set),
            key=lambda r: (r.item_external_id, r.number),
        )
        column = {revision.id: j for j, revision in enumerate(revisions)}
        n, k = len(attempt_ids), len(revisions)
        scores = np.zeros((n, k), dtype=np.uint8)
        choices = np.full((n, k), INVALID_CHOICE, dtype=np.int64)
        times = np.full((n, k), np.nan)
        for i, attempt_id in enumerate(attempt_ids):
            for revision_id, score, choice, seconds in by_attempt[attempt_id]:
                j = column[revision_id]
                scores[i, j] = score
                choices[i, j] = choice
                times[i, j] = seconds
        group_keys = [keys[revision.id] for revision in revisions]
        with_choices = not (choices == INVALID_CHOICE).any()
        groups.append(
            FormGroup(
                label=f"F{index}",
                revisions=revisions,
                keys=group_keys,
                responses=ExamResponses.build(
                    item_ids=[str(revision.id) for revision in revisions],
                    scores=scores,
                    choices=choices if with_choices else None,
                    item_options=[key.item_options() for key in group_keys]
                    if with_choices
                    else None,
                    times=times,
                    passed=np.array([attempts[a].passed for a in attempt_ids], dtype=bool),
                    attempt_numbers=np.array(
                        [attempts[a].number for a in attempt_ids], dtype=np.int64
                    ),
                    cut_score=cut_score_percent / 100.0 * k,
                    tier=tier,
                ),
            )
        )
    return groups
