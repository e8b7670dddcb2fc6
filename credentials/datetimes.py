"""XML Schema dateTime values as Verifiable Credentials write them.

Credentials are compared byte for byte after canonicalization, so every timestamp we write
has one spelling: UTC, whole seconds, a trailing ``Z`` (``2010-01-01T19:23:24Z``).
Reading is more lenient: any RFC 3339 timestamp that carries a timezone is accepted.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from credentials.errors import CredentialsError

_RFC3339 = re.compile(
    r"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$",
)


class InvalidDateTimeError(CredentialsError):
    """A timestamp is not an RFC 3339 date-time with a timezone."""

    def __init__(self, value: object) -> None:
        super().__init__(f"not an RFC 3339 date-time with a timezone: {value!r}")
        self.value = value

    def __reduce__(self) -> tuple[type[InvalidDateTimeError], tuple[object]]:
        return type(self), (self.value,)


def format_datetime(moment: datetime) -> str:
    """Return ``moment`` as ``YYYY-MM-DDTHH:MM:SSZ`` in UTC; naive datetimes are refused."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise InvalidDateTimeError(moment)
    return moment.astimezone(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_datetime(value: object) -> datetime:
    """Parse an RFC 3339 date-time that names its timezone; return it as an aware datetime."""
    if not isinstance(value, str) or not _RFC3339.match(value):
        raise InvalidDateTimeError(value)
    normalized = value.upper().replace("Z", "+00:00")
    try:
        return datetime.fromisoformat(normalized)
    except ValueError as error:
        raise InvalidDateTimeError(value) from error


def is_datetime(value: object) -> bool:
    """Tell whether ``value`` would be accepted by `parse_datetime`."""
    try:
        parse_datetime(value)
    except InvalidDateTimeError:
        return False
    return True
