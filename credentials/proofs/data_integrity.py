"""Data Integrity proofs with the ``eddsa-rdfc-2022`` cryptosuite (W3C Data Integrity EdDSA 1.0).

How a proof is made, and why each step exists:

1. The proof configuration (the proof without ``proofValue``) gets the document's
   ``@context``, so its terms mean what the document's terms mean.
2. Both the configuration and the document (without ``proof``) are canonicalized with
   RDFC-1.0 to N-Quads: the signature covers meaning, not JSON spelling or key order.
3. hash data = SHA-256(canonical proof configuration) || SHA-256(canonical document).
4. ``proofValue`` = ``z`` + base58btc(Ed25519 signature over the hash data).

Verification repeats 1-3 from the received document and checks the signature with the key
that the caller resolves from ``verificationMethod``. Whether that key belongs to the issuer
is a separate question answered by `credentials.verification`.
"""

from __future__ import annotations

import copy
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from credentials.datetimes import InvalidDateTimeError, format_datetime, parse_datetime
from credentials.errors import CredentialsError
from credentials.keys import (
    InvalidMultibaseError,
    decode_multibase_base58btc,
    encode_multibase_base58btc,
)
from credentials.proofs.document_loader import (
    DocumentLoader,
    offline_document_loader,
)
from credentials.proofs.errors import JsonLdError
from credentials.proofs.rdf_canonicalization import (
    canonicalize_rdfc10,
)

PROOF_TYPE = "DataIntegrityProof"
CRYPTOSUITE = "eddsa-rdfc-2022"

PublicKeyResolver = Callable[[str], Ed25519PublicKey | None]
"""Maps a ``verificationMethod`` URL to its Ed25519 public key, or None when unknown."""


class ProofError(CredentialsError):
    """A document cannot be given a proof (for example it already carries one)."""


@dataclass(frozen=True, slots=True)
class ProofCheck:
    """Outcome of checking one document's proofs; ``reason`` says why in words."""

    ok: bool
    reason: str
    verification_method: str | None = None
    created: datetime | None = None


def eddsa_rdfc_2022_hash_data(
    unsecured: dict[str, Any],
    proof_options: dict[str, Any],
    loader: DocumentLoader = offline_document_loader,
) -> bytes:
    """Return SHA-256(canonical proof config) || SHA-256(canonical document): the signed bytes."""
    proof_config = {k: v for k, v in proof_options.items() if k != "proofValue"}
    proof_config["@context"] = unsecured["@context"]
    proof_hash = hashlib.sha256(canonicalize_rdfc10(proof_config, loader).encode("utf-8"))
    document_hash = hashlib.sha256(canonicalize_rdfc10(unsecured, loader).encode("utf-8"))
    return proof_hash.digest() + document_hash.digest()


def add_eddsa_rdfc_2022_proof(
    unsecured: dict[str, Any],
    private_key: Ed25519PrivateKey,
    verification_method: str,
    created: datetime,
    proof_purpose: str = "assertionMethod",
    loader: DocumentLoader = offline_document_loader,
) -> dict[str, Any]:
    """Return a copy of ``unsecured`` with one ``DataIntegrityProof`` in a ``proof`` array.

    The array form is what the official Open Badges JSON Schema requires. Raises
    `JsonLdSafetyError` when some of the document would not be covered by the signature, and
    `ProofError` when the document already has a proof (adding to a proof set is not needed
    here and would leave the old proof unsigned by the new one).
    """
    if "proof" in unsecured:
        raise ProofError("the document already has a proof; sign the unsecured document")
    if "@context" not in unsecured:
        raise ProofError("the document has no @context")
    proof: dict[str, Any] = {
        "type": PROOF_TYPE,
        "created": format_datetime(created),
        "verificationMethod": verification_method,
        "cryptosuite": CRYPTOSUITE,
        "proofPurpose": proof_purpose,
    }
    signature = private_key.sign(eddsa_rdfc_2022_hash_data(unsecured, proof, loader))
    proof["proofValue"] = encode_multibase_base58btc(signature)
    secured = copy.deepcopy(unsecured)
    secured["proof"] = [proof]
    return secured


