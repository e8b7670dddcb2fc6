"""Account and membership use cases; the caller's session is the transaction.

Two functions are for other areas: `accounts_at_issuance` (credentials record the account a
credential was earned under) and `account_block` (what an outgoing event says about a
learner's account). A token's ``account`` claim places a learner on first use
(`join_from_token`) and never moves one who already belongs to an account: after the first
placement the admin's memberships win.
"""

from __future__ import annotations

import logging
from collections.abc import Collection
from datetime import datetime
from uuid import UUID

import msgspec
from sqlalchemy.ext.asyncio import AsyncSession

from service.accounts import store
from service.accounts.blocks import AccountBlock, account_block
from service.accounts.errors import (
    AccountInputRejected,
    ExternalIdTaken,
    MembershipNotFound,
    MembershipRaced,
)
from service.accounts.schemas import AccountCreate, AccountUpdate, Metadata, RoleExpectation
from service.accounts.store import AccountRecord, MembershipRecord, MoveRecord
from service.auth.tokens import Principal
from service.errors import Problem
from service.pagination import LimitOffset
from service.webhooks.emit import announce_coverage
from service.webhooks.payloads import learner_block
from service.wire import character_problem

__all__ = ["AccountBlock", "account_block"]  # the event payloads' view, kept here for callers

logger = logging.getLogger("accredo.accounts")
MAX_METADATA_KEYS = 50
MAX_METADATA_KEY_LENGTH = 100
MAX_METADATA_TEXT_LENGTH = 1_000
FIRST_USE_ACTOR = "first-use"
"""``moved_by`` of a placement made from a token's ``account`` claim."""


def metadata_problems(metadata: Metadata | None, field: str = "metadata") -> list[Problem]:
    """Why ``metadata`` cannot be kept: a flat object, at most 50 keys, short texts."""
    if metadata is None:
        return []
    problems = []
    if len(metadata) > MAX_METADATA_KEYS:
        problems.append(Problem(f"must have at most {MAX_METADATA_KEYS} keys", field))
    for key, value in metadata.items():
        where = f"{field}.{key}"
        if not key or len(key) > MAX_METADATA_KEY_LENGTH:
            problems.append(
                Problem(f"keys must have 1 to {MAX_METADATA_KEY_LENGTH} characters", where)
            )
        elif (reason := character_problem(key)) is not None:
            problems.append(Problem(f"the key {reason}", field))
        if isinstance(value, str):
            if len(value) > MAX_METADATA_TEXT_LENGTH:
                problems.append(
                    Problem(f"texts must have at most {MAX_METADATA_TEXT_LENGTH} characters", where)
                )
            elif (reason := character_problem(value)) is not None:
                problems.append(Problem(reason, where))
    return problems


def _text_problems(values: dict[str, str]) -> list[Problem]:
    problems = []
    for field, value in values.items():
        if not value.strip():
            problems.append(Problem("must not be blank", field))
        elif (reason := character_problem(value)) is not None:
            problems.append(Problem(reason, field))
    return problems


async def create_account(session: AsyncSession, spec: AccountCreate) -> AccountRecord:
    problems = _text_problems({"name": spec.name, "externalId": spec.external_id})
    problems += metadata_problems(spec.metadata)
    if problems:
        raise AccountInputRejected("account", problems)
    external_id = spec.external_id.strip()
    if await store.external_id_taken(session, external_id):
        raise ExternalIdTaken(external_id)
    return await store.insert_account(session, spec.name.strip(), external_id, spec.metadata)


async def update_account(
    session: AsyncSession, account_id: UUID, spec: AccountUpdate
) -> AccountRecord:
    changes: dict[str, object] = {}
    texts: dict[str, str] = {}
    if not isinstance(spec.name, msgspec.UnsetType):
        texts["name"] = spec.name
        changes["name"] = spec.name.strip()
    if not isinstance(spec.external_id, msgspec.UnsetType):
        texts["externalId"] = spec.external_id
        changes["external_id"] = spec.external_id.strip()
    problems = _text_problems(texts)
    if not isinstance(spec.metadata, msgspec.UnsetType):
        problems += metadata_problems(spec.metadata)
        changes["metadata"] = spec.metadata
    if problems:
        raise AccountInputRejected("account", problems)
    await store.load_account(session, account_id)
    external_id = changes.get("external_id")
    if isinstance(external_id, str) and await store.external_id_taken(
        session, external_id, other_than=account_id
    ):
        raise ExternalIdTaken(external_id)
    return await store.update_account(session, account_id, changes)


async def get_account(session: AsyncSession, account_id: UUID) -> tuple[AccountRecord, int]:
    account = await store.load_account(session, account_id)
    return account, await store.learner_count(session, account_id)


async def list_accounts(
    session: AsyncSession, bounds: LimitOffset
) -> tuple[list[tuple[AccountRecord, int]], int]:
    return await store.list_accounts(session, bounds)


