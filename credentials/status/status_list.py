"""Bitstring Status List documents: the list credential and the entry inside each credential.

The status list credential is built unsigned; sign it with
`credentials.proofs.data_integrity.add_eddsa_rdfc_2022_proof` like any other credential. A
credential points at one bit of one list through a ``BitstringStatusListEntry``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal

from credentials.datetimes import InvalidDateTimeError, format_datetime, parse_datetime
from credentials.proofs import VC_V2_CONTEXT
from credentials.status.bitstring import StatusBitstring, StatusListError

StatusPurpose = Literal["revocation", "suspension"]
STATUS_PURPOSES: tuple[StatusPurpose, ...] = ("revocation", "suspension")


@dataclass(frozen=True, slots=True)
class StatusListEntry:
    """Where a credential's status lives: bit ``index`` of the list at ``list_credential_url``."""

    list_credential_url: str
    index: int
    purpose: StatusPurpose


@dataclass(frozen=True, slots=True)
class StatusList:
    """A decoded status list as a verifier needs it (already trusted by whoever built it)."""

    url: str
    purpose: StatusPurpose
    bitstring: StatusBitstring
    issuer: str | None = None
    valid_from: datetime | None = None
    valid_until: datetime | None = None


def build_status_list_credential(
    *,
    list_credential_url: str,
    issuer: str,
    purpose: StatusPurpose,
    bitstring: StatusBitstring,
    valid_from: datetime,
    valid_until: datetime | None = None,
    ttl: timedelta | None = None,
) -> dict[str, Any]:
    """Build an unsigned ``BitstringStatusListCredential`` for ``bitstring``.

    ``ttl`` tells verifiers how long they may cache the list (written in milliseconds, as
    the spec asks). The subject id is ``<list url>#list``.
    """
    _check_purpose(purpose)
    subject: dict[str, Any] = {
        "id": f"{list_credential_url}#list",
        "type": "BitstringStatusList",
        "statusPurpose": purpose,
        "encodedList": bitstring.encode(),
    }
    if ttl is not None:
        subject["ttl"] = int(ttl.total_seconds() * 1000)
    credential: dict[str, Any] = {
        "@context": [VC_V2_CONTEXT],
        "id": list_credential_url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer,
        "validFrom": format_datetime(valid_from),
    }
    if valid_until is not None:
        credential["validUntil"] = format_datetime(valid_until)
    credential["credentialSubject"] = subject
    return credential


def build_status_list_entry(entry: StatusListEntry) -> dict[str, Any]:
    """Build the ``credentialStatus`` value; the index is a string, as the W3C spec writes it."""
    _check_purpose(entry.purpose)
    if entry.index < 0:
        raise StatusListError("a status list index cannot be negative")
    return {
        "id": f"{entry.list_credential_url}#{entry.index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": entry.purpose,
        "statusListIndex": str(entry.index),
        "statusListCredential": entry.list_credential_url,
    }


def read_status_list_entries(credential: dict[str, Any]) -> list[StatusListEntry]:
    """Return the ``BitstringStatusListEntry`` values of a credential (none, one, or several).

    ``statusListIndex`` may be a decimal string (W3C) or a JSON number (1EdTech fixtures).
    Entries of other types raise `StatusListError`: an unknown status mechanism cannot be
    checked, so it must not be mistaken for "not revoked".
    """
    raw = credential.get("credentialStatus")
    if raw is None:
        return []
    entries = raw if isinstance(raw, list) else [raw]
    result: list[StatusListEntry] = []
    for entry in entries:
        if not isinstance(entry, dict) or entry.get("type") != "BitstringStatusListEntry":
            kind = entry.get("type") if isinstance(entry, dict) else type(entry).__name__
            raise StatusListError(f"unsupported credentialStatus type {kind!r}")
        url = entry.get("statusListCredential")
        if not isinstance(url, str) or not url:
            raise StatusListError("credentialStatus has no statusListCredential URL")
        result.append(
            StatusListEntry(
                list_credential_url=url,
                index=_parse_index(entry.get("statusListIndex")),
                purpose=_check_purpose(entry.get("statusPurpose")),
            )
        )
    return result


def read_status_list_credential(document: dict[str, Any]) -> StatusList:
    """Decode a ``BitstringStatusListCredential`` (its proof must be checked separately)."""
    types = document.get("type")
    if not isinstance(types, list) or "BitstringStatusListCredential" not in types:
        raise StatusListError("not a BitstringStatusListCredential")
    subject = document.get("credentialSubject")
    if not isinstance(subject, dict) or subject.get("type") != "BitstringStatusList":
        raise StatusListError("the credentialSubject is not a BitstringStatusList")
    issuer = document.get("issuer")
    issuer_id = issuer.get("id") if isinstance(issuer, dict) else issuer
    try:
        valid_from = parse_datetime(document["validFrom"]) if "validFrom" in document else None
        valid_until = parse_datetime(document["validUntil"]) if "validUntil" in document else None
    except InvalidDateTimeError as error:
        raise StatusListError(str(error)) from error
    return StatusList(
        url=str(document.get("id", "")),
        purpose=_check_purpose(subject.get("statusPurpose")),
        bitstring=StatusBitstring.decode(subject.get("encodedList")),
        issuer=issuer_id if isinstance(issuer_id, str) else None,
        valid_from=valid_from,
        valid_until=valid_until,
    )


def _parse_index(value: object) -> int:
    if isinstance(value, bool):
        raise StatusListError("statusListIndex must be a number")
    if isinstance(value, int):
        index = value
    elif isinstance(value, str) and value.isascii() and value.isdigit():
        index = int(value)
    else:
        raise StatusListError(f"statusListIndex is not a non-negative integer: {value!r}")
    if index < 0:
        raise StatusListError("statusListIndex cannot be negative")
    return index


def _check_purpose(value: object) -> StatusPurpose:
    if value == "revocation":
        return "revocation"
    if value == "suspension":
        return "suspension"
    raise StatusListError(f"statusPurpose must be 'revocation' or 'suspension', not {value!r}")


_PAIRED_LIST_URL = re.compile(
    r"^(?P<base>.+/status-lists/)(?P<purpose>revocation|suspension)/(?P<n>\d+)$"
)


def paired_entries(entries: list[StatusListEntry]) -> list[StatusListEntry]:
    """The entries at the same index of the paired list of each of ``entries``.

    Accredo keeps a revocation list and a suspension list with the same numbers and indexes
    (``.../status-lists/{revocation|suspension}/{n}``) but a credential names only one (the
    official schema allows one ``credentialStatus``). An issuer-aware verifier reads the pair so
    it can tell revoked from suspended whichever list the credential names. Entries whose URL
    does not have that shape have no pair.
    """
    paired: list[StatusListEntry] = []
    for entry in entries:
        match = _PAIRED_LIST_URL.match(entry.list_credential_url)
        if match is None:
            continue
        other: StatusPurpose = "suspension" if match["purpose"] == "revocation" else "revocation"
        url = f"{match['base']}{other}/{match['n']}"
        paired.append(StatusListEntry(url, entry.index, other))
    return paired
