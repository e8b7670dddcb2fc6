"""Each process's memory of started attempts' forms, for answer saves.

An answer save is the most frequent request of an exam day. Its position, its answer and
the deadline can all be checked against what an attempt fixed when it started (whose it is,
its deadline, the revision at each position), none of which ever changes afterwards; only
the attempt's status can. Kept here, those checks cost no database read, and the save sends
the database one statement that checks the status under the attempt's lock and writes
(`store.save_if_in_progress`). An entry is only ever a shortcut: the statement checks the
attempt's learner and status itself, and anything the shortcut cannot settle goes the
locked way (`services.save_answer`).
"""

from __future__ import annotations

from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from service.attempts import store
from service.attempts.store import StartedForm
from service.lru import Lru

STARTED_FORMS_KEPT = 8192
"""About 0.7 KB each for a 60-item form (the revision ids are interned): a few MB for a
large exam day's sittings in every process."""

started_forms: Lru[UUID, StartedForm] = Lru(maxsize=STARTED_FORMS_KEPT)


async def started_form_of(session: AsyncSession, attempt_id: UUID) -> StartedForm | None:
    """The attempt's form, read once per process; None if there is no such attempt."""
    known = started_forms.get(attempt_id)
    if known is None:
        known = await store.read_started_form(session, attempt_id)
        if known is not None:
            started_forms.put(attempt_id, known)
    return known
