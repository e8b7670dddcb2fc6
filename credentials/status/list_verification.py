"""Turn a fetched ``BitstringStatusListCredential`` into a trusted `StatusList`.

A verifier that downloads a status list (the CLI does) must not trust its bits before
checking that the issuer signed it and that it is current; otherwise anyone serving the
URL could "un-revoke" a credential. The service, reading its own database, can skip this.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from credentials.keys import KeyResolver
from credentials.proofs import DocumentLoader, offline_document_loader, verify_eddsa_rdfc_2022_proof
from credentials.status.bitstring import StatusListError
from credentials.status.status_list import StatusList, read_status_list_credential

CLOCK_SKEW = timedelta(minutes=5)
"""Tolerated difference between the issuer's clock and ours: a list signed a moment ago by
a server whose clock runs slightly ahead is still usable."""


def verify_status_list_credential(
    document: dict[str, Any],
    key_resolver: KeyResolver,
    now: datetime,
    expected_url: str | None = None,
    loader: DocumentLoader = offline_document_loader,
) -> StatusList:
    """Check signature, signer, validity period and (optionally) id; return the decoded list.

    Raises `StatusListError` saying what is wrong.
    """
    status_list = read_status_list_credential(document)
    if expected_url is not None and status_list.url != expected_url:
        raise StatusListError(f"the status list id is {status_list.url}, expected {expected_url}")

    def ed25519_key(method: str) -> Ed25519PublicKey | None:
        resolved = key_resolver(method)
        if resolved is None or not isinstance(resolved.public_key, Ed25519PublicKey):
            return None
        return resolved.public_key

    check = verify_eddsa_rdfc_2022_proof(document, ed25519_key, now=now, loader=loader)
    if not check.ok or check.verification_method is None:
        raise StatusListError(f"the status list proof is invalid: {check.reason}")
    key = key_resolver(check.verification_method)
    if key is None or key.controller != status_list.issuer:
        raise StatusListError("the status list is not signed by its issuer")
    if key.revoked is not None and (check.created is None or check.created >= key.revoked):
        raise StatusListError("the status list was signed with a revoked key")
    if status_list.valid_from is not None and now + CLOCK_SKEW < status_list.valid_from:
        raise StatusListError("the status list is not valid yet")
    if status_list.valid_until is not None and now >= status_list.valid_until:
        raise StatusListError("the status list is out of date")
    return status_list
