"""The error table in service.errors: every key names a real class, and the MRO decides."""

from __future__ import annotations

import ast
import importlib
from http import HTTPStatus
from pathlib import Path

import pytest

from service.attempts.errors import AttemptClosed, StartRefused
from service.bank.errors import BankNameMissing, ItemIdMismatch, MappingNotJson, UnknownImportFormat
from service.credentials.errors import CredentialFileUnreadable, NoBakedCredential
from service.errors import (
    MEANINGS,
    Conflict,
    Invalid,
    Malformed,
    Meaning,
    NotFound,
    Problem,
    ServerFault,
    ServiceError,
    StoredValueCorrupt,
    meaning_of,
    register,
)
from service.keys.errors import SigningKeyMissing
from service.request_errors import (
    BodyNotJson,
    BodyRejected,
    FileMissing,
    JsonTooDeep,
    ParametersRejected,
)


@pytest.mark.parametrize("key", sorted(MEANINGS))
def test_every_key_names_an_importable_service_error(key: str) -> None:
    module_name, _, class_name = key.rpartition(".")
    cls = getattr(importlib.import_module(module_name), class_name)
    assert issubclass(cls, ServiceError)


@pytest.mark.parametrize(
    ("cls", "status", "slug"),
    [
        (ServiceError, 400, "bad-request"),
        (Malformed, 400, "malformed-request"),
        (NotFound, 404, "not-found"),
        (Conflict, 409, "conflict"),
        (Invalid, 422, "validation-failed"),
        (StartRefused, 409, "attempt-start-refused"),
        (AttemptClosed, 409, "attempt-closed"),
        (SigningKeyMissing, 503, "signing-key-missing"),
        (StoredValueCorrupt, 500, "stored-value-corrupt"),
    ],
)
def test_wire_meanings_are_unchanged(cls: type[ServiceError], status: int, slug: str) -> None:
    assert meaning_of(cls).status == status
    assert meaning_of(cls).slug == slug


def test_an_area_error_takes_its_nearest_ancestors_meaning() -> None:
    class BankGone(NotFound):
        pass

    class Deeper(BankGone):
        pass

    error = Deeper("the bank is gone")
    assert (error.status, error.slug, error.title) == (
        HTTPStatus.NOT_FOUND,
        "not-found",
        "Not found",
    )
    register(BankGone, Meaning(HTTPStatus.GONE, "bank-gone", "Bank gone"))
    try:
        assert Deeper("x").status == HTTPStatus.GONE
        assert NotFound("x").status == HTTPStatus.NOT_FOUND
    finally:
        del MEANINGS[f"{BankGone.__module__}.{BankGone.__qualname__}"]


def test_server_faults_are_5xx() -> None:
    for cls in (ServerFault, StoredValueCorrupt, SigningKeyMissing):
        assert meaning_of(cls).status >= 500


@pytest.mark.parametrize(
    ("error", "status", "slug", "field"),
    [
        (JsonTooDeep("body"), 400, "json-too-deep", "body"),
        (BodyNotJson("Expecting value"), 400, "body-not-json", "body"),
        (
            ParametersRejected([Problem("too long", "learner")]),
            422,
            "parameters-rejected",
            "learner",
        ),
        (BodyRejected([Problem("missing", "name")]), 422, "body-rejected", "name"),
        (FileMissing("no file", "send a file", "file"), 422, "file-missing", "file"),
        (MappingNotJson("Expecting value", 3), 422, "import-mapping-not-json", "mapping"),
        (UnknownImportFormat("xls", ["csv", "qti"]), 422, "unknown-import-format", "format"),
        (BankNameMissing(), 422, "bank-name-missing", "name"),
        (ItemIdMismatch("Q-1", "Q-2"), 422, "item-id-mismatch", "id"),
        (CredentialFileUnreadable("file", "bad PNG"), 422, "credential-file-unreadable", "file"),
        (NoBakedCredential("body"), 422, "no-baked-credential", "body"),
    ],
)
def test_request_errors_have_their_own_meaning_and_name_the_field(
    error: ServiceError, status: int, slug: str, field: str
) -> None:
    assert (error.status, error.slug) == (status, slug)
    assert [problem.field for problem in error.problems] == [field]


def test_errors_carry_their_data() -> None:
    assert MappingNotJson("Expecting value", 3).extra == {"position": 3}
    assert UnknownImportFormat("xls", ["csv", "qti"]).extra == {"formats": ["csv", "qti"]}
    assert ItemIdMismatch("Q-1", "Q-2").extra == {"externalId": "Q-1"}
    assert SigningKeyMissing("Ed25519").extra == {"algorithm": "Ed25519"}
    assert isinstance(SigningKeyMissing("P-256"), ServerFault)


_GENERIC = {"ServiceError", "Malformed", "NotFound", "Conflict", "Invalid", "Forbidden", "TooLarge"}


def _generic_raises(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
            called = node.exc.func
            name = called.id if isinstance(called, ast.Name) else getattr(called, "attr", "")
            if name in _GENERIC:
                found.append(f"{path}:{node.lineno} raises {name}")
    return found


def test_the_service_raises_errors_named_by_meaning_never_a_bare_status_family() -> None:
    service = Path(__file__).resolve().parents[2] / "service"
    offenders = [hit for path in sorted(service.rglob("*.py")) for hit in _generic_raises(path)]
    assert offenders == []
