"""Plain pyld, as the canonicaliser ran before it was made fast: the reference to compare with.

Canonical N-Quads from ``jsonld.normalize`` with pyld's own processor and nothing of ours but
a loader that serves fresh copies of the pinned context files (read from disk here, not
through `credentials.proofs`), and a hash-data function on top of it. The property test
checks the fast path against this; the issuance benchmark times both.
"""

from __future__ import annotations

import copy
import hashlib
import json
from functools import cache
from pathlib import Path
from typing import Any, cast

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from pyld import jsonld
from pyld.context_resolver import ContextResolver

from credentials.keys import encode_multibase_base58btc
from credentials.proofs import PINNED_CONTEXT_FILES

CONTEXTS = Path(__file__).resolve().parents[2] / "credentials" / "proofs" / "contexts"


@cache
def _parsed(url: str) -> dict[str, Any]:
    return cast(dict[str, Any], json.loads((CONTEXTS / PINNED_CONTEXT_FILES[url]).read_text()))


def copying_loader(url: str, options: Any = None) -> dict[str, Any]:
    """A fresh copy on every call, untagged: pyld caches nothing across documents."""
    return {
        "contentType": "application/ld+json",
        "contextUrl": None,
        "documentUrl": url,
        "document": copy.deepcopy(_parsed(url)),
    }


def plain_canonical_nquads(document: dict[str, Any], shared: dict[Any, Any] | None = None) -> str:
    """RDFC-1.0 N-Quads by pyld alone. ``shared`` is pyld's resolved-context cache to keep
    between calls (as the service kept one per thread); None starts from nothing."""
    options = {
        "algorithm": "URDNA2015",
        "format": "application/n-quads",
        "documentLoader": copying_loader,
        "contextResolver": ContextResolver({} if shared is None else shared, copying_loader),
        "base": None,
    }
    return cast(str, jsonld.normalize(jsonld.expand(document, options), options))


def plain_hash_data(
    unsecured: dict[str, Any], proof: dict[str, Any], shared: dict[Any, Any] | None = None
) -> bytes:
    config = {k: v for k, v in proof.items() if k != "proofValue"}
    config["@context"] = unsecured["@context"]
    proof_hash = hashlib.sha256(plain_canonical_nquads(config, shared).encode()).digest()
    document_hash = hashlib.sha256(plain_canonical_nquads(unsecured, shared).encode()).digest()
    return proof_hash + document_hash


def plain_proof_value(
    unsecured: dict[str, Any],
    proof: dict[str, Any],
    key: Ed25519PrivateKey,
    shared: dict[Any, Any] | None = None,
) -> str:
    """The ``proofValue`` plain pyld gives the same document and proof options."""
    return encode_multibase_base58btc(key.sign(plain_hash_data(unsecured, proof, shared)))
