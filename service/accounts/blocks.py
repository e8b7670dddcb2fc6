"""What an outgoing event says about a learner's account: the one lookup the webhooks use.

Kept apart from the account use cases so that the webhook payloads (which the use cases
announce changes through) can read it without an import circle.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from service.accounts import store


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
    wanted = (learner_id, account_id)
    return (await account_blocks(session, [wanted])).get(wanted)


async def account_blocks(
    session: AsyncSession, wanted: Collection[tuple[str, UUID | None]]
) -> dict[tuple[str, UUID | None], AccountBlock]:
    """`account_block` for many (learner, account) pairs in two reads; pairs naming no
    account that exists are left out."""
    memberships = await store.memberships_of(session, {learner for learner, _ in wanted})
    targets: dict[tuple[str, UUID | None], UUID] = {}
    for learner_id, account_id in wanted:
        membership = memberships.get(learner_id)
        target = account_id
        if target is None and membership is not None:
            target = membership.account_id
        if target is not None:
            targets[(learner_id, account_id)] = target
    accounts = await store.load_accounts(session, set(targets.values()))
    blocks: dict[tuple[str, UUID | None], AccountBlock] = {}
    for (learner_id, account_id), target in targets.items():
        account = accounts.get(target)
        if account is None:
            continue
        membership = memberships.get(learner_id)
        role = membership.job_role if membership and membership.account_id == target else None
        blocks[(learner_id, account_id)] = AccountBlock(
            account.id, account.external_id, account.name, role
        )
    return blocks