async def set_membership(
    session: AsyncSession,
    learner_id: str,
    account_id: UUID,
    job_role: str | None,
    *,
    now: datetime,
    by: str,
) -> MembershipRecord:
    """Add the learner to the account, or move them there from another; sets the job role."""
    problems = _text_problems({"learnerId": learner_id})
    if job_role is not None:
        problems += _text_problems({"jobRole": job_role})
    if problems:
        raise AccountInputRejected("membership", problems)
    await store.load_account(session, account_id)
    role = job_role.strip() if job_role is not None else None
    before = await store.membership_of(session, learner_id)
    if await store.save_membership(session, learner_id, account_id, role, now=now, by=by):
        await announce_membership_change(
            session, learner_id, before.account_id if before else None, account_id, now=now
        )
    found = await store.membership_of(session, learner_id)
    assert found is not None
    return found


async def remove_membership(
    session: AsyncSession, learner_id: str, *, now: datetime, by: str
) -> None:
    before = await store.membership_of(session, learner_id)
    if before is None:
        raise MembershipNotFound(learner_id)
    await store.save_membership(session, learner_id, None, None, now=now, by=by)
    await announce_membership_change(session, learner_id, before.account_id, None, now=now)


async def membership_history(
    session: AsyncSession, learner_id: str
) -> tuple[MembershipRecord | None, list[MoveRecord]]:
    current = await store.membership_of(session, learner_id)
    moves = await store.moves_of(session, learner_id)
    if current is None and not moves:
        raise MembershipNotFound(learner_id)
    return current, moves


async def announce_membership_change(
    session: AsyncSession,
    learner_id: str,
    left: UUID | None,
    joined: UUID | None,
    *,
    now: datetime,
) -> None:
    """``account.coverage_changed`` for each account the learner left or joined (or whose job
    role they changed in, when ``left == joined``): its learners and gaps moved."""
    learner = await learner_block(session, learner_id)
    if left is not None and left != joined:
        await announce_coverage(session, left, now, change="member.left", learner=learner)
    if joined is not None:
        change = "member.joined" if left != joined else "member.role_changed"
        await announce_coverage(session, joined, now, change=change, learner=learner)


async def account_members(
    session: AsyncSession, account_id: UUID, bounds: LimitOffset
) -> tuple[list[MembershipRecord], int]:
    await store.load_account(session, account_id)
    return await store.members(session, account_id, bounds)


async def join_from_token(session: AsyncSession, principal: Principal, now: datetime) -> bool:
    """Place a learner in the account their token names, if they belong to none yet.

    An unknown external id places no one (the LMS may name an account the admins have not
    created yet): it is logged, and the learner's request goes on.
    """
    if principal.account is None:
        return False
    if await store.membership_of(session, principal.subject) is not None:
        return False
    account = await store.account_by_external_id(session, principal.account)
    if account is None:
        logger.warning("token of %r names unknown account %r", principal.subject, principal.account)
        return False
    try:
        placed = await store.save_membership(
            session, principal.subject, account.id, None, now=now, by=FIRST_USE_ACTOR
        )
    except MembershipRaced:
        return False  # a concurrent request of the same learner placed them already
    if placed:
        await announce_membership_change(session, principal.subject, None, account.id, now=now)
    return placed


async def place_on_first_use(session: AsyncSession, principal: Principal, now: datetime) -> bool:
    """`join_from_token` as its own unit of work: committed at once when it places the
    learner, so the placement holds even if the request that brought them is then refused."""
    placed = await join_from_token(session, principal, now)
    if placed:
        await session.commit()
    return placed


async def accounts_at_issuance(
    session: AsyncSession, learner_ids: Collection[str]
) -> dict[str, UUID]:
    """The account a credential issued now to each learner is earned under (absent: none)."""
    memberships = await store.memberships_of(session, learner_ids)
    return {learner_id: found.account_id for learner_id, found in memberships.items()}


async def role_expectations(session: AsyncSession, account_id: UUID | None) -> dict[str, str]:
    if account_id is not None:
        await store.load_account(session, account_id)
    return await store.expectations(session, account_id)


async def replace_role_expectations(
    session: AsyncSession, account_id: UUID | None, chosen: list[RoleExpectation]
) -> dict[str, str]:
    """Replace one scope's expectations (the defaults when ``account_id`` is None)."""
    problems = []
    seen: set[str] = set()
    for index, expectation in enumerate(chosen):
        role = expectation.job_role.strip()
        if not role:
            problems.append(Problem("must not be blank", f"expectations[{index}].jobRole"))
        elif role in seen:
            problems.append(Problem("names a role twice", f"expectations[{index}].jobRole"))
        seen.add(role)
    if problems:
        raise AccountInputRejected("role expectations", problems)
    if account_id is not None:
        await store.load_account(session, account_id)
    pairs = [(e.job_role.strip(), e.tier) for e in chosen]
    await store.replace_expectations(session, account_id, pairs)
    return dict(pairs)
