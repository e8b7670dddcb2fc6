import hashlib
from importlib.resources import files

import pytest

from credentials.proofs.document_loader import (
    OB_V3P0_CONTEXT,
    PINNED_CONTEXT_FILES,
    VC_V2_CONTEXT,
    UnknownDocumentError,
    load_pinned_document,
    make_offline_document_loader,
    offline_document_loader,
)
from credentials.proofs.rdf_canonicalization import (
    JsonLdProcessingError,
    JsonLdSafetyError,
    canonicalize_rdfc10,
    expand_strict,
)
from tests.unit.credentials.samples import FIXTURES, official_vector

PINNED_SHA256 = {
    "credentials-v2.jsonld": ("59955ced6697d61e03f2b2556febe5308ab16842846f5b586d7f1f7adec92734"),
    "ob-v3p0-context-3.0.3.json": (
        "ef2fa9c7846dce233cc166b43639027278be4ee44f00bb1d45c75de2dd0cd761"
    ),
    "ob-v3p0-extensions.json": ("146f85aa16effd7ca1da8056eb443f53ce1eca8a34186cb062832c0a97d889c3"),
    "multikey-v1.jsonld": "8e6bad2e5b4f0721906a4dcc2f7a894b1215cf9a47014c71e286423860642ff0",
    "cid-v1.jsonld": "ea216ecc1cb02cd39b693dba2250141e270ba0bf95890be107dd9a9e8e43de85",
}


def test_pinned_context_files_are_the_reviewed_copies():
    """Editing a context changes what every signature means; this makes such an edit loud."""
    for file_name, expected in PINNED_SHA256.items():
        data = files("credentials.proofs.contexts").joinpath(file_name).read_bytes()
        assert hashlib.sha256(data).hexdigest() == expected, file_name
    assert set(PINNED_CONTEXT_FILES.values()) == set(PINNED_SHA256)


def test_loader_serves_one_shared_frozen_copy_tagged_static():
    """pyld keeps a ``static`` document's resolution for good; nobody can alter the shared copy."""
    first = offline_document_loader(VC_V2_CONTEXT, {})
    assert first["documentUrl"] == VC_V2_CONTEXT
    assert first["tag"] == "static"
    assert offline_document_loader(VC_V2_CONTEXT, {})["document"] is first["document"]
    with pytest.raises(TypeError):
        first["document"]["@context"]["tampered"] = True
    scoped = first["document"]["@context"]["VerifiableCredential"]["@context"]
    with pytest.raises(TypeError):
        scoped["tampered"] = True
    assert "tampered" not in offline_document_loader(VC_V2_CONTEXT, {})["document"]["@context"]


def test_load_pinned_document_gives_a_modifiable_copy_of_its_own():
    copy = load_pinned_document(VC_V2_CONTEXT)
    copy["@context"]["tampered"] = True
    assert "tampered" not in load_pinned_document(VC_V2_CONTEXT)["@context"]
    assert "tampered" not in offline_document_loader(VC_V2_CONTEXT, {})["document"]["@context"]


def test_extra_documents_are_served_as_fresh_untagged_copies():
    extra = {"https://example.org/ctx": {"@context": {"label": "https://example.org/label"}}}
    loader = make_offline_document_loader(extra)
    served = loader("https://example.org/ctx", {})
    assert served["tag"] is None
    served["document"]["@context"]["label"] = "https://evil.example/label"
    assert loader("https://example.org/ctx", {})["document"] == extra["https://example.org/ctx"]


def test_loader_refuses_unknown_urls_without_fetching():
    with pytest.raises(UnknownDocumentError, match="not pinned"):
        offline_document_loader("https://w3id.org/security/v2", {})


def test_canonicalizing_a_document_with_an_unpinned_context_names_the_url():
    document = {"@context": ["https://schema.org/"], "name": "x"}
    with pytest.raises(UnknownDocumentError) as raised:
        canonicalize_rdfc10(document)
    assert raised.value.url == "https://schema.org/"


