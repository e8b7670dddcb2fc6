"""The error table in service.errors: every key names a real class, and the MRO decides."""

from __future__ import annotations

import importlib
from http import HTTPStatus

import pytest

from service.attempts.errors import AttemptClosed, StartRefused
from service.errors import (
    MEANINGS,
    Conflict,
    Invalid,
    Malformed,
    Meaning,
    NotFound,
    ServerFault,
    ServiceError,
    StoredValueCorrupt,
    meaning_of,
    register,
)
from service.keys.errors import SigningKeyMissing


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
