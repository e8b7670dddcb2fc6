"""The one place events learn which customer account a learner belongs to.

Credential events name the account the credential was earned under (kept on the credential at
issuance), so a CRM credits the account that earned it even after the learner moves; attempt
and membership events name the learner's current account.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from service.accounts.blocks import account_block, account_blocks


@dataclass(frozen=True)
class AccountFacts:
    id: UUID
    external_id: str
    name: str
    job_role: str | None


async def account_facts(
    session: AsyncSession, learner_id: str, account_id: UUID | None = None
) -> AccountFacts | None:
    """The account named by ``account_id``, else the learner's current one; None without."""
    block = await account_block(session, learner_id, account_id)
    if block is None:
        return None
    return AccountFacts(block.id, block.external_id, block.name, block.job_role)


async def account_facts_many(
    session: AsyncSession, wanted: Collection[tuple[str, UUID | None]]
) -> dict[tuple[str, UUID | None], AccountFacts]:
    """`account_facts` for many (learner, account) pairs; pairs without an account are left out."""
    blocks = await account_blocks(session, wanted)
    return {
        key: AccountFacts(block.id, block.external_id, block.name, block.job_role)
        for key, block in blocks.items()
    }