def test_extra_documents_can_be_served_by_exact_url():
    extra = {"https://example.org/ctx": {"@context": {"label": "https://example.org/label"}}}
    loader = make_offline_document_loader(extra)
    nquads = canonicalize_rdfc10(
        {"@context": "https://example.org/ctx", "@id": "https://a.example", "label": "x"}, loader
    )
    assert nquads == '<https://a.example> <https://example.org/label> "x" .\n'


def test_document_canonical_form_matches_the_official_vector_byte_for_byte():
    vector = official_vector()
    expected = (FIXTURES / vector["canonicalDocumentFile"]).read_text(encoding="utf-8")
    canonical = canonicalize_rdfc10(vector["unsignedCredential"])
    assert canonical == expected
    assert hashlib.sha256(canonical.encode()).hexdigest() == vector["documentHashHex"]


def test_proof_configuration_canonical_form_matches_the_official_vector():
    vector = official_vector()
    config = vector["proofOptions"] | {"@context": vector["unsignedCredential"]["@context"]}
    expected = (FIXTURES / vector["canonicalProofFile"]).read_text(encoding="utf-8")
    canonical = canonicalize_rdfc10(config)
    assert canonical == expected
    assert hashlib.sha256(canonical.encode()).hexdigest() == vector["proofHashHex"]


def test_undefined_terms_are_refused_instead_of_silently_dropped():
    document = official_vector()["unsignedCredential"]
    document["credentialSubject"]["favouriteColour"] = "green"
    document["level"] = "expert"
    with pytest.raises(JsonLdSafetyError) as raised:
        expand_strict(document)
    assert len(raised.value.problems) == 2


def test_relative_iris_are_refused():
    document = official_vector()["unsignedCredential"]
    document["credentialSubject"]["achievement"]["id"] = "achievements/teamwork"
    with pytest.raises(JsonLdSafetyError, match="not an absolute IRI"):
        canonicalize_rdfc10(document)


def test_redefining_a_protected_term_is_a_processing_error():
    document = official_vector()["unsignedCredential"]
    document["@context"] = [*document["@context"], {"name": "https://evil.example/name"}]
    with pytest.raises(JsonLdProcessingError):
        canonicalize_rdfc10(document)


def test_key_order_and_whitespace_do_not_change_the_canonical_form():
    document = official_vector()["unsignedCredential"]
    reordered = dict(reversed(list(document.items())))
    assert canonicalize_rdfc10(reordered) == canonicalize_rdfc10(document)
    assert OB_V3P0_CONTEXT in document["@context"]


def test_concurrent_canonicalization_while_other_threads_churn_the_context_cache():
    """Threads that flood the resolved-context cache must not break another thread's call."""
    from concurrent.futures import ThreadPoolExecutor

    vector = official_vector()
    expected = (FIXTURES / vector["canonicalDocumentFile"]).read_text(encoding="utf-8")

    def churn(worker: int) -> None:
        for n in range(40):
            canonicalize_rdfc10(
                {
                    "@context": [
                        "https://www.w3.org/ns/credentials/v2",
                        {"note": f"https://example.org/vocab/{worker}/{n}#note"},
                    ],
                    "type": ["VerifiableCredential"],
                    "issuer": "https://example.org/issuer",
                    "validFrom": "2026-01-01T00:00:00Z",
                    "credentialSubject": {"id": "urn:uuid:1", "note": "x"},
                }
            )

    def canonical(_: int) -> str:
        return canonicalize_rdfc10(vector["unsignedCredential"])

    with ThreadPoolExecutor(max_workers=8) as pool:
        churners = [pool.submit(churn, worker) for worker in range(4)]
        results = list(pool.map(canonical, range(40)))
        for future in churners:
            future.result()
    assert results == [expected] * 40


def test_each_thread_resolves_contexts_in_its_own_cache():
    """pyld writes a cache entry and reads it back within one call; a cache shared between
    threads can be emptied by another thread in between, so each thread keeps its own."""
    import threading

    from credentials.proofs.pinned_processing import thread_state

    seen = {}

    def remember(name: str) -> None:
        seen[name] = (thread_state(), thread_state())

    threads = [threading.Thread(target=remember, args=(name,)) for name in ("a", "b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert seen["a"][0] is seen["a"][1]
    assert seen["b"][0] is seen["b"][1]
    assert seen["a"][0] is not seen["b"][0]
