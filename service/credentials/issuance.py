"""Issue one credential version for one passing attempt, signed and stored.

Exactly-once comes from the database, not from the worker: ``credential_versions.attempt_id``
is unique, each attempt is issued inside a savepoint, and a unique violation means another
worker (or a retry) already issued it. Which outbox rows to issue, one transaction each, and
what happens when one fails, is ``service.credentials.outbox``.

Renewal: a pass for a certification whose holder still has an unexpired, unrevoked credential
re-issues that credential (same id, same status slot, original ``awardedDate``) as a new
version valid until the current ``validUntil`` plus the validity period; the previous version
is kept and marked superseded. The retake policy on the exam side decides when a learner may
sit again (the renewal window); issuance honours any pass.
"""

from __future__ import annotations

import logging
import secrets
from datetime import datetime
from functools import partial
from typing import Any
from uuid import UUID

from anyio import to_thread
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from credentials import HeldCredential, credential_to_renew, credential_valid_until
from service.accounts.services import account_at_issuance
from service.credentials.document import CredentialFacts, holder_name, sign, unsigned_credential
from service.credentials.states import CredentialStatus
from service.credentials.status_lists import allocate_slot, credential_entry
from service.credentials.store import already_issued, issuance_inputs
from service.credentials.subject_ids import subject_id
from service.credentials.values import Certification
from service.db.models import CredentialRow, CredentialVersionRow
from service.keys.services import SigningKey, active_signing_key
from service.settings import Settings
from service.webhooks.emit import credential_changed
from service.webhooks.events import EventType

logger = logging.getLogger("accredo.credentials")
RETRIES = 3


async def issue_with_retries(
    session: AsyncSession, settings: Settings, attempt_id: UUID, now: datetime
) -> bool:
    """Issue for the attempt unless done already; True when a credential version was made.

    Runs in the caller's transaction; the caller commits. Anything but a lost race propagates.
    """
    for _ in range(RETRIES):
        if await already_issued(session, attempt_id):
            return False
        try:
            async with session.begin_nested():
                return await issue_for_attempt(session, settings, attempt_id, now)
        except IntegrityError:
            logger.info("issuance of attempt %s raced another writer; re-checking", attempt_id)
    return False


def _valid_until(
    certification: Certification, now: datetime, renewing: CredentialRow | None = None
) -> datetime | None:
    renews_until = renewing.valid_until if renewing is not None else None
    return credential_valid_until(now, certification.validity_days, renews_until)


async def _renewable(
    session: AsyncSession, certification_id: UUID, learner_id: str, now: datetime
) -> CredentialRow | None:
    rows = await session.scalars(
        select(CredentialRow).where(
            CredentialRow.certification_id == certification_id,
            CredentialRow.learner_id == learner_id,
        )
    )
    held = [
        HeldCredential(
            ref=row,
            valid_from=row.valid_from,
            valid_until=row.valid_until,
            revoked=row.status == CredentialStatus.REVOKED,
        )
        for row in rows.all()
    ]
    renewed = credential_to_renew(held, now)
    return renewed.ref if renewed is not None else None


async def issue_for_attempt(
    session: AsyncSession, settings: Settings, attempt_id: UUID, now: datetime
) -> bool:
    """Issue (or renew) for one attempt; False when the attempt did not pass.

    Times are whole seconds, as the credential writes them, so the row and document agree.
    """
    now = now.replace(microsecond=0)
    inputs = await issuance_inputs(session, attempt_id)
    if inputs is None:
        return False
    award, certification, result = inputs.award, inputs.certification, inputs.result
    ed25519 = await active_signing_key(session, settings, "Ed25519")
    p256 = await active_signing_key(session, settings, "P-256")
    holder = await subject_id(session, settings.secret_key, award.learner_id)
    existing = await _renewable(session, certification.id, award.learner_id, now)
    valid_until = _valid_until(certification, now, existing)
    if existing is not None:
        facts = CredentialFacts(
            public_id=existing.public_id,
            subject_id=holder,
            valid_from=now,
            valid_until=valid_until,
            awarded_date=existing.awarded_date,
            status=credential_entry(settings, existing.status_list_number, existing.status_index),
        )
        document, token = await _signed(
            unsigned_credential(settings, certification, result, award, facts), ed25519, p256, now
        )
        previous = await session.scalar(
            select(CredentialVersionRow).where(
                CredentialVersionRow.credential_id == existing.id,
                CredentialVersionRow.version == existing.version,
            )
        )
        if previous is not None:
            previous.superseded_at = now
        existing.version += 1
        existing.valid_from, existing.valid_until = now, valid_until
        existing.document, existing.vc_jwt = document, token
        existing.holder_name = holder_name(award)
        session.add(_version(existing, award.attempt_id))
        await session.flush()
        await credential_changed(session, settings, existing, EventType.CREDENTIAL_RENEWED, now)
        return True
    number, index = await allocate_slot(session)
    facts = CredentialFacts(
        public_id=secrets.token_urlsafe(24),
        subject_id=holder,
        valid_from=now,
        valid_until=valid_until,
        awarded_date=now,
        status=credential_entry(settings, number, index),
    )
    document, token = await _signed(
        unsigned_credential(settings, certification, result, award, facts), ed25519, p256, now
    )
    row = CredentialRow(
        public_id=facts.public_id,
        attempt_id=award.attempt_id,
        learner_id=award.learner_id,
        certification_id=certification.id,
        holder_name=holder_name(award),
        status=CredentialStatus.ACTIVE,
        awarded_date=now,
        valid_from=now,
        valid_until=valid_until,
        version=1,
        document=document,
        vc_jwt=token,
        status_list_number=number,
        status_index=index,
        account_id=await account_at_issuance(session, award.learner_id),
    )
    session.add(row)
    await session.flush()
    session.add(_version(row, award.attempt_id))
    await session.flush()
    await credential_changed(session, settings, row, EventType.CREDENTIAL_ISSUED, now)
    return True


async def _signed(
    unsigned: dict[str, Any], ed25519: SigningKey, p256: SigningKey, now: datetime
) -> tuple[dict[str, Any], str]:
    """Sign in a worker thread: RDF canonicalisation takes tens of milliseconds of CPU, which
    would otherwise stall every request this process serves."""
    return await to_thread.run_sync(partial(sign, unsigned, ed25519, p256, now))


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
