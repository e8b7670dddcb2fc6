"""How credential facts read on the certificate, badge and share image.

Dates are spelt out ("7 March 2026") from a fixed English month list rather than
`strftime("%B")`, which follows the process locale and would make output depend on the
host.
"""

from datetime import date

_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

DOES_NOT_EXPIRE = "Does not expire"


def long_date(day: date) -> str:
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def expiry_phrase(expires_on: date | None) -> str:
    return long_date(expires_on) if expires_on is not None else DOES_NOT_EXPIRE


def tier_display_name(tier: str) -> str:
    """`practitioner` -> `Practitioner`; admin-defined tiers get the same treatment."""
    words = tier.replace("_", " ").replace("-", " ").split()
    return " ".join(word[:1].upper() + word[1:] for word in words)


def tier_label(tier: str) -> str:
    """`expert` -> `EXPERT TIER`, for captions and pills."""
    name = tier_display_name(tier).upper()
    return name if name.endswith("TIER") else f"{name} TIER"
