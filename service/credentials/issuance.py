"""Issue credential versions for passing attempts, signed and stored, a batch at a time.

Exactly-once comes from the database, not from the worker: ``credential_versions.attempt_id``
is unique, each batch is issued inside a savepoint, and a unique violation means another
worker (or a retry) already issued one of them: the batch is re-checked and issued again
without it. Which outbox rows to issue, and what happens when one fails, is
``service.credentials.outbox``.

A batch costs a fixed number of statements, not a number per credential: the attempts, their
certifications, the holders' DIDs and accounts, the credentials held, the status slots and
the signing keys are each read once, every document is signed in one trip to a worker
thread, and the rows and events are written in one flush each. Signing is what is left.

Renewal: a pass for a certification whose holder still has an unexpired, unrevoked credential
re-issues that credential (same id, same status slot, original ``awardedDate``) as a new
version valid until the current ``validUntil`` plus the validity period; the previous version
is kept and marked superseded. The retake policy on the exam side decides when a learner may
sit again (the renewal window); issuance honours any pass. Two passes of one learner for one
certification are never issued in the same batch: the later one waits for the next, so it
renews what the earlier one issued.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from credentials import HeldCredential, credential_to_renew, credential_valid_until
from service.accounts.services import accounts_at_issuance
from service.credentials.document import CredentialFacts, holder_name, unsigned_credential
from service.credentials.signing_pool import signing_pool
from service.credentials.states import CredentialStatus
from service.credentials.status_lists import allocate_slots, credential_entry
from service.credentials.store import (
    IssuanceInputs,
    current_versions,
    held_credentials,
    issuance_inputs,
    issued_attempts,
)
from service.credentials.subject_ids import subject_ids
from service.db.models import CredentialRow, CredentialVersionRow
from service.keys.services import SigningKey, active_signing_key
from service.settings import Settings
from service.webhooks.emit import credentials_changed
from service.webhooks.events import EventType

logger = logging.getLogger("accredo.credentials")
RETRIES = 3


@dataclass
class Issued:
    """What one batch did with the attempts it was given."""

    made: set[UUID] = field(default_factory=set)
    """A credential version was issued (or renewed) for these."""
    deferred: set[UUID] = field(default_factory=set)
    """Another pass of the same learner and certification went first; issue these next."""


async def issue_with_retries(
    session: AsyncSession, settings: Settings, attempt_ids: Sequence[UUID], now: datetime
) -> Issued:
    """Issue for those of the attempts not issued yet; attempts neither made nor deferred are
    owed nothing (issued already, or they did not pass).

    Runs in the caller's transaction; the caller commits. Anything but a lost race propagates.
    """
    for _ in range(RETRIES):
        try:
            async with session.begin_nested():
                return await issue_for_attempts(session, settings, attempt_ids, now)
        except IntegrityError as error:
            logger.info(
                "issuing %d attempts raced another writer (%s); re-checking",
                len(attempt_ids),
                error.orig,
            )
    return Issued()


@dataclass(frozen=True)
class _Planned:
    inputs: IssuanceInputs
    subject_id: str
    renewing: CredentialRow | None


async def issue_for_attempts(
    session: AsyncSession, settings: Settings, attempt_ids: Sequence[UUID], now: datetime
) -> Issued:
    """Issue (or renew) for each attempt that passed and was not issued yet.

    Times are whole seconds, as the credential writes them, so the rows and documents agree.
    """
    now = now.replace(microsecond=0)
    issued = Issued()
    chosen = await _one_per_holder(session, attempt_ids, issued.deferred)
    if not chosen:
        return issued
    plans = await _plan(session, settings, chosen, now)
    drafts = await _drafts(session, settings, plans, now)
    ed25519 = await active_signing_key(session, settings, "Ed25519")
    p256 = await active_signing_key(session, settings, "P-256")
    await _sign_and_store(session, settings, drafts, ed25519, p256, now)
    issued.made.update(draft.plan.inputs.award.attempt_id for draft in drafts)
    new_rows = [draft.row for draft in drafts if draft.plan.renewing is None]
    renewed = [draft.row for draft in drafts if draft.plan.renewing is not None]
    await credentials_changed(session, settings, new_rows, EventType.CREDENTIAL_ISSUED, now)
    await credentials_changed(session, settings, renewed, EventType.CREDENTIAL_RENEWED, now)
    return issued


async def _one_per_holder(
    session: AsyncSession, attempt_ids: Sequence[UUID], deferred: set[UUID]
) -> dict[tuple[UUID, str], IssuanceInputs]:
    """The owed attempts by (certification, learner), the first of each; later ones of the
    same pair go into ``deferred``."""
    done = await issued_attempts(session, attempt_ids)
    owed = await issuance_inputs(session, [a for a in attempt_ids if a not in done])
    chosen: dict[tuple[UUID, str], IssuanceInputs] = {}
    for attempt_id in attempt_ids:
        inputs = owed.get(attempt_id)
        if inputs is None:
            continue
        pair = (inputs.certification.id, inputs.award.learner_id)
        if pair in chosen:
            deferred.add(attempt_id)
        else:
            chosen[pair] = inputs
    return chosen


async def _drafts(
    session: AsyncSession, settings: Settings, plans: Sequence[_Planned], now: datetime
) -> list[_Draft]:
    """Each credential's row (new, or the one it renews) and its unsigned document."""
    fresh = [plan for plan in plans if plan.renewing is None]
    slots = iter(await allocate_slots(session, len(fresh)))
    accounts = await accounts_at_issuance(session, {plan.inputs.award.learner_id for plan in fresh})
    drafts: list[_Draft] = []
    for plan in plans:
        valid_until = _valid_until(plan, now)
        if plan.renewing is not None:
            facts = _renewal_facts(settings, plan, now, valid_until)
            row = plan.renewing
        else:
            slot = next(slots)
            facts = _new_facts(settings, plan, now, valid_until, slot)
            row = _new_row(plan, facts, slot, accounts.get(plan.inputs.award.learner_id))
        inputs = plan.inputs
        unsigned = unsigned_credential(
            settings, inputs.certification, inputs.result, inputs.award, facts
        )
        drafts.append(_Draft(plan, row, valid_until, unsigned))
    return drafts


