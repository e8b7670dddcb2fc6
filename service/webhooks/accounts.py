"""The one place events learn which customer account a learner belongs to.

Accounts are built in another area (issue 13's accounts and coverage); until that store is
merged this answers None, and every payload's ``account`` is null. The lead wires this
function to the accounts store at merge: it is the only call the webhook payloads make, so
nothing else here changes.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession


@dataclass(frozen=True)
class AccountFacts:
    external_id: str
    name: str


async def account_facts(session: AsyncSession, learner_id: str) -> AccountFacts | None:
    """The account the learner belongs to now, or None (no account, or accounts not wired)."""
    del session, learner_id
    return None
