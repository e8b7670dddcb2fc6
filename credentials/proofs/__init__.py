"""Proofs: what makes a credential tamper-evident.

The embedded Data Integrity proof (``eddsa-rdfc-2022``) over RDF canonicalized with pinned
JSON-LD contexts (the ``contexts/`` files, never fetched at run time), and the VC-JWT
(ES256) for JWT-only consumers. Depends on `credentials.keys` for key encodings only.
"""

from credentials.proofs.data_integrity import (
    ProofError,
    add_eddsa_rdfc_2022_proof,
    eddsa_rdfc_2022_hash_data,
    verify_eddsa_rdfc_2022_proof,
)
from credentials.proofs.document_loader import (
    OB_V3P0_CONTEXT,
    OB_V3P0_EXTENSIONS_CONTEXT,
    PINNED_CONTEXT_FILES,
    VC_V2_CONTEXT,
    DocumentLoader,
    UnknownDocumentError,
    load_pinned_document,
    make_offline_document_loader,
    offline_document_loader,
)
from credentials.proofs.errors import JsonLdError
from credentials.proofs.rdf_canonicalization import (
    JsonLdProcessingError,
    JsonLdSafetyError,
    canonicalize_rdfc10,
    expand_strict,
)
from credentials.proofs.vc_jwt import (
    REGISTERED_CLAIMS,
    VcJwtError,
    VerifiedVcJwt,
    decode_vc_jwt,
    encode_vc_jwt,
    read_vc_jwt_header,
)

__all__ = [
    "OB_V3P0_CONTEXT",
    "OB_V3P0_EXTENSIONS_CONTEXT",
    "PINNED_CONTEXT_FILES",
    "REGISTERED_CLAIMS",
    "VC_V2_CONTEXT",
    "DocumentLoader",
    "JsonLdError",
    "JsonLdProcessingError",
    "JsonLdSafetyError",
    "ProofError",
    "UnknownDocumentError",
    "VcJwtError",
    "VerifiedVcJwt",
    "add_eddsa_rdfc_2022_proof",
    "canonicalize_rdfc10",
    "decode_vc_jwt",
    "eddsa_rdfc_2022_hash_data",
    "encode_vc_jwt",
    "expand_strict",
    "load_pinned_document",
    "make_offline_document_loader",
    "offline_document_loader",
    "read_vc_jwt_header",
    "verify_eddsa_rdfc_2022_proof",
]
