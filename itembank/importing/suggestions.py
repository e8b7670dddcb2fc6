"""'Did you mean ...?' for misspelt field names and words."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def did_you_mean(word: str, known: Iterable[str]) -> str:
    """` (did you mean 'options'?)`, or an empty string when nothing is close."""
    by_lowercase = {candidate.lower(): candidate for candidate in known}
    matches = difflib.get_close_matches(word.lower(), list(by_lowercase), n=1, cutoff=0.7)
    return f" (did you mean '{by_lowercase[matches[0]]}'?)" if matches else ""
