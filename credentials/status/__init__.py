"""Status: W3C Bitstring Status Lists, for revocation and suspension.

The bitstring and how indexes are drawn, the list credential and the entry each credential
carries, and checking a fetched list before trusting its bits. Depends on `credentials.keys`
(multibase, key resolution) and `credentials.proofs` (the list's own proof). The freshness
rule (ttl, ``validUntil``, when to re-sign) lives here too, so the shell only supplies the clock.
"""

from credentials.status.bitstring import (
    MIN_STATUS_LIST_SIZE,
    StatusBitstring,
    StatusListError,
    StatusListFullError,
    allocate_index,
    allocate_indexes,
)
from credentials.status.freshness import (
    STATUS_LIST_RESIGN_SKEW,
    STATUS_LIST_TTL,
    STATUS_LIST_VALIDITY,
    cache_seconds,
    fresh_list_valid_until,
    list_valid_until,
    needs_signing,
)
from credentials.status.list_verification import verify_status_list_credential
from credentials.status.status_list import (
    STATUS_PURPOSES,
    StatusList,
    StatusListEntry,
    StatusPurpose,
    build_status_list_credential,
    build_status_list_entry,
    paired_entries,
    read_status_list_credential,
    read_status_list_entries,
)

__all__ = [
    "MIN_STATUS_LIST_SIZE",
    "STATUS_LIST_RESIGN_SKEW",
    "STATUS_LIST_TTL",
    "STATUS_LIST_VALIDITY",
    "STATUS_PURPOSES",
    "StatusBitstring",
    "StatusList",
    "StatusListEntry",
    "StatusListError",
    "StatusListFullError",
    "StatusPurpose",
    "allocate_index",
    "allocate_indexes",
    "build_status_list_credential",
    "build_status_list_entry",
    "cache_seconds",
    "fresh_list_valid_until",
    "list_valid_until",
    "needs_signing",
    "paired_entries",
    "read_status_list_credential",
    "read_status_list_entries",
    "verify_status_list_credential",
]
