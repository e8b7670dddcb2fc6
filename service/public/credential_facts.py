"""What a credential document states about itself, read defensively for display.

The public page and the verify-a-file page show names from the signed document (so an old
version shows the names it was issued with). Nothing here is trusted until the verification
report says so; a missing or odd field reads as ``None``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from credentials import InvalidDateTimeError, parse_datetime


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _text(value: Any) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def subject(document: dict[str, Any]) -> dict[str, Any]:
    value = document.get("credentialSubject")
    if isinstance(value, list):
        value = value[0] if value else None
    return _dict(value)


def achievement(document: dict[str, Any]) -> dict[str, Any]:
    return _dict(subject(document).get("achievement"))


def holder_name(document: dict[str, Any]) -> str | None:
    """The subject's plain (unhashed) name identifier, as OB 3.0 carries a display name."""
    identifiers = subject(document).get("identifier")
    for identifier in identifiers if isinstance(identifiers, list) else []:
        item = _dict(identifier)
        if item.get("identityType") == "name" and item.get("hashed") is False:
            return _text(item.get("identityHash"))
    return _text(subject(document).get("name"))


def achievement_name(document: dict[str, Any]) -> str | None:
    return _text(achievement(document).get("name")) or _text(document.get("name"))


def achievement_description(document: dict[str, Any]) -> str | None:
    return _text(achievement(document).get("description"))


def criteria(document: dict[str, Any]) -> str | None:
    return _text(_dict(achievement(document).get("criteria")).get("narrative"))


def image_url(value: Any) -> str | None:
    """An OB 3.0 ``image``: a URL string or an ``Image`` object with an ``id``."""
    if isinstance(value, str):
        return _text(value)
    return _text(_dict(value).get("id"))


def issuer(document: dict[str, Any]) -> dict[str, Any]:
    value = document.get("issuer")
    return {"id": value} if isinstance(value, str) else _dict(value)


def issuer_name(document: dict[str, Any]) -> str | None:
    return _text(issuer(document).get("name"))


def issuer_image(document: dict[str, Any]) -> str | None:
    return image_url(issuer(document).get("image"))


def datetime_field(document: dict[str, Any], name: str) -> datetime | None:
    try:
        value = document.get(name)
        return parse_datetime(value) if value is not None else None
    except InvalidDateTimeError:
        return None
