"""Read an exam's responses straight into preallocated numpy arrays, a chunk at a time.

A 10,000 x 100 exam is a million response rows. Building a Python object (or even a tuple of
UUIDs and parsed JSON) per row costs seconds and about a gigabyte, so the database does the
mapping to array positions instead: the query numbers the finished attempts (row i, by id)
and the presented revisions (column j, by item external id and revision number) with
``row_number()`` and returns per response only (i, j, chosen as text, seconds or -1). Rows
arrive in chunks of ``CHUNK`` and are written into N x k arrays with vectorised indexing.

``chosen`` stays text: the distinct texts are few (an option id or nothing, per item), so
each (column, text) pair is parsed and scored once (``RevisionKey``) and a lookup table turns
the chunk's text codes into scores and option indices. Memory is the arrays (about 19 bytes
per cell) plus one chunk, whatever the number of rows.

The row numbers must agree between this query and the attempts and revisions queries, so the
caller reads them all in one snapshot (see ``services.exam_report``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import numpy as np
from sqlalchemy import String, cast, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql import Subquery

from itembank.statistics import OMITTED
from service.db.models import AttemptRow, ResponseRow
from service.statistics.scoring import RevisionKey

CHUNK = 50_000
NO_TIME = -1.0


@dataclass(frozen=True, slots=True)
class ResponseArrays:
    """N attempts x k revisions. Cells not presented: score 0, choice OMITTED, time NaN."""

    scores: np.ndarray
    presented: np.ndarray
    choices: np.ndarray
    times: np.ndarray


class _Scorer:
    """(column, chosen text) -> (score, choice code), computed once per distinct pair."""

    def __init__(self, keys: list[RevisionKey]) -> None:
        self._keys = keys
        self._texts: dict[str, int] = {}
        self.scores = np.zeros((len(keys), 0), dtype=np.uint8)
        self.choices = np.zeros((len(keys), 0), dtype=np.int8)

    def codes(self, texts: tuple[str, ...]) -> np.ndarray:
        known = self._texts
        before = len(known)
        codes = np.fromiter(
            (known.setdefault(text, len(known)) for text in texts), dtype=np.int64, count=len(texts)
        )
        if len(known) > before:
            self._grow(list(known)[before:])
        return codes

    def _grow(self, texts: list[str]) -> None:
        scores = np.zeros((len(self._keys), len(texts)), dtype=np.uint8)
        choices = np.zeros((len(self._keys), len(texts)), dtype=np.int8)
        for t, text in enumerate(texts):
            parsed = json.loads(text) if text else []
            chosen = [str(option) for option in parsed] if isinstance(parsed, list) else []
            for j, key in enumerate(self._keys):
                scores[j, t] = key.score(chosen)
                choices[j, t] = key.choice(chosen)
        self.scores = np.concatenate([self.scores, scores], axis=1)
        self.choices = np.concatenate([self.choices, choices], axis=1)


async def read_response_arrays(
    session: AsyncSession,
    ranked_attempts: Subquery,
    ranked_revisions: Subquery,
    keys: list[RevisionKey],
    n_attempts: int,
) -> ResponseArrays:
    """``ranked_attempts`` (id, row) and ``ranked_revisions`` (id, col): 0-based positions."""
    k = len(keys)
    scores = np.zeros((n_attempts, k), dtype=np.uint8)
    presented = np.zeros((n_attempts, k), dtype=bool)
    choices = np.full((n_attempts, k), OMITTED, dtype=np.int8)
    times = np.full((n_attempts, k), np.nan, dtype=np.float64)
    scorer = _Scorer(keys)
    query = (
        select(
            ranked_attempts.c.row,
            ranked_revisions.c.col,
            cast(ResponseRow.chosen, String),
            func.coalesce(ResponseRow.seconds_spent, NO_TIME),
        )
        .join(ranked_attempts, ranked_attempts.c.id == ResponseRow.attempt_id)
        .join(ranked_revisions, ranked_revisions.c.id == ResponseRow.revision_id)
        .execution_options(yield_per=CHUNK)
    )
    # Core, not the ORM: the session's own stream() would run every row through ORM loading.
    connection = await session.connection()
    result = await connection.stream(query)
    async for chunk in result.partitions(CHUNK):
        rows_raw, cols_raw, texts, seconds_raw = zip(*chunk, strict=True)
        rows = np.fromiter(rows_raw, dtype=np.int64, count=len(chunk))
        cols = np.fromiter(cols_raw, dtype=np.int64, count=len(chunk))
        codes = scorer.codes(texts)
        seconds = np.fromiter(seconds_raw, dtype=np.float64, count=len(chunk))
        presented[rows, cols] = True
        scores[rows, cols] = scorer.scores[cols, codes]
        choices[rows, cols] = scorer.choices[cols, codes]
        times[rows, cols] = np.where(seconds < 0, np.nan, seconds)
    return ResponseArrays(scores=scores, presented=presented, choices=choices, times=times)


def ranked_attempts_subquery(exam_id: object, finished: tuple[str, ...]) -> Subquery:
    return (
        select(
            AttemptRow.id.label("id"),
            (func.row_number().over(order_by=AttemptRow.id) - 1).label("row"),
        )
        .where(AttemptRow.exam_id == exam_id, AttemptRow.status.in_(finished))
        .subquery("ranked_attempts")
    )
