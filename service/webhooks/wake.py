"""Wake this process's delivery worker as soon as a transaction that wrote events commits.

The outbox functions mark their session (``written``); when that session commits, every
subscribed worker is woken, so an event written in this process goes out at once instead of
at the next poll. A rollback forgets the mark: nothing was written. Workers in other
processes do not hear this; they find the events at their next poll
(``ACCREDO_WEBHOOKS_POLL_MS``).
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

_MARK = "accredo.webhooks.written"
_subscribers: list[Callable[[], None]] = []


def written(session: AsyncSession) -> None:
    """This transaction owes deliveries: wake the workers when it commits."""
    session.sync_session.info[_MARK] = True


def subscribe(wake: Callable[[], None]) -> None:
    _subscribers.append(wake)


def unsubscribe(wake: Callable[[], None]) -> None:
    if wake in _subscribers:
        _subscribers.remove(wake)


@event.listens_for(Session, "after_commit")
def _after_commit(session: Session) -> None:
    if session.info.pop(_MARK, False):
        for wake in list(_subscribers):
            wake()


@event.listens_for(Session, "after_rollback")
def _after_rollback(session: Session) -> None:
    session.info.pop(_MARK, None)
