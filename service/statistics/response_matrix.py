"""Read an exam's responses straight into numpy arrays, with no Python work per response.

A 10,000 x 100 exam is a million response rows. Building a Python object (or even a tuple of
UUIDs and parsed JSON) per row costs seconds and about a gigabyte, and so does any per-row
work in the driver, so the database aggregates: per attempt, its revision ids, chosen texts
and seconds, grouped along the responses' (attempt, revision) index; and per batch of
``CHUNK`` attempts (a range of attempt ids), those strings again, so one query returns one
row of a few megabytes. All aggregates of a group see its rows in the same order, so their
items line up. Each dialect spells them in the form it makes and Python reads back cheapest
(``Spelling``): PostgreSQL concatenates the raw 16-byte uuids and 8-byte big-endian doubles
(``uuid_send``, ``float8send``: no text formatting on the server, ``np.frombuffer`` on the
client, the exact stored doubles); SQLite concatenates the 16-byte id blobs as they are and
spells the seconds as text (its ``%!.15g``), which it has no binary form for.

The batches are pipelined: while one batch is parsed in a worker thread, the database (the
PostgreSQL server, or SQLite in aiosqlite's thread, which runs without the GIL while it
steps) computes the next. One row per batch is what makes that work: with a row per attempt
the database thread needs the GIL back after every attempt and waits behind the parser.

An earlier version joined the responses to numbered attempts and revisions so that the
database returned array positions; SQLite then looked every response up by both keys, a
million index probes, which took several times longer than reading the rows in index order.

Per batch, the parse works per attempt or per distinct value, never per response in Python:

- columns: attempts that were given the same form send the same revision-id bytes, so each
  distinct form is split into ids once (a bounded cache) and its attempts share the result;
- chosen answers stay text: the distinct texts are few (an option id or nothing, per item),
  so each gets a code (one dict lookup per response, in C through ``map``) and each
  (column, text) pair is parsed and scored once (``RevisionKey``), after the last batch;
- seconds and counts are parsed by numpy in one pass.

Columns are numbered as ids first appear and renumbered at the end, when the caller has read
the revisions those ids name (in the same snapshot) and put them in report order. Memory is
the result arrays (about 19 bytes per cell) plus 20 bytes per response while reading.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

import anyio.to_thread
import numpy as np
from sqlalchemy import (
    ARRAY,
    ColumnElement,
    LargeBinary,
    Select,
    String,
    Uuid,
    any_,
    bindparam,
    cast,
    func,
    literal,
    select,
    type_coerce,
)
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession
from sqlalchemy.orm import QueryableAttribute

from itembank.statistics import OMITTED
from service.db.models import ResponseRow
from service.statistics.scoring import RevisionKey

CHUNK = 1_000
"""Attempts per query: its one row carries their responses (about 3 kB an attempt for 100
items), and the next batch is computed while this one is parsed."""
FORMS_KEPT = 1_024
"""Distinct forms whose column numbers are remembered; past that the cache starts again (an
exam that draws a new form for every attempt gains nothing from it, and must not hold every
attempt's ids)."""
NO_TIME = -1.0
CHOSEN_SEPARATOR = "\x1e"
"""Between the chosen-answer JSON texts: JSON text never holds a raw control character (it
escapes them), so this cannot occur inside an answer."""
ID_BYTES = 16


@dataclass(frozen=True, slots=True)
class ResponseArrays:
    """N attempts x k revisions. Cells not presented: score 0, choice OMITTED, time NaN."""

    scores: np.ndarray
    presented: np.ndarray
    choices: np.ndarray
    times: np.ndarray


class Spelling:
    """How one dialect spells ids as bytes and aggregates an attempt's, then a batch's,
    revision ids, chosen texts and seconds; and how to read the seconds back."""

    def __init__(self, dialect: str) -> None:
        self._sqlite = dialect == "sqlite"

    def id_bytes(
        self, column: QueryableAttribute[UUID] | ColumnElement[Any]
    ) -> ColumnElement[bytes]:
        """A uuid column as its 16 bytes: SQLite stores them so; PostgreSQL's ``uuid_send``."""
        if self._sqlite:
            return type_coerce(column, LargeBinary)
        return type_coerce(func.uuid_send(column), LargeBinary)

    def among(self, column: QueryableAttribute[UUID], ids: Sequence[bytes]) -> ColumnElement[bool]:
        """``column`` is one of ``ids``: on SQLite an IN of the blobs as they are, on
        PostgreSQL ``= ANY`` of one uuid[] parameter (an IN of a thousand parameters costs
        asyncpg and the planner several times more)."""
        if self._sqlite:
            return type_coerce(column, LargeBinary).in_(ids)
        uuids = bindparam("ids", [UUID(bytes=key) for key in ids], type_=ARRAY(Uuid()))
        return column == any_(uuids)

    def concat_bytes(self, value: ColumnElement[Any]) -> ColumnElement[bytes]:
        if self._sqlite:
            # group_concat appends each value's bytes as they are (a UTF-8 database reads a
            # blob as text without converting it), so the blob cast of the result is the
            # values back to back. (A UTF-16 database would convert them; the checks on the
            # lengths and on the ids read would refuse the result.)
            return cast(func.aggregate_strings(value, ""), LargeBinary)
        return type_coerce(func.string_agg(value, literal(b"", LargeBinary)), LargeBinary)

    def seconds(self) -> ColumnElement[Any]:
        seconds = func.coalesce(ResponseRow.seconds_spent, NO_TIME)
        if self._sqlite:
            return func.aggregate_strings(cast(seconds, String), ",")
        return self.concat_bytes(func.float8send(seconds))

    def concat_seconds(self, value: ColumnElement[Any]) -> ColumnElement[Any]:
        if self._sqlite:
            return func.aggregate_strings(value, ",")
        return self.concat_bytes(value)

    def seconds_array(self, value: str | bytes, count: int) -> np.ndarray:
        if isinstance(value, str):
            parsed = np.fromstring(value, dtype=np.float64, sep=",")
        else:
            parsed = np.frombuffer(value, dtype=">f8").astype(np.float64)
        if len(parsed) != count:
            raise ValueError(f"expected {count} seconds from the database, read {len(parsed)}")
        return parsed


@dataclass
class _Flat:
    """Every response read so far as parallel arrays, one piece per batch (never joined: the
    cells are written a batch at a time, which is faster than concatenating a million of
    each first and needs no copy of them)."""

    rows: list[np.ndarray] = field(default_factory=list)
    columns: list[np.ndarray] = field(default_factory=list)
    codes: list[np.ndarray] = field(default_factory=list)
    seconds: list[np.ndarray] = field(default_factory=list)

    def batches(self) -> zip[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]]:
        return zip(self.rows, self.columns, self.codes, self.seconds, strict=True)