@dataclass(frozen=True)
class _Draft:
    plan: _Planned
    row: CredentialRow
    valid_until: datetime | None
    unsigned: dict[str, Any]


def _renewal_facts(
    settings: Settings, plan: _Planned, now: datetime, valid_until: datetime | None
) -> CredentialFacts:
    existing = plan.renewing
    assert existing is not None
    return CredentialFacts(
        public_id=existing.public_id,
        subject_id=plan.subject_id,
        valid_from=now,
        valid_until=valid_until,
        awarded_date=existing.awarded_date,
        status=credential_entry(settings, existing.status_list_number, existing.status_index),
    )


def _new_facts(
    settings: Settings,
    plan: _Planned,
    now: datetime,
    valid_until: datetime | None,
    slot: tuple[int, int],
) -> CredentialFacts:
    return CredentialFacts(
        public_id=secrets.token_urlsafe(24),
        subject_id=plan.subject_id,
        valid_from=now,
        valid_until=valid_until,
        awarded_date=now,
        status=credential_entry(settings, *slot),
    )


def _new_row(
    plan: _Planned, facts: CredentialFacts, slot: tuple[int, int], account_id: UUID | None
) -> CredentialRow:
    """The credential's row, without its document and token until they are signed."""
    award = plan.inputs.award
    return CredentialRow(
        public_id=facts.public_id,
        attempt_id=award.attempt_id,
        learner_id=award.learner_id,
        certification_id=plan.inputs.certification.id,
        holder_name=holder_name(award),
        status=CredentialStatus.ACTIVE,
        awarded_date=facts.awarded_date,
        valid_from=facts.valid_from,
        valid_until=facts.valid_until,
        version=1,
        status_list_number=slot[0],
        status_index=slot[1],
        account_id=account_id,
    )


async def _sign_and_store(
    session: AsyncSession,
    settings: Settings,
    drafts: Sequence[_Draft],
    ed25519: SigningKey,
    p256: SigningKey,
    now: datetime,
) -> None:
    """Sign every draft off this process and store each chunk as it comes back, so writing
    one chunk overlaps signing the next."""
    pool = signing_pool(settings.signing_processes)
    chunks = pool.submit([draft.unsigned for draft in drafts], ed25519, p256, now)
    try:
        renewing = [draft.row for draft in drafts if draft.plan.renewing is not None]
        for version in await current_versions(session, renewing):
            version.superseded_at = now
        position = 0
        for chunk in chunks:
            signed = await pool.result(chunk)
            part = drafts[position : position + len(signed)]
            position += len(signed)
            _apply_signed(part, signed, now)
            session.add_all([draft.row for draft in part if draft.plan.renewing is None])
            await session.flush()
            session.add_all(
                [_version(draft.row, draft.plan.inputs.award.attempt_id) for draft in part]
            )
            await session.flush()
    finally:
        for chunk in chunks:  # after a failure, the chunks not awaited are not wanted
            chunk.cancel()


def _apply_signed(
    part: Sequence[_Draft], signed: Sequence[tuple[dict[str, Any], str]], now: datetime
) -> None:
    for draft, (document, token) in zip(part, signed, strict=True):
        row = draft.row
        if draft.plan.renewing is not None:
            row.version += 1
            row.valid_from, row.valid_until = now, draft.valid_until
            row.holder_name = holder_name(draft.plan.inputs.award)
        row.document, row.vc_jwt = document, token


async def _plan(
    session: AsyncSession,
    settings: Settings,
    chosen: dict[tuple[UUID, str], IssuanceInputs],
    now: datetime,
) -> list[_Planned]:
    """Who each credential is for, and which held credential (if any) it renews."""
    holders = await subject_ids(session, settings.secret_key, {learner for _, learner in chosen})
    held = await held_credentials(session, chosen.keys())
    plans = []
    for pair, inputs in chosen.items():
        candidates = [
            HeldCredential(
                ref=row,
                valid_from=row.valid_from,
                valid_until=row.valid_until,
                revoked=row.status == CredentialStatus.REVOKED,
            )
            for row in held.get(pair, [])
        ]
        renewing = credential_to_renew(candidates, now)
        plans.append(
            _Planned(
                inputs=inputs,
                subject_id=holders[inputs.award.learner_id],
                renewing=renewing.ref if renewing is not None else None,
            )
        )
    return plans


def _valid_until(plan: _Planned, now: datetime) -> datetime | None:
    renews_until = plan.renewing.valid_until if plan.renewing is not None else None
    return credential_valid_until(now, plan.inputs.certification.validity_days, renews_until)


def _version(row: CredentialRow, attempt_id: UUID) -> CredentialVersionRow:
    return CredentialVersionRow(
        credential_id=row.id,
        version=row.version,
        attempt_id=attempt_id,
        valid_from=row.valid_from,
        valid_until=row.valid_until,
        document=row.document,
        vc_jwt=row.vc_jwt,
    )
