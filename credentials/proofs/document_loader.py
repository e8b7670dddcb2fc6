"""A JSON-LD document loader that only serves contexts pinned inside this package.

Signatures are computed over the RDF that contexts produce, so a context fetched at run time
could change what a signature means (or fail when its host is down). pyld's default loader
fetches from the network; this one never does: an unknown URL raises `UnknownDocumentError`.

The loader hands pyld the one parsed copy of each pinned context, tagged ``static`` so that
pyld keeps its resolution for the life of the process instead of loading (and re-keying)
the context on every document. Those shared documents are frozen (their objects are
``frozendict``, which pyld accepts wherever it takes an object); `load_pinned_document`
gives callers a modifiable copy of their own.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Mapping
from functools import cache
from importlib.resources import files
from typing import Any

from frozendict import frozendict

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

    def __reduce__(self) -> tuple[type[UnknownDocumentError], tuple[str]]:
        return type(self), (self.url,)


@cache
def _read_pinned(file_name: str) -> dict[str, Any]:
    """The one shared, parsed copy; its objects are frozen so no caller can change them."""
    text = files("credentials.proofs.contexts").joinpath(file_name).read_text(encoding="utf-8")
    document: dict[str, Any] = json.loads(text, object_hook=frozendict)
    return document


def _shared_pinned(url: str) -> dict[str, Any]:
    file_name = PINNED_CONTEXT_FILES.get(url)
    if file_name is None:
        raise UnknownDocumentError(url)
    return _read_pinned(file_name)


def load_pinned_document(url: str) -> dict[str, Any]:
    """Return a fresh, modifiable copy of a pinned context document, or raise
    `UnknownDocumentError`."""
    document: dict[str, Any] = json.loads(json.dumps(_shared_pinned(url)))
    return document


@cache
def _pinned_object_ids() -> frozenset[int]:
    found: set[int] = set()
    pending: list[Any] = [_read_pinned(name) for name in PINNED_CONTEXT_FILES.values()]
    while pending:
        node = pending.pop()
        if isinstance(node, dict):
            found.add(id(node))
            pending.extend(node.values())
        elif isinstance(node, list):
            found.add(id(node))
            pending.extend(node)
    return frozenset(found)


def is_pinned_context_object(value: object) -> bool:
    """Whether ``value`` is an object or array inside one of the shared pinned documents.

    Those objects are parsed once, never modified and never freed, so a processor may
    remember what it computed from them by identity.
    """
    return id(value) in _pinned_object_ids()


def make_offline_document_loader(
    extra_documents: Mapping[str, dict[str, Any]] | None = None,
) -> DocumentLoader:
    """Build a pyld loader serving the pinned contexts plus ``extra_documents`` (by exact URL)."""
    extras = dict(extra_documents or {})

    def load(url: str, options: Any = None) -> dict[str, Any]:
        if url in extras:
            return _remote_document(url, copy.deepcopy(extras[url]), tag=None)
        return _remote_document(url, _shared_pinned(url), tag="static")

    return load


def _remote_document(url: str, document: dict[str, Any], tag: str | None) -> dict[str, Any]:
    """pyld's remote-document shape; ``tag="static"`` lets pyld keep the resolution."""
    return {
        "contentType": "application/ld+json",
        "contextUrl": None,
        "documentUrl": url,
        "document": document,
        "tag": tag,
    }


offline_document_loader: DocumentLoader = make_offline_document_loader()
"""The default loader: pinned contexts only."""
