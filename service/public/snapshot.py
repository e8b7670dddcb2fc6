"""Each process's copy of what the public routes serve, kept fresh by a cheap change check.

A shared credential link is read by crowds; a database round trip per view costs far more
than the rest of the request. So the public routes answer from memory:

- ``signed``: the encoded bytes of each signed credential version (JSON-LD and VC-JWT). A
  signed version never changes, so these are never invalidated (only evicted, LRU).
- ``current``, ``pages`` and ``documents``: what can change -- which version is current
  (renewal), the rendered page (status, certification), status lists, issuer and keys,
  and the previous origins the issuer answers for (``accredo issuer move``).
  A change to credentials (issued, revoked, suspended, renewed) drops only those
  credentials' copies; any other public change drops them all. Issuing a cohort writes
  credentials several times a second for minutes: dropping everything at each write sent
  every read of every other credential to the database meanwhile.

The change check begins every ``Settings.public_refresh_seconds`` in each process (a
``service.background`` loop paced from start to start, its reads on a loop of their own,
`public_refresher`): for each watched table it reads the rows whose ``updated_at``
audit stamp falls within ``WINDOW`` of the table's newest stamp. That set changes whenever
a row is written by any process -- including a transaction that commits after a later one,
which a bare ``max(updated_at)`` would miss -- so a status change in one process is visible
in every other within about one refresh period. Expiry needs no write: it is computed from
``validUntil`` and the clock on every request. Writes made by this process drop its copies
at commit (SQLAlchemy session events), so a caller reads its own writes at once.

A check that finds nothing written reads no window: each first asks the database for a
marker that moves with every committed write (SQLite's ``data_version`` and the connection's
own change count; PostgreSQL's current transaction snapshot). The window holds a cohort's
thousands of rows for two minutes after it is issued, and re-reading them three times a
second in every process put the check at the read p99 long after the writes had stopped.

If the check has not succeeded for ``stale_after`` seconds (database down, loop stalled),
the snapshot says it is not ``usable`` and the routes read the database as before.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import time
import weakref
from collections.abc import AsyncIterator, Collection, Coroutine
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Protocol, TypeVar
from uuid import UUID

from litestar import Litestar
from sqlalchemy import ColumnElement, String, cast, func, inspect, select, union_all
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.orm import ORMExecuteState, Session
from sqlalchemy.orm import UOWTransaction as _Flush
from sqlalchemy.sql import literal

from service.background import Lifespan, periodic
from service.db.engine import create_engine
from service.db.models import (
    CertificationRow,
    CredentialRow,
    CredentialVersionRow,
    IssuerOriginRow,
    SigningKeyRow,
    StatusListRow,
)
from service.db.session import reading
from service.db.write_marker import Marker, write_marker
from service.loop_thread import LoopThread
from service.lru import Lru
from service.observe.metrics import record_pool
from service.public.shown import ShownVersion

logger = logging.getLogger("accredo.public.snapshot")

WATCHED: tuple[Any, ...] = (
    CredentialRow,
    CredentialVersionRow,
    StatusListRow,
    SigningKeyRow,
    CertificationRow,
    IssuerOriginRow,
)
WINDOW = timedelta(minutes=2)
"""How far back from a table's newest stamp rows are compared. A write is seen as long as its
transaction stamped it less than this before the newest commit (hosts' clocks kept by NTP)."""
ENTRIES = 4096
FRESHNESS_LIMIT = 1.0
"""Memory answers only while the last successful check started less than this ago: a change
is visible everywhere within this (checks run several times within it, so a slow one under
load does not throw every read onto the database)."""
STATE_KEY = "public_snapshot"
_CHANGED = "accredo_public_changed"


@dataclass(frozen=True)
class Encoded:
    """Response bytes with their strong ETag (a hash of exactly these bytes)."""

    body: bytes
    etag: str

    @classmethod
    def of(cls, body: bytes) -> Encoded:
        return cls(body, '"' + hashlib.blake2b(body, digest_size=16).hexdigest() + '"')


@dataclass(frozen=True)
class SignedVersion:
    json: Encoded
    jwt: Encoded


Generation = frozenset[tuple[str, str]]
T = TypeVar("T")


class Runner(Protocol):
    """Awaits a coroutine somewhere (`LoopThread.run`: on its loop) and returns its result."""

    async def __call__(self, coroutine: Coroutine[Any, Any, T], /) -> T: ...


async def _right_here(coroutine: Coroutine[Any, Any, T], /) -> T:
    return await coroutine


class PublicSnapshot:
    def __init__(self, refresh_seconds: float, entries: int = ENTRIES) -> None:
        self.refresh_seconds = refresh_seconds
        self.stale_after = max(FRESHNESS_LIMIT, 2 * refresh_seconds)
        self.signed: Lru[tuple[str, int], SignedVersion] = Lru(entries)
        self.current: Lru[str, ShownVersion] = Lru(entries)
        self.pages: Lru[tuple[Any, ...], Encoded] = Lru(entries)
        self.documents: Lru[tuple[Any, ...], Any] = Lru(256)
        self._generation: Generation | None = None
        self._marker: Marker | None = None
        self._checked_at = float("-inf")
        self.epoch = 0
        """Bumped by every invalidation: a value loaded under an older epoch is not kept."""
        _LIVE.add(self)

    @property
    def usable(self) -> bool:
        """Whether the last successful change check is recent enough to answer from memory."""
        return time.monotonic() - self._checked_at < self.stale_after

    def invalidate(self, public_ids: Collection[str] | None = None) -> None:
        """Forget what can change about these credentials, or (None) everything that can
        change; the signed versions stay."""
        self.epoch += 1
        if public_ids is None:
            self.current.clear()
            self.pages.clear()
            self.documents.clear()
            return
        if not public_ids:
            return
        for public_id in public_ids:
            self.current.pop(public_id)
        self.pages.discard_if(lambda key: key[0] in public_ids)
        self.documents.discard_if(lambda key: key[0] == "version" and key[1] in public_ids)

    def keep(self, cache: Lru[Any, Any], key: Any, value: Any, epoch: int) -> None:
        """Keep ``value`` loaded under ``epoch`` unless a change came in meanwhile."""
        if epoch == self.epoch and self.usable:
            cache.put(key, value)

    async def refresh(self, engine: AsyncEngine, run: Runner = _right_here) -> bool:
        """Compare the database's recent writes with the last check; True if they changed.

        ``run`` runs the check's reads (a `service.loop_thread.LoopThread`'s, where
        ``engine`` lives); the copies are dropped here, on the loop that serves them."""
        started = time.monotonic()
        look = await run(_look(engine, self._marker, self._generation))
        changed = look.generation is not None and look.generation != self._generation
        if changed:
            self.invalidate(look.changed)
            self._generation = look.generation
        self._marker = look.marker
        self._checked_at = started
        return changed


_LIVE: weakref.WeakSet[PublicSnapshot] = weakref.WeakSet()


@dataclass(frozen=True)
class _Look:
    marker: Marker
    generation: Generation | None
    """None: nothing was committed since the last look."""
    changed: set[str] | None
    """The public ids whose copies must go; None: all of them."""


async def _look(engine: AsyncEngine, marker: Marker | None, previous: Generation | None) -> _Look:
    """One check's reads, and which credentials they show changed since ``previous``."""
    now_marker, generation = await _generation(engine, None if previous is None else marker)
    changed: set[str] | None = set()
    if generation is not None and generation != previous:
        changed = (
            None if previous is None else await _changed_credentials(engine, previous ^ generation)
        )
    return _Look(now_marker, generation, changed)


async def _generation(
    engine: AsyncEngine, unchanged_since: Marker | None
) -> tuple[Marker, Generation | None]:
    """The write marker, and the rows of the window; None for the rows when the marker still
    equals ``unchanged_since`` (nothing was committed since, so the window is as it was).

    The marker is read first, in the same read transaction: a write committed after it moves
    the next marker, so the next check reads the window again."""
    # Read-only: on SQLite a check that took the one write lock every 0.3 s queued behind
    # every writer (and they behind it), and a check cancelled at shutdown while it waited
    # for the lock could take it after its task was gone, holding it until the process ended.
    async with reading(engine) as session:
        marker = await write_marker(session)
        if marker == unchanged_since:
            return marker, None
        newest = (
            await session.execute(
                select(*(select(func.max(m.updated_at)).scalar_subquery() for m in WATCHED))
            )
        ).one()
        recent = [
            select(literal(model.__tablename__), _stamps(model, engine.dialect.name)).where(
                model.updated_at >= stamp - WINDOW
            )
            for model, stamp in zip(WATCHED, newest, strict=True)
            if stamp is not None
        ]
        if not recent:
            return marker, frozenset()
        rows = (await session.execute(union_all(*recent))).all()
    return marker, frozenset(
        (str(table), stamp) for table, joined in rows if joined for stamp in joined.split(",")
    )


def _changed_rows(difference: Generation) -> dict[str, set[str]]:
    """The row ids (as the database wrote them) in the entries that differ, by table."""
    rows: dict[str, set[str]] = {}
    for table, entry in difference:
        rows.setdefault(table, set()).add(entry.partition("|")[0])
    return rows


_CREDENTIALS = CredentialRow.__tablename__
_VERSIONS = CredentialVersionRow.__tablename__
TARGETED_AT_MOST = 2000
"""More changed credential rows than this at once (a window sliding past a big cohort) are
not looked up one by one: everything is dropped instead."""


async def _changed_credentials(engine: AsyncEngine, difference: Generation) -> set[str] | None:
    """The public ids of the credentials behind the rows that differ; None when something
    other than credentials changed (or a changed row is gone), so everything must go."""
    rows = _changed_rows(difference)
    if set(rows) - {_CREDENTIALS, _VERSIONS}:
        return None
    credential_ids = {UUID(row_id) for row_id in rows.get(_CREDENTIALS, ())}
    version_ids = {UUID(row_id) for row_id in rows.get(_VERSIONS, ())}
    if len(credential_ids) + len(version_ids) > TARGETED_AT_MOST:
        return None
    lookups = []
    if credential_ids:
        lookups.append(
            select(CredentialRow.id, CredentialRow.public_id).where(
                CredentialRow.id.in_(credential_ids)
            )
        )
    if version_ids:
        lookups.append(
            select(CredentialVersionRow.id, CredentialRow.public_id)
            .join(CredentialRow, CredentialRow.id == CredentialVersionRow.credential_id)
            .where(CredentialVersionRow.id.in_(version_ids))
        )
    if not lookups:
        return set()
    async with reading(engine) as session:
        found = (await session.execute(union_all(*lookups))).all()
    if {row_id for row_id, _ in found} != credential_ids | version_ids:
        return None  # deleted since: whose they were is no longer known
    return {public_id for _, public_id in found}


def _stamps(model: Any, dialect: str) -> ColumnElement[str]:
    """Every (id, stamp) of the selected rows joined into one text by the database.

    After a burst of writes (a cohort's credentials) the window holds thousands of rows for
    two minutes; read as rows, with a UUID and a datetime made of each, every check took
    about 30 ms of the event loop every 0.3 s in every process. One text per table, split in
    C, holds the same facts. The order of the parts does not matter: they are compared as
    a set. Each part is ``id|stamp``, so the rows that changed can be told apart."""
    stamp = literal("|") + cast(model.updated_at, String)
    if dialect == "sqlite":
        return func.group_concat(cast(func.hex(model.id), String) + stamp, ",", type_=String)
    return func.string_agg(cast(model.id, String) + stamp, ",", type_=String)


def snapshot_of(app: Litestar) -> PublicSnapshot:
    snapshot: PublicSnapshot = app.state[STATE_KEY]
    return snapshot


def public_refresher() -> Lifespan:
    """The lifespan that keeps ``app.state.public_snapshot`` fresh.

    The check has a connection of its own: under a burst of requests the shared pool is
    busy, and a check queued behind them would leave the snapshot unusable, sending every
    read to the database and making the burst worse. For the same reason its reads run on a
    loop of their own (`LoopThread`): on the serving loop each of their awaits queued behind
    the requests ready to run.
    """

    @contextlib.asynccontextmanager
    async def lifespan(app: Litestar) -> AsyncIterator[None]:
        own = create_engine(app.state["settings"].database_url, pool_size=1)
        reads = LoopThread("public-change-check")

        async def tick(app: Litestar) -> None:
            await snapshot_of(app).refresh(own, reads.run)
            record_pool(app.state["engine"])

        # Checks begin every ``refresh_seconds`` from start to start: with the wait after each
        # check's end, two slow checks (0.3-0.6 s each on SQLite while a cohort is issued) put
        # more than `FRESHNESS_LIMIT` between the starts of finished checks, and every read
        # in that gap went to the database at once.
        loop = periodic(
            tick,
            every=lambda app: snapshot_of(app).refresh_seconds,
            logger=logger,
            from_start=True,
        )
        try:
            async with loop(app):
                yield
        finally:
            await reads.stop(own.dispose())

    return lifespan


def _public_id(session: Session, obj: object) -> str | None:
    """The public id of the credential a written row belongs to; None if not known without a
    query (then everything is dropped)."""
    if isinstance(obj, CredentialVersionRow):
        credential_id = inspect(obj).dict.get("credential_id")
        if credential_id is None:
            return None
        owner = session.identity_map.get(Session.identity_key(CredentialRow, credential_id))
        if owner is None:  # written in the same flush: not in the identity map yet
            owner = next(
                (
                    new
                    for new in session.new
                    if isinstance(new, CredentialRow) and new.id == credential_id
                ),
                None,
            )
        if owner is None:
            return None
        obj = owner
    if isinstance(obj, CredentialRow):
        public_id: str | None = inspect(obj).dict.get("public_id")
        return public_id
    return None


def _after_flush(session: Session, _flush: _Flush) -> None:
    changed: set[str | None] = session.info.setdefault(_CHANGED, set())
    for objects in (session.new, session.dirty, session.deleted):
        changed.update(_public_id(session, obj) for obj in objects if isinstance(obj, WATCHED))
    if not changed:
        del session.info[_CHANGED]


def _orm_execute(state: ORMExecuteState) -> None:
    if (state.is_update or state.is_delete) and any(
        mapper.class_ in WATCHED for mapper in state.all_mappers
    ):
        state.session.info.setdefault(_CHANGED, set()).add(None)


def _after_commit(session: Session) -> None:
    changed: set[str | None] | None = session.info.pop(_CHANGED, None)
    if changed is not None:
        public_ids = None if None in changed else {i for i in changed if i is not None}
        for snapshot in list(_LIVE):
            snapshot.invalidate(public_ids)


def _after_rollback(session: Session, _previous: object = None) -> None:
    session.info.pop(_CHANGED, None)


def listen() -> None:
    """Hook this process's sessions so its own public writes drop its copies at commit."""
    from sqlalchemy import event

    for name, handler in (
        ("after_flush", _after_flush),
        ("do_orm_execute", _orm_execute),
        ("after_commit", _after_commit),
        ("after_soft_rollback", _after_rollback),
    ):
        if not event.contains(Session, name, handler):
            event.listen(Session, name, handler)
