"""Read an exam's responses straight into numpy arrays, with no Python work per response.

A 10,000 x 100 exam is a million response rows. Building a Python object (or even a tuple of
UUIDs and parsed JSON) per row costs seconds and about a gigabyte, and so does any per-row
work in the driver, so the database groups the responses by attempt: one row per attempt
carries its revision ids, chosen texts and seconds as three aggregated strings, read a chunk
of ``CHUNK`` attempts at a time. The three aggregates of one group see its rows in the same
order, so their items line up. Each dialect spells them in the form it makes and Python
reads back cheapest (``_Spelling``): PostgreSQL concatenates the raw 16-byte uuids and the
8-byte big-endian doubles (``uuid_send``, ``float8send``: no text formatting on the server,
``np.frombuffer`` on the client, the exact stored doubles); SQLite, which has neither, spells
the ids in hex and the seconds as text (its ``%!.15g``).

The query reads the responses table alone, grouped along its (attempt, revision) index.
An earlier version joined it to numbered attempts and revisions so that the database
returned array positions; SQLite then looked every response up by both keys, a million
index probes, which took several times longer than reading the rows in index order.

Per chunk, everything is done per attempt or per distinct value, never per response:

- columns: an attempt's revision ids come as one string, and attempts that were given the
  same form send the same string, so each distinct string is split into ids once (a bounded
  cache of forms) and the attempt gets that form's column numbers;
- chosen answers stay text: the distinct texts are few (an option id or nothing, per item),
  so each gets a code (one dict lookup per response, in C through ``map``) and each
  (column, text) pair is parsed and scored once (``RevisionKey``), after the last chunk;
- seconds are parsed by numpy in one pass per chunk.

Columns are numbered as ids first appear and renumbered at the end, when the caller has read
the revisions those ids name (in the same snapshot) and put them in report order. Memory is
the result arrays (about 19 bytes per cell) plus 20 bytes per response while reading.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

import numpy as np
from sqlalchemy import (
    ColumnElement,
    LargeBinary,
    Select,
    String,
    cast,
    func,
    literal,
    select,
    type_coerce,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import QueryableAttribute
from sqlalchemy.types import NullType

from itembank.statistics import OMITTED
from service.db.models import ResponseRow
from service.statistics.scoring import RevisionKey

CHUNK = 1_000
"""Attempts per fetch: each row carries one attempt's responses (about 3 kB for 100 items)."""
FORMS_KEPT = 1_024
"""Distinct forms whose column numbers are remembered; past that the cache starts again (an
exam that draws a new form for every attempt gains nothing from it, and must not hold every
attempt's ids)."""
NO_TIME = -1.0
CHOSEN_SEPARATOR = "\x1e"
"""Between the chosen-answer JSON texts of one attempt: JSON text never holds a raw control
character (it escapes them), so this cannot occur inside an answer."""
ID_BYTES = 16


@dataclass(frozen=True, slots=True)
class ResponseArrays:
    """N attempts x k revisions. Cells not presented: score 0, choice OMITTED, time NaN."""

    scores: np.ndarray
    presented: np.ndarray
    choices: np.ndarray
    times: np.ndarray


def raw_id(column: QueryableAttribute[UUID]) -> ColumnElement[Any]:
    """An id as the driver returns it (bytes on SQLite, asyncpg's uuid on PostgreSQL), not
    turned into a ``uuid.UUID`` per row: attempts are only matched between two queries that
    both read their ids this way."""
    return type_coerce(column, NullType())


class _Spelling:
    """How one dialect aggregates an attempt's revision ids and seconds, and how to read them."""

    def __init__(self, dialect: str) -> None:
        self._sqlite = dialect == "sqlite"

    def revisions(self) -> ColumnElement[Any]:
        if self._sqlite:  # ids are 16-byte blobs; hex spells them in 32 capitals
            return func.aggregate_strings(func.hex(ResponseRow.revision_id), "")
        return func.string_agg(func.uuid_send(ResponseRow.revision_id), literal(b"", LargeBinary))

    def seconds(self) -> ColumnElement[Any]:
        seconds = func.coalesce(ResponseRow.seconds_spent, NO_TIME)
        if self._sqlite:
            return func.aggregate_strings(cast(seconds, String), ",")
        return func.string_agg(func.float8send(seconds), literal(b"", LargeBinary))

    def id_bytes(self, revisions: str | bytes) -> bytes:
        if isinstance(revisions, str):
            return bytes.fromhex(revisions)
        return revisions

    def seconds_array(self, values: list[str] | list[bytes], count: int) -> np.ndarray:
        if self._sqlite:
            parsed = np.fromstring(",".join(values), dtype=np.float64, sep=",")  # type: ignore[arg-type]
        else:
            parsed = np.frombuffer(b"".join(values), dtype=">f8").astype(np.float64)  # type: ignore[arg-type]
        if len(parsed) != count:
            raise ValueError(f"expected {count} seconds from the database, read {len(parsed)}")
        return parsed


