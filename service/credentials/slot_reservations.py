"""Status slots drawn by this process's issuance rounds, held a while after the round ends.

On PostgreSQL a process runs two issuance rounds side by side, so that one writes and commits
while the other's documents are being signed. Each round reads the used slots from the
database, which cannot show the other round's uncommitted draws; without this set the two
would draw the same slot about once in seven rounds of 100, and the loser would sign its whole
batch again. A round's slots stay held for a minute after it ends, not just until its commit:
a round whose read of the used slots began before that commit would not see them in the
database either. Rounds in other processes are still caught by the unique constraint.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

Slot = tuple[int, int]
Held = tuple[str, int, int]
"""A slot of one database (its URL): a process (a test run) may issue into several."""

_held: set[Held] = set()
_round: ContextVar[list[Held] | None] = ContextVar("accredo_issuance_round_slots", default=None)


HELD_AFTER_ROUND_SECONDS = 60.0


@contextmanager
def holding_drawn_slots() -> Iterator[None]:
    """Within this block (one issuance round) drawn slots are held; they are let go a minute
    after it ends, by when any round that could have missed them in the database is over."""
    drawn: list[Held] = []
    token = _round.set(drawn)
    try:
        yield
    finally:
        _round.reset(token)
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            _held.difference_update(drawn)
        else:
            loop.call_later(HELD_AFTER_ROUND_SECONDS, _held.difference_update, drawn)


def held_in(database: str, number: int) -> set[int]:
    """Indexes of list ``number`` of ``database`` held by this process's rounds."""
    return {index for url, list_number, index in _held if url == database and list_number == number}


def hold(database: str, slots: Iterable[Slot]) -> None:
    """Hold slots for the current round (outside a round, nothing is held)."""
    drawn = _round.get()
    if drawn is None:
        return
    fresh = [(database, number, index) for number, index in slots]
    drawn.extend(fresh)
    _held.update(fresh)
