"""Status slots drawn by this process's issuance rounds that are not committed yet.

On PostgreSQL a process runs two issuance rounds side by side, so that one writes and commits
while the other's documents are being signed. Each round reads the used slots from the
database, which cannot show the other round's uncommitted draws; without this set the two
would draw the same slot about once in seven rounds of 100, and the loser would sign its whole
batch again. Rounds in other processes are still caught by the unique constraint.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

Slot = tuple[int, int]

_held: set[Slot] = set()
_round: ContextVar[list[Slot] | None] = ContextVar("accredo_issuance_round_slots", default=None)


@contextmanager
def holding_drawn_slots() -> Iterator[None]:
    """Within this block (one issuance round) drawn slots stay held until the round ends,
    committed or not: once committed the database shows them; rolled back, they are free."""
    drawn: list[Slot] = []
    token = _round.set(drawn)
    try:
        yield
    finally:
        _round.reset(token)
        _held.difference_update(drawn)


def held_in(number: int) -> set[int]:
    """Indexes of list ``number`` held by rounds of this process that have not ended."""
    return {index for list_number, index in _held if list_number == number}


def hold(slots: Iterable[Slot]) -> None:
    """Hold slots for the current round (outside a round, nothing is held)."""
    drawn = _round.get()
    if drawn is None:
        return
    fresh = list(slots)
    drawn.extend(fresh)
    _held.update(fresh)
