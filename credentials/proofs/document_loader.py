"""A JSON-LD document loader that only serves contexts pinned inside this package.

Signatures are computed over the RDF that contexts produce, so a context fetched at run time
could change what a signature means (or fail when its host is down). pyld's default loader
fetches from the network; this one never does: an unknown URL raises `UnknownDocumentError`.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Mapping
from functools import cache
from importlib.resources import files
from typing import Any

from credentials.keys import CONTROLLED_IDENTIFIER_CONTEXT, MULTIKEY_CONTEXT
from credentials.proofs.errors import JsonLdError

VC_V2_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB_V3P0_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
OB_V3P0_EXTENSIONS_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json"

PINNED_CONTEXT_FILES: Mapping[str, str] = {
    VC_V2_CONTEXT: "credentials-v2.jsonld",
    OB_V3P0_CONTEXT: "ob-v3p0-context-3.0.3.json",
    OB_V3P0_EXTENSIONS_CONTEXT: "ob-v3p0-extensions.json",
    MULTIKEY_CONTEXT: "multikey-v1.jsonld",
    CONTROLLED_IDENTIFIER_CONTEXT: "cid-v1.jsonld",
}

DocumentLoader = Callable[[str, Any], dict[str, Any]]


class UnknownDocumentError(JsonLdError, LookupError):
    """A JSON-LD processor asked for a document that is not pinned; nothing was fetched."""

    def __init__(self, url: str) -> None:
        super().__init__(
            f"JSON-LD document {url!r} is not pinned in credentials/proofs/contexts and will "
            "not be fetched from the network"
        )
        self.url = url


@cache
def _read_pinned(file_name: str) -> dict[str, Any]:
    text = files("credentials.proofs.contexts").joinpath(file_name).read_text(encoding="utf-8")
    document: dict[str, Any] = json.loads(text)
    return document


def load_pinned_document(url: str) -> dict[str, Any]:
    """Return a fresh copy of a pinned context document, or raise `UnknownDocumentError`."""
    file_name = PINNED_CONTEXT_FILES.get(url)
    if file_name is None:
        raise UnknownDocumentError(url)
    return copy.deepcopy(_read_pinned(file_name))


def make_offline_document_loader(
    extra_documents: Mapping[str, dict[str, Any]] | None = None,
) -> DocumentLoader:
    """Build a pyld loader serving the pinned contexts plus ``extra_documents`` (by exact URL)."""
    extras = dict(extra_documents or {})

    def load(url: str, options: Any = None) -> dict[str, Any]:
        document = copy.deepcopy(extras[url]) if url in extras else load_pinned_document(url)
        return {
            "contentType": "application/ld+json",
            "contextUrl": None,
            "documentUrl": url,
            "document": document,
        }

    return load


offline_document_loader: DocumentLoader = make_offline_document_loader()
"""The default loader: pinned contexts only."""
