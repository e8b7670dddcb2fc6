"""The base of the JSON-LD errors that stop a Data Integrity proof from being computed."""

from __future__ import annotations

from credentials.errors import CredentialsError


class JsonLdError(CredentialsError):
    """JSON-LD processing of a document failed or would be unsafe; no proof can be computed.

    Unsafe terms, pyld failures and unpinned contexts all mean the same to a signer or a
    verifier (the document's RDF is not known), so they share this base.
    """
