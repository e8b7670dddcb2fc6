"""The start-up warning when the public base URL does not name the served address."""

from __future__ import annotations

import pytest

from service.base_url import base_url_mismatch


@pytest.mark.parametrize(
    ("base", "host", "port"),
    [
        ("http://127.0.0.1:8000", "127.0.0.1", 8000),
        ("http://localhost:8000", "127.0.0.1", 8000),
        ("http://127.0.0.1:8000", "0.0.0.0", 8000),
        ("http://accredo.internal", "accredo.internal", 80),
    ],
)
def test_a_matching_base_url_is_quiet(base: str, host: str, port: int) -> None:
    assert base_url_mismatch(base, host, port) is None


@pytest.mark.parametrize(
    ("base", "host", "port"),
    [
        ("http://127.0.0.1:8000", "127.0.0.1", 8042),
        ("https://credentials.example.org", "127.0.0.1", 8000),
        ("http://10.0.0.5:8000", "127.0.0.1", 8000),
    ],
)
def test_a_different_address_is_named_with_the_fix(base: str, host: str, port: int) -> None:
    warning = base_url_mismatch(base, host, port)
    assert warning is not None
    assert base in warning and f"ACCREDO_PUBLIC_BASE_URL=http://{host}:{port}" in warning
