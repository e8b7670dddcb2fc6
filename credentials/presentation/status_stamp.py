"""The mark a certificate or share image carries when the credential is not valid.

A PDF or a picture outlives the page it came from: once printed, forwarded or cached by a
social network, only what is drawn on it speaks. So a revoked, suspended, expired or
superseded credential's renders say so in words, with the date, in a band no one can miss
(Accredible stamps expired certificates the same way). Active credentials carry no stamp.
"""

from dataclasses import dataclass
from datetime import date
from typing import Literal

from credentials.presentation.pdf_certificate_wording import long_date

StampKind = Literal["revoked", "suspended", "expired", "superseded", "pending", "not_verified"]

_WORDS: dict[str, tuple[str, str, str, str]] = {
    # kind: (word, how the date reads, what it means, colour)
    "revoked": ("REVOKED", "on", "not valid", "#B91C1C"),
    "suspended": ("SUSPENDED", "on", "not valid", "#B45309"),
    "expired": ("EXPIRED", "on", "not valid", "#9F1239"),
    "superseded": ("SUPERSEDED", "by a renewal on", "see the current version", "#374151"),
    "pending": ("NOT YET VALID", "valid from", "not valid yet", "#374151"),
    "not_verified": ("NOT VERIFIED", "on", "do not rely on it", "#B91C1C"),
}


@dataclass(frozen=True, kw_only=True, slots=True)
class StatusStamp:
    kind: StampKind
    on: date | None = None

    def __post_init__(self) -> None:
        if self.kind not in _WORDS:
            raise ValueError(f"unknown stamp kind {self.kind!r}")

    @property
    def word(self) -> str:
        return _WORDS[self.kind][0]

    @property
    def colour(self) -> str:
        return _WORDS[self.kind][3]

    @property
    def line(self) -> str:
        """``REVOKED on 3 March 2026 · not valid``: the band's text."""
        word, phrase, meaning, _ = _WORDS[self.kind]
        when = f" {phrase} {long_date(self.on)}" if self.on is not None else ""
        return f"{word}{when} · {meaning}"
