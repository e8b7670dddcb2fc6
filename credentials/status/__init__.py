"""Status: W3C Bitstring Status Lists, for revocation and suspension.

The bitstring and how indexes are drawn, the list credential and the entry each credential
carries, and checking a fetched list before trusting its bits. Depends on `credentials.keys`
(multibase, key resolution) and `credentials.proofs` (the list's own proof).
"""

from credentials.status.bitstring import (
    MIN_STATUS_LIST_SIZE,
    StatusBitstring,
    StatusListError,
    StatusListFullError,
    allocate_index,
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
    "STATUS_PURPOSES",
    "StatusBitstring",
    "StatusList",
    "StatusListEntry",
    "StatusListError",
    "StatusListFullError",
    "StatusPurpose",
    "allocate_index",
    "build_status_list_credential",
    "build_status_list_entry",
    "paired_entries",
    "read_status_list_credential",
    "read_status_list_entries",
    "verify_status_list_credential",
]
