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
from typing import Any, Generic, TypeVar

RefT = TypeVar("RefT")


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
