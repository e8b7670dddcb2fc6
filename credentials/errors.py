"""The one base of every error the credentials core raises.

Each precise error keeps its own type and data (a `BadgeRefused` lists its reasons, an
`InvalidDateTimeError` carries the value); this base lets a caller say "the core refused this
input" once instead of listing a dozen types. It is a `ValueError` because the cause is always
the input given to the core (a document, key, file or timestamp), never the core's own state.
"""

from __future__ import annotations


class CredentialsError(ValueError):
    """Input the credentials core refuses; the subclass and its attributes say what and why."""
