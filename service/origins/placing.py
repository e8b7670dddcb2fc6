"""Which of our bases a credential was issued under, so our verifiers place its URLs.

A credential names its issuer id (``{base}/issuer``); its keys, status lists and own id sit
under the same base. Our verifiers resolve those URLs locally for the current base and for
each recorded previous origin; an issuer id under none of them keeps the current base, so a
foreign credential is refused exactly as before (its keys and lists are not ours).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from service.keys.urls import issuer_id
from service.settings import Settings


def named_issuer(credential: dict[str, Any] | None) -> str | None:
    issuer = (credential or {}).get("issuer")
    value = issuer.get("id") if isinstance(issuer, dict) else issuer
    return value if isinstance(value, str) else None


def issuing_base(
    settings: Settings, credential: dict[str, Any] | None, previous: Sequence[str]
) -> str:
    """The current base, or the previous origin whose issuer id the credential names."""
    named = named_issuer(credential)
    for base in previous:
        if named is not None and named == issuer_id(settings, base):
            return base
    return settings.public_base_url
