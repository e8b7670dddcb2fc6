"""The fast canonicaliser against plain pyld, and the caches that make it fast.

The official vector (test_document_loader_and_canonicalization, test_data_integrity) pins one
document byte for byte; here hypothesis varies the documents (names, achievements, dates,
unicode, every optional field on or off, extra inline contexts) and demands the same N-Quads
and the same signature from plain pyld.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pyld import jsonld

from credentials.achievement_credential import build_achievement_credential
from credentials.credential_model import (
    Achievement,
    HashedEmail,
    IssuerProfile,
    Result,
    ResultDescription,
    Subject,
)
from credentials.proofs import VC_V2_CONTEXT
from credentials.proofs.data_integrity import add_eddsa_rdfc_2022_proof
from credentials.proofs.document_loader import offline_document_loader
from credentials.proofs.pinned_processing import (
    BoundedCache,
    CachingJsonLdProcessor,
    ProcessingState,
)
from credentials.proofs.rdf_canonicalization import canonicalize_rdfc10
from credentials.status import StatusListEntry
from tests.support.plain_pyld import copying_loader, plain_canonical_nquads, plain_proof_value
from tests.unit.credentials.samples import issuer_key_id, issuer_signing_key, unsigned_credential

TEXT = st.text(min_size=1, max_size=30)
SLUG = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-äöü", min_size=1, max_size=12)
IRI = st.builds(lambda host, path: f"https://{host}.example/{path}", SLUG, SLUG)
URN = st.uuids().map(lambda value: f"urn:uuid:{value}")
EMAIL = st.builds(lambda user, host: f"{user}@{host}.example", SLUG, SLUG)
MOMENT = st.datetimes(
    min_value=datetime(1900, 1, 1), max_value=datetime(2200, 1, 1), timezones=st.just(UTC)
).map(lambda moment: moment.replace(microsecond=0))


@st.composite
def credentials(draw: st.DrawFn) -> dict[str, Any]:
    issuer = IssuerProfile(
        id=draw(IRI),
        name=draw(TEXT),
        url=draw(st.none() | IRI),
        email=draw(st.none() | EMAIL),
        image_url=draw(st.none() | IRI),
    )
    descriptions = draw(
        st.lists(
            st.builds(
                ResultDescription,
                id=IRI,
                name=TEXT,
                result_type=st.sampled_from(["Percent", "ScaledScore", "RawScore"]),
                value_min=st.none() | st.integers(0, 10).map(str),
                value_max=st.none() | st.integers(50, 100).map(str),
                required_value=st.none() | st.decimals(0, 100, places=2).map(str),
            ),
            max_size=2,
            unique_by=lambda description: description.id,
        )
    )
    achievement = Achievement(
        id=draw(IRI),
        name=draw(TEXT),
        description=draw(st.text(max_size=200)),
        criteria_narrative=draw(st.text(max_size=200)),
        image_url=draw(st.none() | IRI),
        image_caption=draw(st.none() | TEXT),
        criteria_url=draw(st.none() | IRI),
        tier=draw(st.none() | st.sampled_from(["foundation", "practitioner", "expert"])),
        achievement_type=draw(st.sampled_from(["Certification", "Badge", "Course"])),
        tags=tuple(draw(st.lists(TEXT, max_size=3))),
        creator=draw(st.none() | st.just(issuer)),
        result_descriptions=tuple(descriptions),
    )
    results = tuple(
        Result(
            description.id,
            draw(st.decimals(0, 100, places=2).map(str)),
            draw(st.none() | st.just("Completed")),
        )
        for description in descriptions
        if draw(st.booleans())
    )
    email = draw(
        st.none()
        | st.builds(HashedEmail, EMAIL, st.text("0123456789abcdef", min_size=4, max_size=8))
    )
    valid_from = draw(MOMENT)
    return build_achievement_credential(
        credential_id=draw(IRI | URN),
        name=draw(TEXT),
        issuer=issuer,
        achievement=achievement,
        subject=Subject(
            id=draw(st.none() | URN | IRI), display_name=draw(st.none() | TEXT), email=email
        ),
        valid_from=valid_from,
        awarded_date=draw(MOMENT),
        valid_until=draw(
            st.none() | st.integers(1, 10_000).map(lambda days: valid_from + timedelta(days=days))
        ),
        results=results,
        status=draw(
            st.none()
            | st.builds(
                StatusListEntry,
                IRI,
                st.integers(0, 131_071),
                st.sampled_from(["revocation", "suspension"]),
            )
        ),
        description=draw(st.none() | st.text(max_size=100)),
    )


@given(credentials())
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_fast_canonical_form_equals_plain_pyld(document: dict[str, Any]) -> None:
    assert canonicalize_rdfc10(document) == plain_canonical_nquads(document)


@given(credentials(), MOMENT, st.sampled_from(["assertionMethod", "authentication"]))
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_fast_signature_equals_plain_pyld(
    document: dict[str, Any], created: datetime, purpose: str
) -> None:
    key = issuer_signing_key()
    (proof,) = add_eddsa_rdfc_2022_proof(document, key, issuer_key_id(), created, purpose)["proof"]
    options = {k: v for k, v in proof.items() if k != "proofValue"}
    assert proof["proofValue"] == plain_proof_value(document, options, key)


@given(
    st.dictionaries(
        st.sampled_from(["note", "label", "score"]),
        st.text(max_size=20) | st.integers() | st.booleans() | st.floats(allow_nan=False),
        min_size=1,
    ),
    SLUG,
)
@settings(max_examples=20, deadline=None)
def test_documents_with_their_own_inline_context_equal_plain_pyld(
    values: dict[str, Any], vocabulary: str
) -> None:
    """Inline contexts are not pinned objects: they go through pyld's own keying, and a
    changed inline context must never be answered from a cache."""
    context = {term: f"https://{vocabulary}.example/vocab#{term}" for term in values}
    document = {
        "@context": [VC_V2_CONTEXT, context],
        "type": ["VerifiableCredential"],
        "issuer": "https://issuer.example",
        "validFrom": "2026-01-01T00:00:00Z",
        "credentialSubject": {"id": "urn:uuid:1", **values},
    }
    assert canonicalize_rdfc10(document) == plain_canonical_nquads(document)


def test_after_the_first_document_no_context_is_processed_again(monkeypatch: Any) -> None:
    """What makes signing fast: pinned contexts, type-scoped ones included, are processed once
    per thread; later documents define no term at all."""

    def canonicalize_in_fresh_thread(documents: list[dict[str, Any]]) -> list[int]:
        counts: list[int] = []
        calls = 0
        original = jsonld.JsonLdProcessor._create_term_definition

        def counting(self: Any, *args: Any, **kwargs: Any) -> Any:
            nonlocal calls
            calls += 1
            return original(self, *args, **kwargs)

        monkeypatch.setattr(jsonld.JsonLdProcessor, "_create_term_definition", counting)

        def run() -> None:
            nonlocal calls
            for document in documents:
                calls = 0
                canonicalize_rdfc10(document)
                counts.append(calls)

        thread = threading.Thread(target=run)
        thread.start()
        thread.join()
        return counts

    documents = [
        unsigned_credential(),
        unsigned_credential(name="Другое имя", credential_id="urn:uuid:2"),
        unsigned_credential(results=(), status=None, description=None),
    ]
    first, *later = canonicalize_in_fresh_thread(documents)
    assert first > 100
    assert later == [0, 0]


def test_type_scoped_contexts_reuse_one_reverting_clone_per_active_context() -> None:
    state = ProcessingState()
    processor = CachingJsonLdProcessor(state)
    loader = offline_document_loader
    options = {"documentLoader": loader, "contextResolver": state.resolver(loader), "base": None}
    document = unsigned_credential()
    processor.expand(document, options)
    clones = dict(state.reverting)
    processor.expand(document, options)
    assert clones and dict(state.reverting) == clones


def test_bounded_cache_empties_when_full_instead_of_growing() -> None:
    cache = BoundedCache(3)
    for key in range(3):
        cache[key] = key
    cache[0] = "replaced"
    assert len(cache) == 3
    cache[3] = 3
    assert cache == {3: 3}


def test_remembered_iri_expansions_keep_vocabulary_and_document_relative_apart() -> None:
    """The same string expands differently as a term (a type) and as an @id value; the
    expansion cache must not answer one with the other (expansion compared with plain pyld)."""
    document = {
        "@context": [VC_V2_CONTEXT],
        "type": ["VerifiableCredential"],
        "credentialSubject": [
            {"type": "VerifiableCredential", "id": "VerifiableCredential"},
            {"id": "VerifiableCredential", "type": "VerifiableCredential"},
        ],
    }
    state = ProcessingState()
    loader = offline_document_loader
    options = {"documentLoader": loader, "contextResolver": state.resolver(loader), "base": None}
    plain = jsonld.expand(document, {"documentLoader": copying_loader, "base": None})
    for _ in range(2):
        assert CachingJsonLdProcessor(state).expand(document, options) == plain
