"""RDF Dataset Canonicalization (RDFC-1.0) of JSON-LD documents, in "safe mode".

A Data Integrity signature covers the RDF statements a document produces, not its JSON text.
JSON-LD silently drops a property whose term no context defines, and an IRI it cannot make
absolute; such data would travel with the credential yet be covered by no signature. Like the
safe mode of other Data Integrity libraries we refuse those documents instead of signing or
verifying them. RDFC-1.0 is the standardised name of URDNA2015; pyld implements it under
that name.
"""

from __future__ import annotations

import re
from typing import Any, cast

from pyld import jsonld

from credentials.proofs.document_loader import (
    DocumentLoader,
    UnknownDocumentError,
    offline_document_loader,
)
from credentials.proofs.errors import JsonLdError
from credentials.proofs.pinned_processing import (
    CachingJsonLdProcessor,
    ProcessingState,
    thread_state,
)


class JsonLdSafetyError(JsonLdError):
    """The document has terms or IRIs that JSON-LD would silently drop."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("JSON-LD safe mode: " + "; ".join(problems))
        self.problems = problems

    def __reduce__(self) -> tuple[type[JsonLdSafetyError], tuple[list[str]]]:
        # Rebuilt from its problems, not its message, when it crosses to another process
        # (credentials are signed in a child process).
        return type(self), (self.problems,)


class JsonLdProcessingError(JsonLdError):
    """pyld could not process the document (bad syntax, protected term redefinition, ...)."""


def _state(loader: DocumentLoader) -> ProcessingState:
    """The thread's long-lived caches for the pinned loader; fresh ones for any other loader
    (whose documents may differ from call to call)."""
    return thread_state() if loader is offline_document_loader else ProcessingState()


def _options(loader: DocumentLoader, state: ProcessingState) -> dict[str, Any]:
    return {"documentLoader": loader, "contextResolver": state.resolver(loader), "base": None}


def _unknown_document_in(error: BaseException) -> UnknownDocumentError | None:
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        if isinstance(current, UnknownDocumentError):
            return current
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return None


def _relative_iris(node: Any, found: list[str]) -> None:
    if isinstance(node, list):
        for item in node:
            _relative_iris(item, found)
        return
    if not isinstance(node, dict):
        return
    for key in ("@id", "@type"):
        values = node.get(key)
        for value in values if isinstance(values, list) else [values]:
            if isinstance(value, str) and not _is_absolute_or_blank(value):
                found.append(f"{key} {value!r} is not an absolute IRI")
    for key, value in node.items():
        if key not in ("@id", "@type", "@value"):
            _relative_iris(value, found)


_ABSOLUTE_IRI_OR_BLANK_NODE = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*|_):\S*$")


def _is_absolute_or_blank(value: str) -> bool:
    return value.startswith("@") or bool(_ABSOLUTE_IRI_OR_BLANK_NODE.match(value))


def expand_strict(
    document: dict[str, Any], loader: DocumentLoader = offline_document_loader
) -> list[Any]:
    """Expand ``document``; raise `JsonLdSafetyError` if any term or IRI would be dropped."""
    return _expand_strict(document, loader, _state(loader))


def _expand_strict(
    document: dict[str, Any], loader: DocumentLoader, state: ProcessingState
) -> list[Any]:
    dropped: list[str] = []
    processor = CachingJsonLdProcessor(
        state, on_property_dropped=lambda term: dropped.append(f"term {term!r} is not defined")
    )
    try:
        expanded = cast(list[Any], processor.expand(document, _options(loader, state)))
    except jsonld.JsonLdError as error:
        unknown = _unknown_document_in(error)
        if unknown is not None:
            raise unknown from error
        raise JsonLdProcessingError(str(error).splitlines()[0]) from error
    problems = list(dropped)
    _relative_iris(expanded, problems)
    if problems:
        raise JsonLdSafetyError(problems)
    return expanded


def canonicalize_rdfc10(
    document: dict[str, Any], loader: DocumentLoader = offline_document_loader
) -> str:
    """Return the canonical N-Quads (RDFC-1.0) of a JSON-LD document, checked in safe mode."""
    state = _state(loader)
    expanded = _expand_strict(document, loader, state)
    options = _options(loader, state) | {
        "algorithm": "URDNA2015",
        "format": "application/n-quads",
    }
    try:
        return CachingJsonLdProcessor(state).normalize_expanded(expanded, options)
    except jsonld.JsonLdError as error:
        raise JsonLdProcessingError(str(error).splitlines()[0]) from error