class ReadResponses:
    """The responses of the attempts ``row_of`` numbers (by id bytes), as read, columns not
    yet in report order."""

    def __init__(self, row_of: dict[bytes, int]) -> None:
        self._row_of = row_of
        self._column_of: dict[bytes, int] = {}
        self._forms: dict[bytes, np.ndarray] = {}
        self._texts: dict[str, int] = {}
        self._flat = _Flat()

    @property
    def revision_ids(self) -> list[UUID]:
        """The revisions answered, in the order of their provisional column numbers."""
        return [UUID(bytes=key) for key in self._column_of]

    def add(self, batch: tuple[Any, ...], spelling: Spelling) -> None:
        """One batch: (attempts, attempt ids, response counts, revision ids, chosen texts,
        seconds), each a concatenation over its attempts in the same order."""
        attempts, ids, counts_text, revisions, chosen, seconds = batch
        if not attempts:
            return
        if len(ids) != attempts * ID_BYTES:
            raise ValueError(f"expected {attempts} attempt ids, read {len(ids)} bytes")
        counts = np.fromstring(counts_text, dtype=np.int64, sep=",")
        if len(counts) != attempts:
            raise ValueError(f"expected {attempts} response counts, read {len(counts)}")
        total = int(counts.sum())
        if len(revisions) != total * ID_BYTES:
            raise ValueError(f"expected {total} revision ids, read {len(revisions)} bytes")
        rows = np.fromiter(
            (self._row_of[ids[at : at + ID_BYTES]] for at in range(0, len(ids), ID_BYTES)),
            dtype=np.int64,
            count=attempts,
        )
        ends = (np.cumsum(counts) * ID_BYTES).tolist()
        starts = [0, *ends[:-1]]
        columns = np.concatenate(
            [self._form(revisions[start:end]) for start, end in zip(starts, ends, strict=True)]
        )
        self._flat.rows.append(np.repeat(rows, counts))
        self._flat.columns.append(columns)
        self._flat.codes.append(self._codes(chosen, total))
        self._flat.seconds.append(spelling.seconds_array(seconds, total))

    def _form(self, revisions: bytes) -> np.ndarray:
        columns = self._forms.get(revisions)
        if columns is None:
            column_of = self._column_of
            columns = np.fromiter(
                (
                    column_of.setdefault(revisions[at : at + ID_BYTES], len(column_of))
                    for at in range(0, len(revisions), ID_BYTES)
                ),
                dtype=np.int32,
                count=len(revisions) // ID_BYTES,
            )
            if len(self._forms) >= FORMS_KEPT:
                self._forms.clear()
            self._forms[revisions] = columns
        return columns

    def _codes(self, chosen: str, count: int) -> np.ndarray:
        texts = chosen.split(CHOSEN_SEPARATOR)
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
        final = np.full(len(self._column_of), -1, dtype=np.intp)
        position = {revision: j for j, revision in enumerate(revision_ids)}
        for provisional, revision in enumerate(self.revision_ids):
            final[provisional] = position.get(revision, -1)
        if (final < 0).any():
            raise ValueError("a response names a revision the caller did not read")
        texts = list(self._texts)
        score_table, choice_table = _score_tables(keys, texts)
        # (column, text) pairs as flat positions in the tables: a 1-D take is cheaper than
        # indexing the 2-D tables with two index arrays
        score_of, choice_of = score_table.reshape(-1), choice_table.reshape(-1)
        scores = np.zeros((attempts, k), dtype=np.uint8)
        presented = np.zeros((attempts, k), dtype=bool)
        choices = np.full((attempts, k), OMITTED, dtype=np.int8)
        times = np.full((attempts, k), np.nan, dtype=np.float64)
        for rows, provisional_columns, codes, seconds in self._flat.batches():
            columns = final[provisional_columns]
            cells = rows * k + columns
            pairs = columns * len(texts) + codes
            presented.reshape(-1)[cells] = True
            scores.reshape(-1)[cells] = score_of[pairs]
            choices.reshape(-1)[cells] = choice_of[pairs]
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


