"""Decentralized Identifier syntax, as the W3C DID Core ABNF defines it.

    did                = "did:" method-name ":" method-specific-id
    method-name        = 1*method-char            ; method-char = %x61-7A / DIGIT
    method-specific-id = *( *idchar ":" ) 1*idchar
    idchar             = ALPHA / DIGIT / "." / "-" / "_" / pct-encoded

Only a bare DID is accepted, never a DID URL (path, query or fragment): a credential
subject is the holder, not a resource of the holder. The check is syntactic; nothing is
resolved, so a holder may use any method.
"""

from __future__ import annotations

import re

MAX_DID_LENGTH = 2048
"""Far above any real method (did:key Ed25519 is 56 characters), small enough to store."""

_IDCHAR = r"(?:[A-Za-z0-9._-]|%[0-9A-Fa-f]{2})"
_DID = re.compile(rf"did:[a-z0-9]+:(?:{_IDCHAR}*:)*{_IDCHAR}+", re.ASCII)


def did_syntax_problem(value: str) -> str | None:
    """Why ``value`` is not a DID, or None when it is one."""
    if len(value) > MAX_DID_LENGTH:
        return f"a DID is at most {MAX_DID_LENGTH} characters"
    if not value.startswith("did:"):
        return "a DID starts with 'did:'"
    if _DID.fullmatch(value) is None:
        return (
            "not a DID: expected did:<method>:<method-specific-id> with a lower-case method "
            "name and an id of letters, digits, '.', '-', '_', ':' or %-escapes"
        )
    return None


def is_did(value: str) -> bool:
    return did_syntax_problem(value) is None
