"""How long a credential is valid, and which earlier credential a new pass renews.

A pass issues a credential valid for the certification's validity period (or for ever when
the certification sets none). A renewal extends validity from the renewed credential's
``validUntil``, not from the day of the pass, so an early renewer loses nothing (as Microsoft's
certification renewals do); a pass after expiry counts from the pass.

When the learner already holds a credential of the same certification that is neither
revoked nor expired, the new pass *renews* it: the same public credential gets a new version
with a new validity period, instead of a second credential beside it. An expired credential
is not renewed (a pass after expiry is a new credential, with a new award date), and a revoked
one never is. Of several candidates the most recently valid one (latest ``valid_from``) is
renewed.

Pure: the caller loads what the learner holds and passes its clock.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Generic, Literal, TypeVar

RefT = TypeVar("RefT")
Phase = Literal["pending", "valid", "expired"]


@dataclass(frozen=True)
class HeldCredential(Generic[RefT]):
    """What the renewal rule needs to know of a credential a learner holds.

    ``ref`` is the caller's handle for it (a row, an id) and is handed back untouched.
    """

    ref: RefT
    valid_from: datetime
    valid_until: datetime | None
    revoked: bool = False


def credential_valid_until(
    valid_from: datetime, validity_days: int | None, renews_until: datetime | None = None
) -> datetime | None:
    """The end of validity of a credential valid from ``valid_from``; None: it never expires.

    ``renews_until`` is the ``validUntil`` of the credential this one renews: while it lies
    ahead, the new period starts there.
    """
    if validity_days is None:
        return None
    start = valid_from
    if renews_until is not None and renews_until > valid_from:
        start = renews_until
    return start + timedelta(days=validity_days)


def has_expired(valid_until: datetime | None, now: datetime) -> bool:
    """Expiry is inclusive: at ``validUntil`` itself the credential is no longer valid."""
    return valid_until is not None and now >= valid_until


def validity_phase(valid_from: datetime, valid_until: datetime | None, now: datetime) -> Phase:
    """Where ``now`` falls in a validity period: before it, inside it, or after it."""
    if now < valid_from:
        return "pending"
    if has_expired(valid_until, now):
        return "expired"
    return "valid"


def renewal_opens_at(
    last_pass: datetime | None,
    validity_days: int | None,
    renewal_window_days: int,
    held_until: datetime | None = None,
) -> datetime | None:
    """When a learner who passed at ``last_pass`` may sit again to renew; None: no such limit.

    None when there is no pass or the certification's credentials never expire. Otherwise the
    window opens ``renewal_window_days`` before the end of the credential that pass earns:
    one period after the pass, or after ``held_until`` (the furthest end the learner held
    *before* that pass) when that lies later, because an early renewal extends the credential
    it renews and renewing early cannot be chained to stack validity.

    The answer depends only on the pass and what was held before it, never on whether
    issuance has run yet: a learner asking twice around the moment the credential is signed
    reads the same date. Issuance counts a new credential from its signing moment, so for a
    first pass the credential ends those few seconds later than this rule counts; for an
    early renewal both count from ``held_until`` and agree exactly.
    """
    valid_until = (
        credential_valid_until(last_pass, validity_days, held_until) if last_pass else None
    )
    if valid_until is None:
        return None
    return valid_until - timedelta(days=renewal_window_days)


def is_renewable(credential: HeldCredential[Any], now: datetime) -> bool:
    """A credential can be renewed at ``now`` when it is not revoked and not yet expired."""
    if credential.revoked:
        return False
    return credential.valid_until is None or credential.valid_until > now


def credential_to_renew(
    held: Iterable[HeldCredential[RefT]], now: datetime
) -> HeldCredential[RefT] | None:
    """The credential a new pass at ``now`` renews, or None when the pass earns a new one."""
    candidates = [credential for credential in held if is_renewable(credential, now)]
    if not candidates:
        return None
    return max(candidates, key=lambda credential: credential.valid_from)
