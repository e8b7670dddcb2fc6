"""Read an exam's responses straight into preallocated numpy arrays, a chunk at a time.

A 10,000 x 100 exam is a million response rows. Building a Python object (or even a tuple of
UUIDs and parsed JSON) per row costs seconds and about a gigabyte, and so does any per-row
work in the driver, so the database groups the responses by attempt: one row per attempt
carries its revision ids, chosen texts and seconds as three strings (``group_concat`` on
SQLite, ``string_agg`` on PostgreSQL, through SQLAlchemy's ``aggregate_strings``), split
and parsed in one pass per chunk of ``CHUNK`` attempts, and written into N x k arrays with
vectorised indexing. The three aggregates of one group see its rows in the same order, so
their items line up.

The query reads the responses table alone, grouped along its (attempt, revision) index.
An earlier version joined it to numbered attempts and revisions so that the database
returned array positions; SQLite then looked every response up by both keys, a million
index probes, which took several times longer than reading the rows in index order and
mapping the (at most a few hundred) revision ids to columns in Python.

``chosen`` stays text: the distinct texts are few (an option id or nothing, per item), so
each (column, text) pair is parsed and scored once (``RevisionKey``) and a lookup table turns
the chunk's text codes into scores and option indices. Memory is the arrays (about 19 bytes
per cell) plus one chunk, whatever the number of rows.

Rows and columns are the caller's lists of attempt and revision ids; the caller reads them
and the responses in one snapshot (see ``services.exam_report``), so an attempt finishing
meanwhile cannot appear in one and not the other.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from uuid import UUID

import numpy as np
from sqlalchemy import ColumnElement, Select, String, cast, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from itembank.statistics import OMITTED
from service.db.models import AttemptRow, ResponseRow
from service.statistics.scoring import RevisionKey

CHUNK = 1_000
"""Attempts per fetch: each row carries one attempt's responses (about 2 kB for 100 items)."""
NO_TIME = -1.0
CHOSEN_SEPARATOR = "\x1e"
"""Between the chosen-answer JSON texts of one attempt: JSON text never holds a raw control
character (it escapes them), so this cannot occur inside an answer."""


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


class _RevisionKey:
    """A revision id as the text ``aggregate_strings`` can carry, on either database.

    SQLite stores the UUID as 16 bytes (``hex`` spells them in capitals); PostgreSQL has a
    native uuid, whose text is the usual dashed form.
    """

    def __init__(self, dialect: str) -> None:
        self._sqlite = dialect == "sqlite"

    def column(self) -> ColumnElement[str]:
        if self._sqlite:
            return func.hex(ResponseRow.revision_id)
        return cast(ResponseRow.revision_id, String)

    def of(self, revision_id: UUID) -> str:
        return revision_id.hex.upper() if self._sqlite else str(revision_id)


@dataclass(frozen=True, slots=True)
class GroupedResponses:
    """Every finished attempt's responses as the database grouped them, not yet parsed,
    and the ids of the revisions they answer (the exam's columns)."""

    rows: list[tuple[UUID, int, str, str, str]]
    revision_ids: set[UUID]
    revision_key: _RevisionKey


async def read_grouped_responses(
    session: AsyncSession, finished_attempts: Select[UUID]
) -> GroupedResponses:
    """One row per attempt (selected by ``finished_attempts``): its response count, revision
    ids, chosen texts and seconds, as strings; read before the revisions, which they name."""
    connection = await session.connection()
    revision_key = _RevisionKey(connection.dialect.name)
    query = (
        select(
            ResponseRow.attempt_id,
            func.count(),
            func.aggregate_strings(revision_key.column(), ","),
            func.aggregate_strings(cast(ResponseRow.chosen, String), CHOSEN_SEPARATOR),
            func.aggregate_strings(
                cast(func.coalesce(ResponseRow.seconds_spent, NO_TIME), String), ","
            ),
        )
        .where(ResponseRow.attempt_id.in_(finished_attempts.scalar_subquery()))
        .group_by(ResponseRow.attempt_id)
        .execution_options(yield_per=CHUNK)
    )
    rows: list[tuple[UUID, int, str, str, str]] = []
    keys: set[str] = set()
    # Core, not the ORM: the session's own stream() would run every row through ORM loading.
    result = await connection.stream(query)
    async for chunk in result.partitions(CHUNK):
        for attempt_id, count, revisions, chosen, seconds in chunk:
            rows.append((attempt_id, int(count), revisions, chosen, seconds))
            keys.update(revisions.split(","))
    return GroupedResponses(rows, {UUID(key) for key in keys}, revision_key)


def response_arrays(
    grouped: GroupedResponses,
    attempt_ids: list[UUID],
    revision_ids: list[UUID],
    keys: list[RevisionKey],
) -> ResponseArrays:
    """Row i is ``attempt_ids[i]``, column j is ``revision_ids[j]`` (scored by ``keys[j]``)."""
    n_attempts, k = len(attempt_ids), len(keys)
    scores = np.zeros((n_attempts, k), dtype=np.uint8)
    presented = np.zeros((n_attempts, k), dtype=bool)
    choices = np.full((n_attempts, k), OMITTED, dtype=np.int8)
    times = np.full((n_attempts, k), np.nan, dtype=np.float64)
    scorer = _Scorer(keys)
    row_of = {attempt_id: row for row, attempt_id in enumerate(attempt_ids)}
    col_of = {grouped.revision_key.of(revision): col for col, revision in enumerate(revision_ids)}
    for start in range(0, len(grouped.rows), CHUNK):
        chunk = grouped.rows[start : start + CHUNK]
        attempts, counts, revision_texts, chosen_texts, seconds_text = zip(*chunk, strict=True)
        rows = np.repeat(
            np.fromiter((row_of[a] for a in attempts), dtype=np.int64, count=len(attempts)),
            np.asarray(counts, dtype=np.int64),
        )
        revisions = ",".join(revision_texts).split(",")
        cols = np.fromiter(map(col_of.__getitem__, revisions), dtype=np.int64, count=len(rows))
        seconds = _numbers(seconds_text, np.float64, len(rows))
        texts = CHOSEN_SEPARATOR.join(chosen_texts).split(CHOSEN_SEPARATOR)
        if len(texts) != len(rows):
            raise ValueError("a chosen answer contains the separator; cannot split the responses")
        codes = scorer.codes(tuple(texts))
        presented[rows, cols] = True
        scores[rows, cols] = scorer.scores[cols, codes]
        choices[rows, cols] = scorer.choices[cols, codes]
        times[rows, cols] = np.where(seconds < 0, np.nan, seconds)
    return ResponseArrays(scores=scores, presented=presented, choices=choices, times=times)


def _numbers(texts: tuple[str, ...], dtype: type[np.generic], count: int) -> np.ndarray:
    """Comma-separated numbers of every attempt in the chunk, parsed by numpy in one pass."""
    values = np.fromstring(",".join(texts), dtype=dtype, sep=",")
    if len(values) != count:
        raise ValueError(f"expected {count} numbers from the database, read {len(values)}")
    return values


def finished_attempt_ids(exam_id: object, finished: tuple[str, ...]) -> Select[UUID]:
    """The attempts that count, in row order (by id)."""
    return (
        select(AttemptRow.id)
        .where(AttemptRow.exam_id == exam_id, AttemptRow.status.in_(finished))
        .order_by(AttemptRow.id)
    )
