"""Register, read and withdraw a learner's DID.

The DID is checked against the DID Core syntax only; it is never resolved, so holders may use
any method and nothing is fetched on their behalf. One DID per learner: a second PUT replaces
the first. Credentials issued earlier keep the subject id they were signed with; the DID is
read again at each issuance (renewals included).
"""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from credentials.keys import did_syntax_problem
from service.db.models import HolderDidRow
from service.holders.errors import InvalidDid

FIELD = "did"


def checked_did(value: str) -> str:
    problem = did_syntax_problem(value)
    if problem is not None:
        raise InvalidDid(problem, field=FIELD)
    return value


async def holder_did(session: AsyncSession, learner_id: str) -> str | None:
    return await session.scalar(
        select(HolderDidRow.did).where(HolderDidRow.learner_id == learner_id)
    )


async def holder_dids(session: AsyncSession, learner_ids: Collection[str]) -> dict[str, str]:
    """The DIDs registered by those of ``learner_ids`` who registered one."""
    if not learner_ids:
        return {}
    rows = await session.execute(
        select(HolderDidRow.learner_id, HolderDidRow.did).where(
            HolderDidRow.learner_id.in_(learner_ids)
        )
    )
    return {learner_id: did for learner_id, did in rows.all()}


async def set_holder_did(session: AsyncSession, learner_id: str, did: str) -> str:
    """Store (or replace) the learner's DID; concurrent first registrations both succeed."""
    did = checked_did(did)
    for _ in range(2):
        row = await session.scalar(
            select(HolderDidRow).where(HolderDidRow.learner_id == learner_id).with_for_update()
        )
        if row is not None:
            row.did = did
            await session.flush()
            return did
        try:
            async with session.begin_nested():
                session.add(HolderDidRow(learner_id=learner_id, did=did))
            return did
        except IntegrityError:
            continue
    raise RuntimeError(f"could not store the DID of learner {learner_id!r}")


async def remove_holder_did(session: AsyncSession, learner_id: str) -> bool:
    """Withdraw the DID; False when there was none."""
    result = await session.execute(
        delete(HolderDidRow).where(HolderDidRow.learner_id == learner_id)
    )
    return bool(getattr(result, "rowcount", 0))
