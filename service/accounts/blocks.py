"""What an outgoing event says about a learner's account: the one lookup the webhooks use.

Kept apart from the account use cases so that the webhook payloads (which the use cases
announce changes through) can read it without an import circle.
"""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from service.accounts import store
from service.accounts.errors import AccountNotFound


@dataclass(frozen=True)
class AccountBlock:
    """What an outgoing event says about an account, so a CRM needs no second call."""

    id: UUID
    external_id: str
    name: str
    job_role: str | None


async def account_block(
    session: AsyncSession, learner_id: str, account_id: UUID | None = None
) -> AccountBlock | None:
    """The learner's account for an event payload.

    With ``account_id`` (a credential's account, kept from issuance) that account is named,
    with the learner's job role if they are still in it; without, their current account.
    """
    membership = await store.membership_of(session, learner_id)
    if account_id is not None:
        wanted: UUID | None = account_id
    else:
        wanted = membership.account_id if membership is not None else None
    if wanted is None:
        return None
    try:
        account = await store.load_account(session, wanted)
    except AccountNotFound:
        return None
    role = membership.job_role if membership and membership.account_id == wanted else None
    return AccountBlock(account.id, account.external_id, account.name, role)