@dataclass
class _Flat:
    """Every response read so far as parallel arrays, one piece per chunk."""

    rows: list[np.ndarray] = field(default_factory=list)
    columns: list[np.ndarray] = field(default_factory=list)
    codes: list[np.ndarray] = field(default_factory=list)
    seconds: list[np.ndarray] = field(default_factory=list)

    @staticmethod
    def _joined(pieces: list[np.ndarray], dtype: type[np.generic]) -> np.ndarray:
        return np.concatenate(pieces) if pieces else np.zeros(0, dtype=dtype)

    def joined(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        return (
            self._joined(self.rows, np.int64),
            self._joined(self.columns, np.int32),
            self._joined(self.codes, np.int32),
            self._joined(self.seconds, np.float64),
        )


class ReadResponses:
    """The responses of the attempts ``row_of`` numbers, as read, columns not yet ordered."""

    def __init__(self, spelling: _Spelling, row_of: dict[object, int]) -> None:
        self._spelling = spelling
        self._row_of = row_of
        self._column_of: dict[bytes, int] = {}
        self._forms: dict[str | bytes, np.ndarray] = {}
        self._texts: dict[str, int] = {}
        self._flat = _Flat()

    @property
    def revision_ids(self) -> list[UUID]:
        """The revisions answered, in the order of their provisional column numbers."""
        return [UUID(bytes=key) for key in self._column_of]

    def add(self, chunk: list[tuple[object, int, str | bytes, str, str | bytes]]) -> None:
        """One chunk of grouped rows: (attempt, count, revision ids, chosen texts, seconds)."""
        attempts, counts, revisions, chosen, seconds = zip(*chunk, strict=True)
        repeats = np.asarray(counts, dtype=np.int64)
        total = int(repeats.sum())
        rows = np.fromiter(map(self._row_of.__getitem__, attempts), np.int64, len(attempts))
        columns = np.concatenate([self._form(text) for text in revisions])
        if len(columns) != total:
            raise ValueError(
                f"expected {total} revision ids from the database, read {len(columns)}"
            )
        self._flat.rows.append(np.repeat(rows, repeats))
        self._flat.columns.append(columns)
        self._flat.codes.append(self._codes(chosen, total))
        self._flat.seconds.append(self._spelling.seconds_array(list(seconds), total))

    def _form(self, revisions: str | bytes) -> np.ndarray:
        columns = self._forms.get(revisions)
        if columns is None:
            ids = self._spelling.id_bytes(revisions)
            column_of = self._column_of
            columns = np.fromiter(
                (
                    column_of.setdefault(ids[at : at + ID_BYTES], len(column_of))
                    for at in range(0, len(ids), ID_BYTES)
                ),
                dtype=np.int32,
                count=len(ids) // ID_BYTES,
            )
            if len(self._forms) >= FORMS_KEPT:
                self._forms.clear()
            self._forms[revisions] = columns
        return columns

    def _codes(self, chosen: tuple[str, ...], count: int) -> np.ndarray:
        texts = CHOSEN_SEPARATOR.join(chosen).split(CHOSEN_SEPARATOR)
        if len(texts) != count:
            raise ValueError("a chosen answer contains the separator; cannot split the responses")
        known = self._texts
        for text in set(texts).difference(known):
            known[text] = len(known)
        return np.fromiter(map(known.__getitem__, texts), dtype=np.int32, count=count)

    def arrays(
        self, attempts: int, revision_ids: list[UUID], keys: list[RevisionKey]
    ) -> ResponseArrays:
        """Row i is the attempt ``row_of`` numbers i; column j is ``revision_ids[j]`` (scored
        by ``keys[j]``), which must name every revision answered."""
        k = len(keys)
        final = np.full(len(self._column_of), -1, dtype=np.int64)
        position = {revision: j for j, revision in enumerate(revision_ids)}
        for provisional, revision in enumerate(self.revision_ids):
            final[provisional] = position.get(revision, -1)
        if (final < 0).any():
            raise ValueError("a response names a revision the caller did not read")
        rows, provisional_columns, codes, seconds = self._flat.joined()
        columns = final[provisional_columns]
        cells = rows * k + columns
        score_table, choice_table = _score_tables(keys, list(self._texts))
        scores = np.zeros((attempts, k), dtype=np.uint8)
        presented = np.zeros((attempts, k), dtype=bool)
        choices = np.full((attempts, k), OMITTED, dtype=np.int8)
        times = np.full((attempts, k), np.nan, dtype=np.float64)
        presented.reshape(-1)[cells] = True
        scores.reshape(-1)[cells] = score_table[columns, codes]
        choices.reshape(-1)[cells] = choice_table[columns, codes]
        times.reshape(-1)[cells] = np.where(seconds < 0, np.nan, seconds)
        return ResponseArrays(scores=scores, presented=presented, choices=choices, times=times)


def _score_tables(keys: list[RevisionKey], texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """(column, chosen text code) -> score and choice code, each pair parsed and scored once."""
    scores = np.zeros((len(keys), len(texts)), dtype=np.uint8)
    choices = np.zeros((len(keys), len(texts)), dtype=np.int8)
    for t, text in enumerate(texts):
        parsed = json.loads(text) if text else []
        chosen = [str(option) for option in parsed] if isinstance(parsed, list) else []
        for j, key in enumerate(keys):
            scores[j, t] = key.score(chosen)
            choices[j, t] = key.choice(chosen)
    return scores, choices


async def read_responses(
    session: AsyncSession, attempts: Select[UUID], row_of: dict[object, int]
) -> ReadResponses:
    """The responses of the attempts whose ids ``attempts`` selects, one row per attempt
    streamed a chunk at a time; ``row_of`` maps each of those attempts (its ``raw_id``) to
    its row."""
    connection = await session.connection()
    spelling = _Spelling(connection.dialect.name)
    query = (
        select(
            raw_id(ResponseRow.attempt_id),
            func.count(),
            spelling.revisions(),
            func.aggregate_strings(cast(ResponseRow.chosen, String), CHOSEN_SEPARATOR),
            spelling.seconds(),
        )
        .where(ResponseRow.attempt_id.in_(attempts.scalar_subquery()))
        .group_by(ResponseRow.attempt_id)
        .execution_options(yield_per=CHUNK)
    )
    read = ReadResponses(spelling, row_of)
    # Core, not the ORM: the session's own stream() would run every row through ORM loading.
    result = await connection.stream(query)
    async for chunk in result.partitions(CHUNK):
        read.add(chunk)  # type: ignore[arg-type]
    return read