def verify_eddsa_rdfc_2022_proof(
    secured: dict[str, Any],
    public_key_for: PublicKeyResolver,
    expected_proof_purpose: str = "assertionMethod",
    now: datetime | None = None,
    loader: DocumentLoader = offline_document_loader,
) -> ProofCheck:
    """Check every proof on ``secured``; all must be valid ``eddsa-rdfc-2022`` proofs.

    ``now``, when given, rejects a proof whose ``expires`` has passed. Never raises for bad
    input: a malformed document is a failed check with a reason.
    """
    proofs = secured.get("proof") if isinstance(secured, dict) else None
    if isinstance(proofs, dict):
        proofs = [proofs]
    if not isinstance(proofs, list) or not proofs:
        return ProofCheck(False, "the document has no proof")
    unsecured = {k: v for k, v in secured.items() if k != "proof"}
    last = ProofCheck(False, "no proof checked")
    for proof in proofs:
        last = _verify_one(unsecured, proof, public_key_for, expected_proof_purpose, now, loader)
        if not last.ok:
            return last
    return last


def _verify_one(
    unsecured: dict[str, Any],
    proof: object,
    public_key_for: PublicKeyResolver,
    expected_proof_purpose: str,
    now: datetime | None,
    loader: DocumentLoader,
) -> ProofCheck:
    if not isinstance(proof, dict):
        return ProofCheck(False, "a proof is not a JSON object")
    if proof.get("type") != PROOF_TYPE or proof.get("cryptosuite") != CRYPTOSUITE:
        return ProofCheck(
            False,
            f"unsupported proof type {proof.get('type')!r} / cryptosuite "
            f"{proof.get('cryptosuite')!r}; expected {PROOF_TYPE} / {CRYPTOSUITE}",
        )
    method = proof.get("verificationMethod")
    if not isinstance(method, str) or not method:
        return ProofCheck(False, "the proof has no verificationMethod")
    if proof.get("proofPurpose") != expected_proof_purpose:
        return ProofCheck(
            False,
            f"proofPurpose is {proof.get('proofPurpose')!r}, expected {expected_proof_purpose!r}",
            method,
        )
    created: datetime | None = None
    try:
        if "created" in proof:
            created = parse_datetime(proof["created"])
        if "expires" in proof and now is not None and parse_datetime(proof["expires"]) <= now:
            return ProofCheck(False, f"the proof expired at {proof['expires']}", method, created)
    except InvalidDateTimeError as error:
        return ProofCheck(False, f"bad proof timestamp: {error}", method)
    context_problem = _proof_context_problem(unsecured, proof)
    if context_problem:
        return ProofCheck(False, context_problem, method, created)
    try:
        signature = decode_multibase_base58btc(proof.get("proofValue"))
    except InvalidMultibaseError:
        return ProofCheck(False, "proofValue is not base58btc multibase", method, created)
    if len(signature) != 64:
        return ProofCheck(False, "proofValue is not a 64-byte Ed25519 signature", method, created)
    public_key = public_key_for(method)
    if public_key is None:
        return ProofCheck(False, f"unknown verification method {method}", method, created)
    try:
        hash_data = eddsa_rdfc_2022_hash_data(unsecured, proof, loader)
    except JsonLdError as error:
        return ProofCheck(False, f"cannot canonicalize: {error}", method, created)
    try:
        public_key.verify(signature, hash_data)
    except InvalidSignature:
        return ProofCheck(False, "the signature does not match the document", method, created)
    return ProofCheck(True, "valid eddsa-rdfc-2022 signature", method, created)


def _proof_context_problem(unsecured: dict[str, Any], proof: dict[str, Any]) -> str | None:
    """A proof may carry its own ``@context``; it must then be a prefix of the document's."""
    if "@context" not in unsecured:
        return "the document has no @context"
    if "@context" not in proof:
        return None
    document_context, proof_context = _as_list(unsecured["@context"]), _as_list(proof["@context"])
    if document_context[: len(proof_context)] != proof_context:
        return "the proof @context is not a prefix of the document @context"
    return None


def _as_list(value: object) -> list[object]:
    return value if isinstance(value, list) else [value]