def _batch(spelling: Spelling, attempt_ids: Sequence[bytes]) -> Select[Any]:
    """One row for the attempts ``attempt_ids``. They are named one by one: a range of ids
    would also take in other exams' and unfinished attempts, and a subquery to filter those
    out costs SQLite a scan of the exam's attempts per batch."""
    attempt = ResponseRow.attempt_id
    per_attempt = (
        select(
            spelling.id_bytes(attempt).label("attempt"),
            func.count().label("responses"),
            spelling.concat_bytes(spelling.id_bytes(ResponseRow.revision_id)).label("revisions"),
            func.aggregate_strings(cast(ResponseRow.chosen, String), CHOSEN_SEPARATOR).label(
                "chosen"
            ),
            spelling.seconds().label("seconds"),
        )
        .where(spelling.among(attempt, attempt_ids))
        .group_by(attempt)
        .subquery()
    )
    return select(
        func.count(),
        spelling.concat_bytes(per_attempt.c.attempt),
        func.aggregate_strings(cast(per_attempt.c.responses, String), ","),
        spelling.concat_bytes(per_attempt.c.revisions),
        func.aggregate_strings(per_attempt.c.chosen, CHOSEN_SEPARATOR),
        spelling.concat_seconds(per_attempt.c.seconds),
    )


async def read_responses(
    session: AsyncSession,
    attempt_ids: Sequence[bytes],
    helper: AsyncConnection | None = None,
) -> ReadResponses:
    """The responses of the attempts ``attempt_ids`` (id bytes, as ``Spelling.id_bytes``
    reads them, in the same snapshot); row i of the result is ``attempt_ids[i]``.

    With a ``helper`` connection (one that reads the same rows: ``second_reader``) the batches
    are shared out between the two as each becomes free, so two PostgreSQL backends compute
    batches at once while this thread parses them one at a time, whichever arrived first:
    the result does not depend on the order (each cell is written once, and columns and
    chosen texts are numbered for good at the end)."""
    connection = await session.connection()
    spelling = Spelling(connection.dialect.name)
    read = ReadResponses({attempt: row for row, attempt in enumerate(attempt_ids)})
    batches = [attempt_ids[start : start + CHUNK] for start in range(0, len(attempt_ids), CHUNK)]
    if not batches:
        return read
    readers = [connection] if helper is None else [connection, helper]
    # A slot per batch being read, read and waiting, or being parsed: two per connection, so
    # each computes its next batch while this thread parses (a batch's row is a few MB).
    slots = asyncio.Semaphore(2 * len(readers))
    arrived: asyncio.Queue[tuple[Any, ...] | BaseException] = asyncio.Queue()
    remaining = iter(batches)
    stopped = False

    async def fetch(reader: AsyncConnection) -> None:
        for ids in remaining:  # shared: a connection takes the next batch when it is free
            try:
                await slots.acquire()
                if stopped:
                    return
                arrived.put_nowait(await _one_row(reader, _batch(spelling, ids)))
            except BaseException as error:  # the parser raises it (and so never waits in vain)
                arrived.put_nowait(error)
                if not isinstance(error, Exception):
                    raise
                return

    fetching = [asyncio.ensure_future(fetch(reader)) for reader in readers]
    try:
        for _ in batches:
            batch = await arrived.get()
            if isinstance(batch, BaseException):
                raise batch
            await anyio.to_thread.run_sync(read.add, batch, spelling)
            slots.release()
    finally:
        # On failure, let the queries under way end before the error leaves (a connection
        # must not be handed back mid-query); the fetchers then stop at their next batch.
        stopped = True
        for _ in readers:
            slots.release()
        await _all_ended(fetching)
    return read


async def _all_ended(tasks: Sequence[asyncio.Future[None]]) -> None:
    """Wait until every fetcher has ended, also if this task is cancelled again meanwhile (the
    cancellation is passed on afterwards): a connection must not be rolled back or handed
    back while one of them still runs a query on it."""
    cancelled = False
    while not all(task.done() for task in tasks):
        try:
            await asyncio.wait(tasks)
        except asyncio.CancelledError:
            cancelled = True
    if cancelled:
        raise asyncio.CancelledError


async def _one_row(connection: AsyncConnection, query: Select[Any]) -> tuple[Any, ...]:
    return tuple((await connection.execute(query)).one())
